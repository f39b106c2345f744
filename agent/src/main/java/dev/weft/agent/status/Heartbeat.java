package dev.weft.agent.status;

import java.util.function.LongSupplier;

/**
 * The last sign of life of one agent loop: the loop (or a probe answered by it) calls {@link
 * #beat()}; {@link Liveness} reports the loop stale when the last beat is older than its
 * threshold. Thread-safe.
 */
public final class Heartbeat {
    private final LongSupplier clock;
    private volatile long last;

    Heartbeat(LongSupplier clock) {
        this.clock = clock;
        this.last = clock.getAsLong();
    }

    /** Records that the loop is alive now. */
    public void beat() {
        last = clock.getAsLong();
    }

    /** Time of the last beat on the {@link Liveness} clock (nanoseconds, {@link System#nanoTime()} by default). */
    public long lastBeatNanos() {
        return last;
    }
}
