package dev.weft.agent.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.agent.lab.NetpolCase.Cell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaseLoaderTest {
    @TempDir
    Path tmp;

    /** {@code shared/conformance/netpol} above the working directory, or null. */
    static Path sharedCases() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("shared/conformance/netpol");
            if (Files.isDirectory(c)) {
                return c;
            }
        }
        return null;
    }

    static final String MINIMAL = """
            name: minimal
            source:
              also_in:
                pods_created: [x/a]
            ignore_loopback: true
            model:
              namespaces:
              - {name: x, labels: {kubernetes.io/metadata.name: x, team: red}}
              pods:
              - namespace: x
                name: a
                labels: {pod: a}
                containers:
                - name: c
                  ports:
                  - {name: serve-80-tcp, containerPort: 80, protocol: TCP}
                  - {containerPort: 81}
              - {namespace: w, name: b, labels: {pod: b}, containers: [{name: c}]}
            policies:
            - id: deny
              object:
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: deny, namespace: x}
                spec: {podSelector: {}}
            steps:
            - id: s1
              actions:
              - {op: create_policy, policy: deny}
              - {op: add_pod_labels, pod: x/a, labels: {pod2: updated}}
              - {op: remove_namespace_labels, namespace: x, keys: [team]}
              - {op: delete_all_policies}
            probes:
            - step: s1
              port: 80
              expected:
                x/a: {x/a: allowed, w/b: denied}
                w/b: {x/a: unasserted, w/b: allowed}
            """;

    @Test
    void readsEveryPartOfACase() throws Exception {
        Path f = write("minimal.yaml", MINIMAL);
        NetpolCase c = CaseLoader.load(f);
        assertThat(c.name()).isEqualTo("minimal");
        assertThat(c.ignoreLoopback()).isTrue();
        assertThat(c.podsCreated()).containsExactly("x/a");
        assertThat(c.namespaces()).extracting(NetpolCase.Namespace::name).containsExactly("x", "w");
        assertThat(c.namespaces().get(0).labels()).containsExactly(Map.entry("kubernetes.io/metadata.name", "x"),
                Map.entry("team", "red"));
        assertThat(c.namespaces().get(1).labels()).as("namespace only named by a pod")
                .containsExactly(Map.entry("kubernetes.io/metadata.name", "w"));
        NetpolCase.Pod a = c.pod("x/a");
        assertThat(a.ports()).containsExactly(new NetpolCase.Port("serve-80-tcp", 80, "TCP"), new NetpolCase.Port(null, 81, "TCP"));
        assertThat(a.sandboxed()).isTrue();
        assertThat(c.pod("w/b").ports()).isEmpty();
        assertThat(c.policies()).containsOnlyKeys("deny");
        assertThat(c.steps()).hasSize(1);
        assertThat(c.steps().get(0).actions()).extracting(NetpolCase.Action::op)
                .containsExactly("create_policy", "add_pod_labels", "remove_namespace_labels", "delete_all_policies");
        assertThat(c.steps().get(0).actions().get(1).labels()).containsExactly(Map.entry("pod2", "updated"));
        assertThat(c.steps().get(0).actions().get(2).keys()).containsExactly("team");
        NetpolCase.Probe p = c.probes().get(0);
        assertThat(p.protocol()).as("default protocol").isEqualTo("TCP");
        assertThat(p.expected().get("x/a")).containsExactly(Map.entry("x/a", Cell.ALLOWED), Map.entry("w/b", Cell.DENIED));
        assertThat(p.expected().get("w/b").get("x/a")).isEqualTo(Cell.UNASSERTED);
        assertThat(c.probesOf("s1")).containsExactly(p);
    }

    @Test
    void readsEverySharedCase() throws Exception {
        Path dir = sharedCases();
        assumeTrue(dir != null, "no shared/conformance/netpol above the working directory");
        List<Path> files = CaseLoader.caseFiles(dir);
        assertThat(files).hasSizeGreaterThanOrEqualTo(26);
        Set<String> names = new HashSet<>();
        for (Path f : files) {
            NetpolCase c = CaseLoader.load(f);
            assertThat(names.add(c.name())).as("unique name %s", c.name()).isTrue();
            assertThat(c.probes()).as(c.name()).isNotEmpty();
            for (NetpolCase.Probe p : c.probes()) {
                assertThat(p.expected().keySet()).as("%s rows are model pods", c.name())
                        .allSatisfy(r -> assertThat(c.pod(r)).isNotNull());
            }
        }
    }

    @Test
    void placeholdersAndPhaseFieldsAreKept() throws Exception {
        Path f = write("bug.yaml", MINIMAL.replace("{namespace: w, name: b, labels: {pod: b}, containers: [{name: c}]}",
                "{namespace: w, name: b, labels: {pod: b}, phase: Succeeded, ip_same_as: x/a, containers: [{name: c}]}\n"
                        + "  - {namespace: w, name: h, hostNetwork: true, containers: [{name: c}]}"));
        NetpolCase c = CaseLoader.load(f);
        assertThat(c.pod("w/b").phase()).isEqualTo("Succeeded");
        assertThat(c.pod("w/b").ipSameAs()).isEqualTo("x/a");
        assertThat(c.pod("w/b").sandboxed()).isFalse();
        assertThat(c.pod("w/h").hostNetwork()).isTrue();
        assertThat(c.pod("w/h").sandboxed()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown op | {op: delete_all_policies} | {op: frobnicate} | unknown op 'frobnicate'",
        "unknown policy id | {op: create_policy, policy: deny} | {op: create_policy, policy: nope} | unknown policy id 'nope'",
        "unknown pod | {op: add_pod_labels, pod: x/a, labels: {pod2: updated}} | {op: add_pod_labels, pod: x/zz, labels: {a: b}} | unknown pod 'x/zz'",
        "unknown namespace | {op: remove_namespace_labels, namespace: x, keys: [team]} | {op: remove_namespace_labels, namespace: q, keys: [a]} | unknown namespace 'q'",
        "labels not a map | {op: add_pod_labels, pod: x/a, labels: {pod2: updated}} | {op: add_pod_labels, pod: x/a, labels: [a]} | labels must be a mapping",
        "bad verdict | 'x/a: {x/a: allowed, w/b: denied}' | 'x/a: {x/a: allowed, w/b: maybe}' | 'maybe' is not allowed, denied or unasserted",
        "bad port | '  port: 80' | '  port: 70000' | port must be 1-65535",
        "bad protocol | '  port: 80' | '  port: 80\n  protocol: ICMP' | protocol must be TCP, UDP or SCTP",
        "unknown step | '- step: s1' | '- step: s9' | unknown step 's9'",
        "duplicate pod | '{namespace: w, name: b,' | '{namespace: x, name: a,' | pod x/a listed twice",
        "pods_created not in model | 'pods_created: [x/a]' | 'pods_created: [x/q]' | x/q is not a model pod",
        "container port | '{containerPort: 81}' | '{containerPort: 0}' | containerPort must be 1-65535",
        "policy without name | 'metadata: {name: deny, namespace: x}' | 'metadata: {namespace: x}' | without metadata.name",
        "no name | 'name: minimal' | 'title: minimal' | missing name",
    })
    void rejectsBrokenCasesNamingTheKey(String what, String from, String to, String message) throws IOException {
        assertThat(MINIMAL).contains(from.replace("\\n", "\n"));
        Path f = write("broken.yaml", MINIMAL.replace(from.replace("\\n", "\n"), to.replace("\\n", "\n")));
        assertThatThrownBy(() -> CaseLoader.load(f)).isInstanceOf(ManifestException.class)
                .hasMessageStartingWith(f.toString()).hasMessageContaining(message);
    }

    @Test
    void rejectsYamlThatIsNotACase() throws IOException {
        Path f = write("list.yaml", "- a\n- b\n");
        assertThatThrownBy(() -> CaseLoader.load(f)).hasMessageContaining("not a case");
        Path g = write("syntax.yaml", "name: [unclosed\n");
        assertThatThrownBy(() -> CaseLoader.load(g)).hasMessageContaining("cannot parse");
        assertThatThrownBy(() -> CaseLoader.caseFiles(tmp.resolve("nope"))).hasMessageContaining("not a directory");
    }

    private Path write(String name, String text) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }
}
