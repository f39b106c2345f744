package dev.weft.agent.status;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Beats the {@link Heartbeat}s of loops that cannot beat themselves, every {@code period}: a
 * <em>probe</em> is work handed to the loop (a {@code BgpSpeaker.peers()} call runs on the BGP
 * event loop; a no-op task on the CNI server's workers) and the heartbeat beats when it
 * completes; a <em>poll</em> beats when a condition says the loop made progress. A probe still
 * running is not started again, so a stuck loop simply stops beating. Daemon threads.
 */
public final class Watchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

    private final ScheduledExecutorService timer;
    private final ExecutorService probes;
    private final long periodMillis;

    /** @param period interval between probes (e.g. 2 s) */
    public Watchdog(Duration period) {
        this.periodMillis = Math.max(1, period.toMillis());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "weft-watchdog"));
        this.probes = Executors.newCachedThreadPool(r -> daemon(r, "weft-watchdog-probe"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Every period, runs {@code probe} on a probe thread (unless the previous one still runs) and
     * beats {@code heartbeat} when it returns normally.
     */
    public Watchdog blockingProbe(Heartbeat heartbeat, Runnable probe) {
        Objects.requireNonNull(probe, "probe");
        return asyncProbe(heartbeat, () -> CompletableFuture.runAsync(probe, probes));
    }

    /**
     * Every period, starts {@code probe} (unless the previous one is still incomplete) and beats
     * {@code heartbeat} when the returned future completes normally.
     */
    public Watchdog asyncProbe(Heartbeat heartbeat, Supplier<CompletableFuture<?>> probe) {
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(probe, "probe");
        AtomicBoolean inFlight = new AtomicBoolean();
        timer.scheduleWithFixedDelay(() -> {
            if (!inFlight.compareAndSet(false, true)) {
                return;
            }
            try {
                probe.get().whenComplete((v, e) -> {
                    inFlight.set(false);
                    if (e == null) {
                        heartbeat.beat();
                    } else {
                        LOG.debug("liveness probe failed: {}", e.toString());
                    }
                });
            } catch (RuntimeException e) {
                inFlight.set(false);
                LOG.debug("liveness probe failed to start: {}", e.toString());
            }
        }, 0, periodMillis, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Every period, beats {@code heartbeat} if {@code progressed} answers true (asked on the watchdog thread). */
    public Watchdog poll(Heartbeat heartbeat, BooleanSupplier progressed) {
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(progressed, "progressed");
        timer.scheduleWithFixedDelay(() -> {
            try {
                if (progressed.getAsBoolean()) {
                    heartbeat.beat();
                }
            } catch (RuntimeException e) {
                LOG.debug("liveness poll failed: {}", e.toString());
            }
        }, 0, periodMillis, TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        probes.shutdownNow();
    }
}
