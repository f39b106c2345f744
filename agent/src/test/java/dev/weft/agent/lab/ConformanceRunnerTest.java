package dev.weft.agent.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The runner end to end over an in-memory lab ({@link FakeLab}): with "perfect enforcement" (the
 * evaluator answers probes) every shared case passes; with no enforcement at all the deny cases
 * fail with their differing cells — so the runner's verdicts do not depend on the real dataplane.
 */
class ConformanceRunnerTest {
    @TempDir
    Path tmp;

    LabDatastore ds;

    @BeforeEach
    void setUp() throws IOException {
        ds = new LabDatastore(Files.createDirectories(tmp.resolve("datastore")));
        // What 'weft-lab up' leaves: Nodes, a leftover Pod and policy, another case's namespace.
        Files.writeString(ds.dir().resolve("node-wlt-node1.yaml"), """
                apiVersion: v1
                kind: Node
                metadata: {name: wlt-node1}
                spec: {podCIDR: 10.244.1.0/24}
                status: {addresses: [{type: InternalIP, address: 172.31.1.2}]}
                """);
        Files.writeString(ds.dir().resolve("node-wlt-node2.yaml"), """
                apiVersion: v1
                kind: Node
                metadata: {name: wlt-node2}
                spec: {podCIDR: 10.244.2.0/24}
                status: {addresses: [{type: InternalIP, address: 172.31.2.2}]}
                """);
    }

    ConformanceRunner runner(FakeLab lab, boolean podsCreatedOnly) {
        return new ConformanceRunner(lab, ds, new ConformanceRunner.Options(podsCreatedOnly, Duration.ZERO, 2, 3), m -> { });
    }

    @ParameterizedTest(name = "pods_created only: {0}")
    @ValueSource(booleans = {false, true})
    void everySharedCasePassesUnderPerfectEnforcement(boolean podsCreatedOnly) throws Exception {
        Path dir = CaseLoaderTest.sharedCases();
        assumeTrue(dir != null, "no shared/conformance/netpol above the working directory");
        FakeLab lab = new FakeLab(ds, FakeLab.Enforcement.EVALUATOR);
        List<String> failed = new ArrayList<>();
        for (Path f : CaseLoader.caseFiles(dir)) {
            CaseResult r = runner(lab, podsCreatedOnly).run(CaseLoader.load(f));
            if (!r.passed()) {
                failed.add(r.line());
            }
            assertThat(r.probes()).as(r.name()).isNotEmpty();
            assertThat(r.probes()).as("%s: cells were checked", r.name()).allSatisfy(p -> assertThat(p.checked()).isPositive());
            assertThat(lab.pods()).as("%s: pods deleted after the case", r.name()).isEmpty();
            assertThat(ds.list("Pod")).isEmpty();
            assertThat(ds.list("NetworkPolicy")).isEmpty();
        }
        assertThat(failed).isEmpty();
    }

    @Test
    void withoutEnforcementDenyCellsFailAfterASecondProbe() throws Exception {
        Path dir = CaseLoaderTest.sharedCases();
        assumeTrue(dir != null);
        FakeLab lab = new FakeLab(ds, FakeLab.Enforcement.NONE);
        CaseResult r = runner(lab, false).run(CaseLoader.load(dir.resolve("01-k8s-default-deny-ingress-tcp.yaml")));
        assertThat(r.passed()).isFalse();
        assertThat(r.line()).startsWith("FAIL default-deny-ingress-tcp step s1 80/TCP: x/a->x/b expected denied got allowed, ");
        assertThat(r.line()).as("loopback ignored").doesNotContain("x/a->x/a");
        assertThat(r.probes().get(0).attempts()).isEqualTo(2);
        assertThat(lab.count("probe")).isEqualTo(2);
        assertThat(lab.count("add")).as("all 9 model pods").isEqualTo(9);
        assertThat(lab.calls).contains("add x/a wlt-node1 {pod=a} [80/TCP/serve-80-tcp]", "add x/b wlt-node2 {pod=b} [80/TCP/serve-80-tcp]");
    }

