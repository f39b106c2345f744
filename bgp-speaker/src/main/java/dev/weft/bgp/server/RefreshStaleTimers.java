package dev.weft.bgp.server;

import dev.weft.bgp.wire.AddressFamily;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The bound on an Enhanced Route Refresh whose EoRR does not come (RFC 7313 §4.2: "the
 * receiving speaker MAY ... upon expiry of a configurable timer ... purge" the routes still
 * stale): one timer per address family, started by the peer's BoRR, cancelled by its EoRR or the
 * end of the session; on expiry the family's still-stale routes are purged as if the EoRR had
 * come. Event loop only.
 */
final class RefreshStaleTimers {
    private final EventLoop loop;
    private final Map<AddressFamily, ScheduledFuture<?>> timers = new HashMap<>();

    RefreshStaleTimers(EventLoop loop) {
        this.loop = loop;
    }

    /**
     * BoRR for {@code family}: (re)starts its timer.
     *
     * @param staleTime the bound; zero = none (nothing scheduled)
     * @param purge runs on expiry (on the event loop)
     */
    void begin(AddressFamily family, Duration staleTime, Runnable purge) {
        end(family);
        if (staleTime.isZero()) {
            return;
        }
        timers.put(family, loop.schedule(() -> {
            timers.remove(family);
            purge.run();
        }, staleTime.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** EoRR for {@code family}: stops its timer; true if one was running. */
    boolean end(AddressFamily family) {
        ScheduledFuture<?> f = timers.remove(family);
        if (f != null) {
            f.cancel(false);
        }
        return f != null;
    }

    /** The session ended: no timer survives it (its routes go with it or with Graceful Restart). */
    void cancelAll() {
        timers.values().forEach(f -> f.cancel(false));
        timers.clear();
    }

    /** The families with a refresh in progress. */
    boolean running(AddressFamily family) {
        return timers.containsKey(family);
    }
}
