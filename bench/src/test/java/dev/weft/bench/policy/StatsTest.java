package dev.weft.bench.policy;

import static org.assertj.core.api.Assertions.assertThat;

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
}
