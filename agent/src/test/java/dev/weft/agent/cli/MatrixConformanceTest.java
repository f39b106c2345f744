package dev.weft.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.agent.policy.ReachabilityMatrix;
import dev.weft.policy.input.PodRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code weftctl policy matrix --json} in-process over every case of a directory in the
 * format of {@code shared/conformance/netpol/FORMAT.md}: for each step, the model's Namespaces and
 * Pods and the step's policies are written as YAML into a directory, and each probe's expected
 * matrix is compared with weftctl's. Unasserted cells are skipped, loopback cells when the case says
 * {@code ignore_loopback}; SCTP cells are checked like the others (weftctl evaluates, it sends no
 * packets). The directory is {@code -Dweft.netpol.cases=DIR}, else {@code shared/conformance/netpol}
 * found by walking up from the working directory.
 */
class MatrixConformanceTest {
    @TempDir
    Path tmp;

    static Path casesDir() {
        String prop = System.getProperty("weft.netpol.cases");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/conformance/netpol");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    static List<Path> caseFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> weftctlMatrixMatchesEveryCase() {
        Path dir = casesDir();
        assumeTrue(dir != null && Files.isDirectory(dir), "no shared/conformance/netpol directory above "
                + Path.of("").toAbsolutePath() + " (set -Dweft.netpol.cases=DIR)");
        List<Path> files = caseFiles(dir);
        assertThat(files).as("cases in " + dir).isNotEmpty();
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> runCase(f)));
    }

    private void runCase(Path file) throws IOException {
        NetpolCaseWriter c = new NetpolCaseWriter(file);
        int[] checked = {0};
        List<String> mismatches = differences(c, checked);
        assertThat(checked[0]).as("asserted cells in " + c.name).isPositive();
        assertThat(mismatches).as(c.name + " differing cells").isEmpty();
        System.out.println("PASS " + c.name + " (" + checked[0] + " cells)");
    }

    @Test
    void anyDirectoryOfCasesWorksIncludingNonRunningPodsAndIpReuse() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("other-cases"));
        Path file = dir.resolve("pod-ip-reuse.yaml");
        Files.writeString(file, CASE.replace("$B_TO_A", "allowed"));
        NetpolCaseWriter c = new NetpolCaseWriter(file);
        int[] checked = {0};
        assertThat(differences(c, checked)).isEmpty();
        assertThat(checked[0]).as("x/a -> x/b and x/b -> x/a; loopback ignored").isEqualTo(2);
    }

    @Test
    void aWrongExpectationIsReportedAsADifferingCell() throws IOException {
        Path file = tmp.resolve("wrong.yaml");
        Files.writeString(file, CASE.replace("$B_TO_A", "denied"));
        assertThat(differences(new NetpolCaseWriter(file), new int[1]))
                .containsExactly("step s1 80/TCP x/b -> x/a: expected denied, weftctl allowed");
    }

    /** A bug-style case: a Succeeded Pod holding x/a's old IP is selected by a deny policy; x/a must stay reachable. */
    private static final String CASE = """
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
            probes:
            - step: s1
              port: 80
              protocol: TCP
              expected:
                x/a: {x/a: denied, x/b: allowed, x/old: unasserted, x/host: unasserted}
                x/b: {x/a: $B_TO_A, x/b: allowed, x/old: unasserted, x/host: unasserted}
                x/old: {x/a: unasserted, x/b: unasserted, x/old: unasserted, x/host: unasserted}
                x/host: {x/a: unasserted, x/b: unasserted, x/old: unasserted, x/host: unasserted}
            """;

    private List<String> differences(NetpolCaseWriter c, int[] checkedOut) throws IOException {
        Path ds = Files.createDirectories(tmp.resolve(c.name));
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (JsonNode step : c.steps()) {
            String stepId = step.path("id").asText();
            step.path("actions").forEach(c::apply);
            c.write(ds);
            for (JsonNode probe : c.probes(stepId)) {
                int port = probe.path("port").asInt();
                String protocol = probe.path("protocol").asText("TCP");
                WeftctlRun run = WeftctlRun.of("policy", "matrix", "--dir", ds.toString(), "--port", "" + port,
                        "--protocol", protocol, "--json");
                assertThat(run.exitCode()).as(c.name + " step " + stepId + " stderr: " + run.err()).isZero();
                if (!run.err().isBlank()) {
                    System.out.println(c.name + " step " + stepId + ": " + run.err().strip());
                }
                ReachabilityMatrix m = ReachabilityMatrix.fromJson(run.out());
                for (Iterator<Map.Entry<String, JsonNode>> rows = probe.path("expected").fields(); rows.hasNext(); ) {
                    Map.Entry<String, JsonNode> row = rows.next();
                    for (Iterator<Map.Entry<String, JsonNode>> cells = row.getValue().fields(); cells.hasNext(); ) {
                        Map.Entry<String, JsonNode> cell = cells.next();
                        String from = row.getKey();
                        String to = cell.getKey();
                        String expected = cell.getValue().asText();
                        if (expected.equals("unasserted") || (from.equals(to) && c.ignoreLoopback())) {
                            continue;
                        }
                        assertThat(expected).as(c.name + " cell value").isIn("allowed", "denied");
                        checked++;
                        Optional<Boolean> actual = m.reachable(PodRef.parse(from), PodRef.parse(to));
                        String got = actual.isEmpty() ? "unknown" : actual.get() ? "allowed" : "denied";
                        if (!got.equals(expected)) {
                            mismatches.add("step " + stepId + " " + port + "/" + protocol + " " + from + " -> " + to
                                    + ": expected " + expected + ", weftctl " + got);
                        }
                    }
                }
            }
        }
        checkedOut[0] = checked;
        return mismatches;
    }
}
