package dev.weft.it.conformance;

import dev.weft.it.lab.Lab;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 4 item 6 with real packets: brings up a two-node lab (prefix {@code wlc-}, the agents
 * already built: {@code up --no-build}), runs {@code weft-lab conformance} over
 * {@code shared/conformance/netpol} (or {@code -Dweft.netpol.cases=DIR}) with
 * {@code --pods-created-only} to stay within about five minutes, prints the runner's per-case lines,
 * and asserts its own results: one line per case, the total line, SCTP reported as checked by the
 * evaluator, the datastore clean afterwards, and every case PASS (which needs the agents' policy
 * enforcement).
 */
class LabConformanceTest {
    static final Pattern TOTAL = Pattern.compile("(?m)^(\\d+) passed, (\\d+) failed$");

    static Path casesDir() {
        String prop = System.getProperty("weft.netpol.cases");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath();
        }
        return Lab.findAbove("shared/conformance/netpol").resolve("shared/conformance/netpol");
    }

    @Test
    void everySharedCasePassesWithRealPackets() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (network namespaces)");
        Path dir = casesDir();
        List<String> caseFiles;
        try (Stream<Path> s = Files.list(dir)) {
            caseFiles = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }
        assertThat(caseFiles).isNotEmpty();
        try (Lab lab = new Lab("wlc-")) {
            lab.lab(Duration.ofMinutes(3), "down"); // leftovers of an earlier run
            lab.labOk("up", "--no-build", "--nodes", "2");
            long start = System.nanoTime();
            Lab.Result r = lab.lab(Duration.ofMinutes(25), "conformance", dir.toString(), "--pods-created-only");
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            System.out.println("weft-lab conformance " + dir + " --pods-created-only (" + seconds + " s, exit "
                    + r.exitCode() + "):\n" + r.stdout());
            if (!r.stderr().isBlank()) {
                System.out.println("stderr:\n" + r.stderr());
            }

            List<String> lines = r.stdout().lines().toList();
            List<String> caseLines = lines.stream().filter(l -> l.startsWith("PASS ") || l.startsWith("FAIL ")).toList();
            assertThat(caseLines).as("one line per case").hasSize(caseFiles.size());
            Matcher total = TOTAL.matcher(r.stdout());
            assertThat(total.find()).as("total line in\n%s", r.stdout()).isTrue();
            int passed = Integer.parseInt(total.group(1));
            int failed = Integer.parseInt(total.group(2));
            assertThat(passed + failed).isEqualTo(caseFiles.size());
            assertThat(caseLines.stream().filter(l -> l.startsWith("FAIL ")).count()).isEqualTo(failed);
            assertThat(r.exitCode()).isEqualTo(failed == 0 ? 0 : 1);
            if (caseFiles.contains("47-k8s-ports-sctp.yaml")) {
                assertThat(caseLines).anySatisfy(l -> assertThat(l).startsWith(l.startsWith("PASS") ? "PASS ports-sctp" : "FAIL ports-sctp")
                        .contains("81/SCTP").contains("SCTP (evaluator)"));
            }
            // Cleanup after the last case: no Pods, no policies left in the datastore.
            try (Stream<Path> s = Files.list(lab.state.resolve("datastore"))) {
                assertThat(s.map(p -> p.getFileName().toString()))
                        .noneMatch(n -> n.startsWith("pod-") || n.startsWith("networkpolicy-"));
            }

            assertThat(caseLines.stream().filter(l -> l.startsWith("FAIL ")).toList())
                    .as("failed cases (policy enforcement must be in force)\n%s", lab.logs())
                    .isEmpty();
        }
    }
}