    @Test
    void podsCreatedOnlyCreatesTheSubset() throws Exception {
        Path dir = CaseLoaderTest.sharedCases();
        assumeTrue(dir != null);
        FakeLab lab = new FakeLab(ds, FakeLab.Enforcement.NONE);
        CaseResult r = runner(lab, true).run(CaseLoader.load(dir.resolve("21-k8s-namespace-label-update.yaml")));
        assertThat(lab.count("add")).isEqualTo(2);
        assertThat(r.line()).isEqualTo("FAIL namespace-label-update step s1 80/TCP: y/a->x/a expected denied got allowed"
                + " (pods_created only: 2 of 9 pods)");
        // Step s2 labelled y; cleanup restored the model's labels.
        assertThat(ds.get("Namespace", "", "y").orElseThrow().body().at("/metadata/labels").toString())
                .isEqualTo("{\"kubernetes.io/metadata.name\":\"y\"}");
    }

    @Test
    void sctpIsCheckedByTheEvaluatorAndSaysSo() throws Exception {
        Path dir = CaseLoaderTest.sharedCases();
        assumeTrue(dir != null);
        FakeLab lab = new FakeLab(ds, FakeLab.Enforcement.NONE);
        CaseResult r = runner(lab, false).run(CaseLoader.load(dir.resolve("47-k8s-ports-sctp.yaml")));
        assertThat(r.line()).isEqualTo("PASS ports-sctp (step s1 81/SCTP: SCTP (evaluator))");
        assertThat(r.probes().get(0).method()).isEqualTo(CaseResult.BY_EVALUATOR);
        assertThat(r.probes().get(0).checked()).isEqualTo(72);
        assertThat(lab.count("probe")).as("no packets for SCTP").isZero();
        assertThat(lab.calls).contains("add x/a wlt-node1 {pod=a} [81/SCTP/serve-81-sctp]");
    }

    @Test
    void placeholdersAreResolvedFromTheRealIpsBeforeApplying() throws Exception {
        Path dir = CaseLoaderTest.sharedCases();
        assumeTrue(dir != null);
        FakeLab lab = new FakeLab(ds, FakeLab.Enforcement.EVALUATOR);
        CaseResult r = runner(lab, false).run(CaseLoader.load(dir.resolve("35-k8s-ipblock-except.yaml")));
        assertThat(r.passed()).as(r.line()).isTrue();
        JsonNode block = lab.policiesAtProbe.get(0).get(0).body().at("/spec/egress/0/to/0/ipBlock");
        assertThat(block.path("cidr").asText()).isEqualTo("0.0.0.0/4");
        assertThat(block.path("except").get(0).asText()).isEqualTo(lab.callsIpOf("x/b") + "/32");
    }

