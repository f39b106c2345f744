package dev.weft.policy.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case of {@code shared/conformance/netpol/} (found by walking up from the working
 * directory) through the offline evaluator and compares each probe's matrix, honouring
 * {@code ignore_loopback} and {@code unasserted}. SCTP cells are checked here like any other: the
 * evaluator does not send packets.
 */
class ConformanceCasesTest {

    static Path casesDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/conformance/netpol");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesItsExpectedMatrices() {
        Path dir = casesDir();
        assumeTrue(dir != null, "no shared/conformance/netpol directory above " + Path.of("").toAbsolutePath()
                + ": the conformance cases are not available in this checkout");
        List<NetpolCase> cases = CaseLoader.loadAll(dir);
        assertThat(cases).as("cases in " + dir).isNotEmpty();
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.file().getFileName() + " " + c.name(), () -> {
            int[] checked = {0};
            CaseSimulator sim = new CaseSimulator(c);
            List<CaseSimulator.Mismatch> mismatches = sim.run(checked);
            assertThat(checked[0]).as("asserted cells in " + c.name()).isPositive();
            assertThat(mismatches).as(c.name() + " differing cells").isEmpty();
            System.out.println("PASS " + c.name() + " (" + checked[0] + " cells)");
        }));
    }

    @Test
    void noPublicCaseContainsAPolicyTheEngineRejects() {
        Path dir = casesDir();
        assumeTrue(dir != null, "no shared/conformance/netpol directory");
        for (NetpolCase c : CaseLoader.loadAll(dir)) {
            CaseSimulator sim = new CaseSimulator(c);
            sim.run(new int[1]);
            assertThat(sim.rejections()).as(c.name()).isEmpty();
        }
    }

    @Test
    void placeholdersResolveAsTheFormatSays() {
        Path dir = casesDir();
        assumeTrue(dir != null, "no shared/conformance/netpol directory");
        NetpolCase c = CaseLoader.loadAll(dir).stream().filter(x -> x.name().equals("ipblock-except")).findFirst().orElseThrow();
        CaseSimulator sim = new CaseSimulator(c);
        String ip = sim.resolve("{{podIP x/b}}");
        assertThat(sim.resolve("{{hostCIDR x/b}}")).isEqualTo(ip + "/32");
        assertThat(sim.resolve("{{cidrContaining x/b 4}}")).isEqualTo("0.0.0.0/4");
        assertThat(ip).startsWith("10.244.");
    }
}
