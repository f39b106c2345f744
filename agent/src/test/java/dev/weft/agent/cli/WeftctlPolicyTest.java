package dev.weft.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.policy.ReachabilityMatrix;
import dev.weft.policy.input.PodRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeftctlPolicyTest {
    @TempDir
    Path dir;

    private void write(String file, String yaml) throws IOException {
        Files.writeString(dir.resolve(file), yaml);
    }

    private String[] args(String... a) {
        return a;
    }

    @BeforeEach
    void cluster() throws IOException {
        write("cluster.yaml", """
                kind: Namespace
                metadata: {name: x}
                ---
                kind: Namespace
                metadata: {name: y, labels: {team: blue}}
                ---
                kind: Pod
                metadata: {namespace: x, name: a, labels: {app: client}}
                spec: {nodeName: node-1, containers: [{name: c, ports: [{name: http, containerPort: 80}]}]}
                status: {podIP: 10.244.1.2}
                ---
                kind: Pod
                metadata: {namespace: y, name: b, labels: {app: web}}
                spec: {nodeName: node-2, containers: [{name: c, ports: [{name: http, containerPort: 80}]}]}
                status: {podIP: 10.244.2.2}
                """);
    }

    @Test
    void explainNotIsolated() {
        WeftctlRun r = WeftctlRun.of("policy", "explain", "--dir", dir.toString(), "--from", "x/a", "--to", "y/b", "--port", "80");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("""
                ALLOWED x/a (10.244.1.2) -> y/b (10.244.2.2) port 80/TCP
                  egress of x/a: not isolated (no policy selects the Pod for egress)
                  ingress of y/b: not isolated (no policy selects the Pod for ingress)
                """);
        assertThat(r.err()).isEmpty();
    }

    @Test
    void explainNamesThePolicyAndRuleThatAllowedOrTheIsolatingPolicies() throws IOException {
        write("policies.yaml", """
                kind: NetworkPolicy
                metadata: {namespace: y, name: deny-all}
                spec: {podSelector: {}, policyTypes: [Ingress]}
                ---
                kind: NetworkPolicy
                metadata: {namespace: y, name: allow-client}
                spec:
                  podSelector: {matchLabels: {app: web}}
                  ingress:
                  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: x}}, podSelector: {matchLabels: {app: client}}}]
                    ports: [{port: http}]
                """);
        WeftctlRun allowed = WeftctlRun.of("policy", "explain", "--dir", dir.toString(), "--from", "x/a", "--to", "y/b",
                "--port", "80", "--protocol", "TCP");
        assertThat(allowed.exitCode()).isZero();
        assertThat(allowed.out()).startsWith("ALLOWED x/a (10.244.1.2) -> y/b (10.244.2.2) port 80/TCP\n")
                .contains("ingress of y/b: allowed by y/allow-client ingress[0] from[0] ports[0]");

        WeftctlRun denied = WeftctlRun.of("policy", "explain", "--dir", dir.toString(), "--from", "x/a", "--to", "y/b",
                "--port", "81");
        assertThat(denied.out()).startsWith("DENIED x/a (10.244.1.2) -> y/b (10.244.2.2) port 81/TCP\n")
                .contains("egress of x/a: not isolated")
                .contains("ingress of y/b: denied (isolated by y/allow-client, y/deny-all; no rule matches)");

        WeftctlRun udp = WeftctlRun.of("policy", "explain", "--dir", dir.toString(), "--from", "x/a", "--to", "y/b",
                "--port", "80", "--protocol", "UDP");
        assertThat(udp.out()).startsWith("DENIED ");
    }

    @Test
    void explainAcceptsAnOutsideAddress() throws IOException {
        write("policies.yaml", """
                kind: NetworkPolicy
                metadata: {namespace: y, name: from-block}
                spec:
                  podSelector: {}
                  ingress: [{from: [{ipBlock: {cidr: 192.168.0.0/16}}]}]
                """);
        WeftctlRun r = WeftctlRun.of("policy", "explain", "--dir", dir.toString(), "--from", "192.168.3.4", "--to", "y/b",
                "--port", "443");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("ALLOWED 192.168.3.4 -> y/b (10.244.2.2) port 443/TCP\n")
                .contains("egress of 192.168.3.4: not a Pod, not checked")
                .contains("ingress of y/b: allowed by y/from-block ingress[0] from[0]");
    }

    @Test
    void matrixRendersTheUpstreamLayout() throws IOException {
        write("policies.yaml", """
                kind: NetworkPolicy
                metadata: {namespace: y, name: deny-all}
                spec: {podSelector: {}}
                """);
        WeftctlRun r = WeftctlRun.of("policy", "matrix", "--dir", dir.toString(), "--port", "80");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("-\tx/a\ty/b\nx/a\t.\tX\ny/b\t.\t.\n");
    }

    @Test
    void matrixJsonHasCellsIpsAndNodes() {
        WeftctlRun r = WeftctlRun.of("policy", "matrix", "--dir", dir.toString(), "--port", "80", "--json");
        assertThat(r.exitCode()).isZero();
        ReachabilityMatrix m = ReachabilityMatrix.fromJson(r.out());
        assertThat(m.port()).isEqualTo(80);
        assertThat(m.protocol()).isEqualTo("TCP");
        assertThat(m.pods()).extracting(p -> p.pod() + " " + p.ips().get(0).getHostAddress() + " " + p.node())
                .containsExactly("x/a 10.244.1.2 node-1", "y/b 10.244.2.2 node-2");
        assertThat(m.reachable(PodRef.parse("x/a"), PodRef.parse("y/b"))).contains(true);
        assertThat(r.out()).contains("\"reachability\"").contains("\"x/a\" : {");
    }

    @Test
    void aPodWithoutAddressIsUnknownInTheMatrix() throws IOException {
        write("pending.yaml", """
                kind: Pod
                metadata: {namespace: x, name: pending}
                status: {phase: Pending}
                """);
        WeftctlRun r = WeftctlRun.of("policy", "matrix", "--dir", dir.toString(), "--port", "80");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("-\tx/a\tx/pending\ty/b\nx/a\t.\t?\t.\nx/pending\t?\t?\t?\ny/b\t.\t?\t.\n");
    }

    @Test
    void rejectedPoliciesAndObjectsAreWarningsAndTheRestIsEnforced() throws IOException {
        write("policies.yaml", """
                kind: NetworkPolicy
                metadata: {namespace: y, name: bad-cidr}
                spec:
                  podSelector: {}
                  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/33}}]}]
                ---
                kind: NetworkPolicy
                metadata: {namespace: y, name: bad-protocol}
                spec:
                  podSelector: {}
                  ingress: [{ports: [{protocol: ICMP}]}]
                ---
                kind: NetworkPolicy
                metadata: {namespace: x, name: deny-egress}
                spec: {podSelector: {}, policyTypes: [Egress]}
                ---
                kind: Pod
                metadata: {namespace: x, name: broken}
                status: {podIP: not-an-ip}
                """);
        write("garbage.yaml", "kind: [unclosed\n");
        WeftctlRun r = WeftctlRun.of("policy", "matrix", "--dir", dir.toString(), "--port", "80");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("-\tx/a\ty/b\nx/a\t.\tX\ny/b\t.\t.\n");
        assertThat(r.err())
                .contains("warning: rejected garbage.yaml: cannot parse")
                .contains("warning: rejected Pod x/broken (policies.yaml): status.podIP: 'not-an-ip' is not an IP address")
                .contains("warning: NetworkPolicy y/bad-cidr rejected, not enforced: spec.ingress[0].from[0].ipBlock.cidr")
                .contains("warning: NetworkPolicy y/bad-protocol rejected, not enforced: spec.ingress[0].ports[0].protocol");
    }

    @Test
    void usageErrorsExitWithTwo() {
        String d = dir.toString();
        assertThat(WeftctlRun.of().exitCode()).isEqualTo(2);
        assertThat(WeftctlRun.of("policy").exitCode()).isEqualTo(2);
        assertThat(WeftctlRun.of("policy", "matrix", "--dir", d).exitCode()).isEqualTo(2);
        assertThat(WeftctlRun.of("policy", "matrix", "--dir", d, "--port", "0").exitCode()).isEqualTo(2);
        assertThat(WeftctlRun.of("policy", "matrix", "--dir", d, "--port", "http").exitCode()).isEqualTo(2);
        WeftctlRun proto = WeftctlRun.of("policy", "matrix", "--dir", d, "--port", "80", "--protocol", "ICMP");
        assertThat(proto.exitCode()).isEqualTo(2);
        assertThat(proto.err()).contains("--protocol must be TCP, UDP or SCTP, got 'ICMP'");
        assertThat(WeftctlRun.of("policy", "explain", "--dir", d, "--from", "x/a", "--port", "80").exitCode()).isEqualTo(2);
        WeftctlRun from = WeftctlRun.of("policy", "explain", "--dir", d, "--from", "nonsense", "--to", "y/b", "--port", "80");
        assertThat(from.exitCode()).isEqualTo(2);
        assertThat(from.err()).contains("--from must be namespace/name or an IP address, got 'nonsense'");
    }

    @Test
    void errorsExitWithOne() {
        WeftctlRun unknown = WeftctlRun.of("policy", "explain", "--dir", dir.toString(), "--from", "x/a", "--to", "z/q", "--port", "80");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("weftctl: error: unknown Pod z/q");
        WeftctlRun missing = WeftctlRun.of("policy", "matrix", "--dir", dir.resolve("nope").toString(), "--port", "80");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("does not exist or is not a directory");
    }

    @Test
    void dirDefaultsToTheLabDatastore() {
        var cl = Weftctl.commandLine();
        var parsed = cl.parseArgs("policy", "matrix", "--port", "80");
        MatrixCommand m = (MatrixCommand) parsed.subcommand().subcommand().commandSpec().userObject();
        assertThat(m.common.dir).isEqualTo(Path.of("/var/lib/weft-lab/datastore"));
    }
}
