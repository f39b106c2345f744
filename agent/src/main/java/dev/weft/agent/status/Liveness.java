package dev.weft.agent.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The agent's loops for {@code /livez}: each registered loop has a {@link Heartbeat} and a
 * threshold; a loop whose last beat is older than its threshold is stale, and one stale loop makes
 * the agent not live (the kubelet restarts it). Loops register once at start-up; thread-safe.
 *
 * <p>Example: {@code Heartbeat hb = liveness.register("policy", Duration.ofSeconds(60)); … hb.beat();}
 */
public final class Liveness {
    /**
     * A loop older than its threshold.
     *
     * @param loop the loop's name, e.g. {@code policy}
     * @param age time since its last beat
     * @param threshold the age beyond which it counts as stuck
     */
    public record Stale(String loop, Duration age, Duration threshold) {}

    private record Loop(Heartbeat heartbeat, Duration threshold) {}

    private final LongSupplier clock;
    private final Map<String, Loop> loops = new LinkedHashMap<>();

    /** Liveness on the {@link System#nanoTime()} clock. */
    public Liveness() {
        this(System::nanoTime);
    }

    /** Liveness on another nanosecond clock (tests). */
    public Liveness(LongSupplier clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Registers a loop; its first beat is now.
     *
     * @param name unique loop name, e.g. {@code datastore}, {@code policy}, {@code routing}, {@code cni}
     * @param threshold positive maximum age of the last beat
     * @throws IllegalArgumentException if the name is taken or the threshold is not positive
     */
    public synchronized Heartbeat register(String name, Duration threshold) {
        Objects.requireNonNull(name, "name");
        if (threshold.isZero() || threshold.isNegative()) {
            throw new IllegalArgumentException("threshold of loop " + name + " must be positive: " + threshold);
        }
        if (loops.containsKey(name)) {
            throw new IllegalArgumentException("loop " + name + " is already registered");
        }
        Heartbeat hb = new Heartbeat(clock);
        loops.put(name, new Loop(hb, threshold));
        return hb;
    }

    /** Time since each loop's last beat, by loop name in registration order. */
    public synchronized Map<String, Duration> ages() {
        long now = clock.getAsLong();
        Map<String, Duration> out = new LinkedHashMap<>();
        loops.forEach((n, l) -> out.put(n, Duration.ofNanos(Math.max(0, now - l.heartbeat().lastBeatNanos()))));
        return out;
    }

    /** The loops whose last beat is older than their threshold (empty: live). */
    public synchronized List<Stale> stale() {
        long now = clock.getAsLong();
        List<Stale> out = new ArrayList<>();
        loops.forEach((n, l) -> {
            Duration age = Duration.ofNanos(Math.max(0, now - l.heartbeat().lastBeatNanos()));
            if (age.compareTo(l.threshold()) > 0) {
                out.add(new Stale(n, age, l.threshold()));
            }
        });
        return out;
    }
}
