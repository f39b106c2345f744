package dev.weft.agent.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.lab.MatrixCheck.Outcome;
import dev.weft.agent.lab.NetpolCase.Cell;
import dev.weft.agent.lab.NetpolCase.Probe;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MatrixCheckTest {
    /** x/a is isolated (denied from everyone), y/a → x/b unasserted. */
    static final Probe PROBE = probe(
            "x/a", "x/a=denied x/b=allowed y/a=allowed",
            "x/b", "x/a=denied x/b=allowed y/a=allowed",
            "y/a", "x/a=denied x/b=unasserted y/a=allowed");

    @Test
    void identicalMatrixPassesAndCountsCells() {
        Outcome o = MatrixCheck.compare(PROBE, observed("x/a", "F T T", "x/b", "F T T", "y/a", "F T T"), false, Set.of(), null);
        assertThat(o.passed()).isTrue();
        assertThat(o.checked()).isEqualTo(8);
        assertThat(o.skipped()).as("the unasserted cell").isEqualTo(1);
    }

    @Test
    void differingCellsAreListedInMatrixOrder() {
        Outcome o = MatrixCheck.compare(PROBE, observed("x/a", "F T T", "x/b", "T T F", "y/a", "T F T"), false, Set.of(), null);
        assertThat(o.mismatches()).extracting(MatrixCheck.Mismatch::describe).containsExactly(
                "x/b->x/a expected denied got allowed",
                "x/b->y/a expected allowed got denied",
                "y/a->x/a expected denied got allowed");
    }

    @Test
    void loopbackCellsCountOnlyWithoutIgnoreLoopback() {
        // x/a -> x/a: expected denied (upstream's table), really allowed (a Pod cannot block itself).
        Map<String, Map<String, Boolean>> seen = cells("x/a", "T T T", "x/b", "F T T", "y/a", "F T T");
        assertThat(MatrixCheck.compare(PROBE, MatrixCheck.Observed.of(seen), true, Set.of(), null).passed()).isTrue();
        assertThat(MatrixCheck.compare(PROBE, MatrixCheck.Observed.of(seen), false, Set.of(), null).mismatches())
                .extracting(MatrixCheck.Mismatch::describe).containsExactly("x/a->x/a expected denied got allowed");
    }

    @Test
    void unassertedCellsAreNeverChecked() {
        Outcome o = MatrixCheck.compare(PROBE, observed("x/a", "F T T", "x/b", "F T T", "y/a", "F F T"), false, Set.of(), null);
        assertThat(o.passed()).as("y/a -> x/b is unasserted").isTrue();
    }

    @Test
    void anAssertedCellThatWasNotObservedFails() {
        Map<String, Map<String, Boolean>> seen = cells("x/a", "F T T", "x/b", "F T T", "y/a", "F T T");
        seen.get("x/b").remove("y/a");
        seen.remove("y/a");
        assertThat(MatrixCheck.compare(PROBE, MatrixCheck.Observed.of(seen), false, Set.of(), null).mismatches())
                .extracting(MatrixCheck.Mismatch::describe).containsExactly(
                        "x/b->y/a expected allowed got not probed",
                        "y/a->x/a expected denied got not probed",
                        "y/a->y/a expected allowed got not probed");
    }

    @Test
    void cellsOfPodsNotCreatedOrNotProbeableAreSkipped() {
        Map<String, Map<String, Boolean>> seen = cells("x/a", "F T", "x/b", "F T");
        seen.get("x/a").remove("y/a");
        Outcome subset = MatrixCheck.compare(PROBE, MatrixCheck.Observed.of(seen), false, Set.of(), Set.of("x/a", "x/b"));
        assertThat(subset.passed()).isTrue();
        assertThat(subset.checked()).isEqualTo(4);
        Outcome hostNet = MatrixCheck.compare(PROBE, MatrixCheck.Observed.of(seen), false, Set.of("y/a"), null);
        assertThat(hostNet.passed()).isTrue();
        assertThat(hostNet.checked()).isEqualTo(4);
        assertThat(hostNet.skipped()).isEqualTo(5);
    }

    static Probe probe(String... rows) {
        Map<String, Map<String, Cell>> m = new LinkedHashMap<>();
        for (int i = 0; i < rows.length; i += 2) {
            Map<String, Cell> row = new LinkedHashMap<>();
            for (String c : rows[i + 1].split(" ")) {
                String[] kv = c.split("=");
                row.put(kv[0], Cell.valueOf(kv[1].toUpperCase()));
            }
            m.put(rows[i], row);
        }
        return new Probe("s1", 80, "TCP", m);
    }

    /** Rows of T/F in the order x/a, x/b, y/a. */
    static Map<String, Map<String, Boolean>> cells(String... rows) {
        String[] cols = {"x/a", "x/b", "y/a"};
        Map<String, Map<String, Boolean>> m = new LinkedHashMap<>();
        for (int i = 0; i < rows.length; i += 2) {
            String[] v = rows[i + 1].split(" ");
            Map<String, Boolean> row = new LinkedHashMap<>();
            for (int j = 0; j < v.length; j++) {
                row.put(cols[j], v[j].equals("T"));
            }
            m.put(rows[i], row);
        }
        return m;
    }

    static MatrixCheck.Observed observed(String... rows) {
        return MatrixCheck.Observed.of(cells(rows));
    }
}
