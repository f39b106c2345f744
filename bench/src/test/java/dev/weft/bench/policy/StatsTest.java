package dev.weft.bench.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Medians and quantiles of the report. */
class StatsTest {
    @Test
    void medianOfOddAndEvenCounts() {
        Stats s = new Stats();
        s.add(5);
        s.add(1);
        s.add(3);
        assertThat(s.median()).isEqualTo(3.0);
        s.add(10);
        assertThat(s.median()).isEqualTo(4.0);
        assertThat(s.quantile(1.0)).isEqualTo(10.0);
        assertThat(s.min()).isEqualTo(1.0);
    }

    @Test
    void emptyIsNaN() {
        assertThat(new Stats().median()).isNaN();
    }

    @Test
    void warmUpSettlesAfterThirtyRunsOnceComputeStopsGettingFaster() {
        List<Double> runs = new ArrayList<>(Collections.nCopies(25, 1000.0));
        runs.addAll(List.of(100.0, 90.0, 95.0, 99.0, 97.0));
        assertThat(PolicyBench.settled(runs)).as("still getting faster").isFalse();
        runs.addAll(List.of(150.0, 90.0, 300.0, 99.0, 97.0));
        assertThat(PolicyBench.settled(runs)).as("slower noise does not prolong the warm-up").isTrue();
        assertThat(PolicyBench.settled(Collections.nCopies(29, 100.0))).isFalse();
        assertThat(PolicyBench.settled(Collections.nCopies(30, 100.0))).isTrue();
    }
}