    @Test
    void cleanStateRemovesLeftoversAndPodObjectsMatchTheModel() throws Exception {
        FakeLab lab = new FakeLab(ds, FakeLab.Enforcement.EVALUATOR);
        lab.addPod("old", "p", java.util.Map.of(), List.of(), "wlt-node1");
        ds.put(Manifests.object(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"kind\":\"NetworkPolicy\",\"metadata\":{\"name\":\"left\",\"namespace\":\"x\"},\"spec\":{\"podSelector\":{}}}"),
                "test", false));
        Path f = tmp.resolve("c.yaml");
        Files.writeString(f, CaseLoaderTest.MINIMAL);
        NetpolCase c = CaseLoader.load(f);
        List<String> podObjects = new ArrayList<>();
        FakeLab spy = new FakeLab(ds, FakeLab.Enforcement.EVALUATOR) {
            @Override
            public java.util.Map<String, java.util.Map<String, Boolean>> probe(int port, String protocol) {
                ds.list("Pod").forEach(s -> podObjects.add(s.object().body().toString()));
                return super.probe(port, protocol);
            }
        };
        spy.podNode.putAll(lab.podNode);
        spy.podIp.putAll(lab.podIp);
        CaseResult r = runner(spy, false).run(c);
        assertThat(spy.calls).startsWith("delete old/p");
        assertThat(r.line()).isEqualTo("FAIL minimal step s1 80/TCP: x/a->w/b expected denied got allowed");
        ObjectNode xa = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(podObjects.stream()
                .filter(s -> s.contains("\"namespace\":\"x\"")).findFirst().orElseThrow());
        assertThat(xa.at("/metadata/labels").toString()).as("labels after add_pod_labels").isEqualTo("{\"pod\":\"a\",\"pod2\":\"updated\"}");
        assertThat(xa.at("/spec/containers/0/name").asText()).as("the model's container").isEqualTo("c");
        assertThat(xa.at("/spec/containers/0/ports/1").toString()).isEqualTo("{\"containerPort\":81}");
        assertThat(xa.at("/status/podIP").asText()).startsWith("10.244.1.");
        assertThat(ds.list("Namespace")).extracting(s -> s.object().name()).containsExactlyInAnyOrder("x", "w");
        assertThat(ds.get("Namespace", "", "x").orElseThrow().body().at("/metadata/labels/team").asText()).isEqualTo("red");
    }

    static final String BUG_CASE = """
            name: pod-ip-reuse
            ignore_loopback: true
            model:
              namespaces:
              - {name: x, labels: {kubernetes.io/metadata.name: x}}
              pods:
              - {namespace: x, name: a, labels: {pod: a}, containers: [{name: c, ports: [{name: serve-80-tcp, containerPort: 80, protocol: TCP}]}]}
              - {namespace: x, name: b, labels: {pod: b}, containers: [{name: c, ports: [{name: serve-80-tcp, containerPort: 80, protocol: TCP}]}]}
              - {namespace: x, name: old, labels: {pod: old}, phase: Succeeded, ip_same_as: x/a, containers: [{name: c}]}
              - {namespace: x, name: host, labels: {pod: host}, hostNetwork: true, containers: [{name: c}]}
            policies:
            - id: deny-old
              object:
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {namespace: x, name: deny-old}
                spec: {podSelector: {matchLabels: {pod: old}}, policyTypes: [Ingress]}
            steps:
            - id: s1
              actions: [{op: create_policy, policy: deny-old}]
            - id: s2
              actions: [{op: recreate_pod, pod: x/b}]
            probes:
            - step: s1
              port: 80
              protocol: TCP
              expected:
                x/a: {x/a: denied, x/b: allowed, x/old: allowed, x/host: allowed}
                x/b: {x/a: allowed, x/b: allowed, x/old: denied, x/host: denied}
                x/old: {x/a: allowed, x/b: allowed, x/old: allowed, x/host: allowed}
                x/host: {x/a: denied, x/b: denied, x/old: allowed, x/host: allowed}
            - step: s2
              port: 80
              protocol: TCP
              expected:
                x/a: {x/a: allowed, x/b: allowed, x/old: unasserted, x/host: unasserted}
                x/b: {x/a: allowed, x/b: allowed, x/old: unasserted, x/host: unasserted}
                x/old: {x/a: unasserted, x/b: unasserted, x/old: unasserted, x/host: unasserted}
                x/host: {x/a: unasserted, x/b: unasserted, x/old: unasserted, x/host: unasserted}
            """;

    @Test
    void nonRunningAndHostNetworkPodsAreApiObjectsOnlyAndTheirCellsUnasserted() throws Exception {
        Path f = tmp.resolve("bug.yaml");
        Files.writeString(f, BUG_CASE);
        List<JsonNode> seen = new ArrayList<>();
        FakeLab lab = new FakeLab(ds, FakeLab.Enforcement.EVALUATOR) {
            @Override
            public java.util.Map<String, java.util.Map<String, Boolean>> probe(int port, String protocol) {
                ds.get("Pod", "x", "old").ifPresent(o -> seen.add(o.body()));
                ds.get("Pod", "x", "host").ifPresent(o -> seen.add(o.body()));
                return super.probe(port, protocol);
            }
        };
        CaseResult r = runner(lab, false).run(CaseLoader.load(f));
        assertThat(r.passed()).as(r.line()).isTrue();
        assertThat(r.line()).contains("x/host: hostNetwork unsupported in the lab, its cells unasserted")
                .contains("x/old: phase Succeeded, API object only, its cells unasserted");
        assertThat(lab.count("add")).as("x/a, x/b, then x/b again").isEqualTo(3);
        assertThat(lab.calls).contains("delete x/b");
        JsonNode old = seen.get(0);
        assertThat(old.at("/status/phase").asText()).isEqualTo("Succeeded");
        assertThat(old.at("/status/podIP").asText()).as("ip_same_as x/a").isEqualTo(lab.callsIpOf("x/a"));
        JsonNode host = seen.get(1);
        assertThat(host.at("/spec/hostNetwork").asBoolean()).isTrue();
        assertThat(host.at("/status/podIP").asText()).as("its node's InternalIP").startsWith("172.31.");
        assertThat(ds.list("Pod")).isEmpty();
    }

    @Test
    void aLabFailureFailsTheCaseAndStillCleansUp() throws Exception {
        Path dir = CaseLoaderTest.sharedCases();
        assumeTrue(dir != null);
        FakeLab lab = new FakeLab(ds, FakeLab.Enforcement.EVALUATOR);
        lab.failAdd = "y/b";
        CaseResult r = runner(lab, false).run(CaseLoader.load(dir.resolve("01-k8s-default-deny-ingress-tcp.yaml")));
        assertThat(r.passed()).isFalse();
        assertThat(r.line()).isEqualTo("FAIL default-deny-ingress-tcp error: weft-lab pod add y/b failed (exit 1): CNI ADD failed");
        assertThat(lab.pods()).isEmpty();
        assertThat(ds.list("Pod")).isEmpty();
    }

    @Test
    void anUnresolvablePlaceholderFailsItsStep() throws Exception {
        Path f = tmp.resolve("p.yaml");
        Files.writeString(f, CaseLoaderTest.MINIMAL.replace("spec: {podSelector: {}}",
                "spec: {podSelector: {}, egress: [{to: [{ipBlock: {cidr: '{{hostCIDR w/b}}'}}]}]}"));
        FakeLab lab = new FakeLab(ds, FakeLab.Enforcement.EVALUATOR);
        CaseResult r = runner(lab, true).run(CaseLoader.load(f));
        // pods_created is [x/a], but the placeholder names w/b: it is created too.
        assertThat(lab.count("add")).isEqualTo(2);
        assertThat(r.line()).startsWith("FAIL minimal step s1 80/TCP: x/a->w/b expected denied got allowed");

        Files.writeString(f, CaseLoaderTest.MINIMAL.replace("spec: {podSelector: {}}",
                "spec: {podSelector: {}, egress: [{to: [{ipBlock: {cidr: '{{cidrContaining w/b 99}}'}}]}]}"));
        CaseResult bad = runner(lab, false).run(CaseLoader.load(f));
        assertThat(bad.line()).isEqualTo("FAIL minimal error: step s1: placeholder {{cidrContaining w/b 99}}: "
                + "prefix length out of range 0-32");
        assertThat(ds.list("NetworkPolicy")).isEmpty();
        assertThat(lab.pods()).isEmpty();
    }

    @Test
    void waitsUntilEveryAgentReportsAPolicySyncAfterTheChange() throws Exception {
        Path dir = CaseLoaderTest.sharedCases();
        assumeTrue(dir != null);
        java.util.concurrent.atomic.AtomicLong polls = new java.util.concurrent.atomic.AtomicLong();
        FakeLab lab = new FakeLab(ds, FakeLab.Enforcement.EVALUATOR) {
            @Override
            public java.util.Map<String, Long> policySyncs() {
                long n = polls.incrementAndGet();
                // node1 applies the change on the third poll, node2 already on the second.
                return java.util.Map.of("wlt-node1", n >= 3 ? 8L : 7L, "wlt-node2", n >= 2 ? 4L : 3L);
            }

            @Override
            public synchronized java.util.Map<String, java.util.Map<String, Boolean>> probe(int port, String protocol) {
                calls.add("polls " + polls.get());
                return super.probe(port, protocol);
            }
        };
        CaseResult r = runner(lab, true).run(CaseLoader.load(dir.resolve("01-k8s-default-deny-ingress-tcp.yaml")));
        assertThat(r.passed()).as(r.line()).isTrue();
        String seen = lab.calls.stream().filter(c -> c.startsWith("polls ")).findFirst().orElseThrow();
        assertThat(Long.parseLong(seen.substring(6))).as("probed only after both advanced and stayed put").isGreaterThan(3);
    }
}
