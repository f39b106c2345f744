package dev.weft.agent.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LivenessTest {
    private final AtomicLong clock = new AtomicLong();
    private final Liveness liveness = new Liveness(clock::get);

    @Test
    void aLoopIsStaleOnlyPastItsThreshold() {
        Heartbeat a = liveness.register("a", Duration.ofSeconds(10));
        liveness.register("b", Duration.ofSeconds(60));
        clock.set(Duration.ofSeconds(10).toNanos());
        assertThat(liveness.stale()).isEmpty(); // exactly at the threshold: still live
        clock.set(Duration.ofSeconds(11).toNanos());
        assertThat(liveness.stale()).containsExactly(
                new Liveness.Stale("a", Duration.ofSeconds(11), Duration.ofSeconds(10)));
        a.beat();
        assertThat(liveness.stale()).isEmpty();
        assertThat(liveness.ages()).containsEntry("a", Duration.ZERO).containsEntry("b", Duration.ofSeconds(11));
    }

    @Test
    void namesAreUniqueAndThresholdsPositive() {
        liveness.register("a", Duration.ofSeconds(1));
        assertThatThrownBy(() -> liveness.register("a", Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("loop a is already registered");
        assertThatThrownBy(() -> liveness.register("b", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("threshold of loop b must be positive: PT0S");
    }

    @Test
    void readinessNamesAreUnique() {
        Readiness r = new Readiness().add("x", java.util.Optional::empty);
        assertThatThrownBy(() -> r.add("x", java.util.Optional::empty))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("readiness check x is already registered");
    }
}
