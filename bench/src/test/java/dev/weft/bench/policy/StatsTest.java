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
    void warmUpSettlesOnlyAfterTwentyRunsWhenTheLastFourAgree() {
        List<Double> runs = new ArrayList<>(Collections.nCopies(16, 1000.0));
        runs.addAll(List.of(100.0, 90.0, 95.0));
        assertThat(PolicyBench.settled(runs)).isFalse();
        runs.add(99.0);
        assertThat(PolicyBench.settled(runs)).isTrue();
        runs.set(16, 500.0);
        assertThat(PolicyBench.settled(runs)).isFalse();
        assertThat(PolicyBench.settled(Collections.nCopies(19, 100.0))).isFalse();
    }
}
