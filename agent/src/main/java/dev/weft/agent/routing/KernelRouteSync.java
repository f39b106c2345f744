package dev.weft.agent.routing;

import dev.weft.bgp.server.BestPath;
import dev.weft.bgp.server.BestPathListener;
import dev.weft.common.net.IpPrefix;
import dev.weft.model.route.RouteSpec;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.RouteTableReconciler;
import dev.weft.netlink.SyncResult;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscriber to Loc-RIB best-path changes that keeps the kernel FIB in step: one route per
 * learned prefix via its BGP next hop, owned by Weft's route protocol number.
 *
 * <p>Level-triggered on its own thread: every change (coalesced) and every {@code resync}
 * interval converges the kernel to the current best paths, repairing routes removed or changed
 * behind Weft's back. Until {@link #endStartupGrace()} it only adds and replaces (never deletes),
 * so routes left by a previous agent run keep forwarding while sessions come back (fail safe,
 * in the spirit of RFC 4724 graceful restart). {@link #close()} removes every Weft route.
 */
public final class KernelRouteSync implements BestPathListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KernelRouteSync.class);

    /** Host-side Pod interfaces (DESIGN.md "Pod wiring"); their routes belong to the CNI driver. */
    static final String POD_INTERFACE_PREFIX = "wft";

    private final int protocol;
    private final ScheduledExecutorService executor;
    private final Map<IpPrefix, InetAddress> best = new TreeMap<>();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private volatile boolean graceOver;
    private volatile List<RouteSpec> installed = List.of();
    private Netlink netlink;
    private RouteTableReconciler reconciler;

    /**
     * @param protocol Weft's route protocol number (rtm_protocol) owning the routes
     * @param resync interval of unconditional re-convergence
     */
    public KernelRouteSync(int protocol, Duration resync) {
        this.protocol = protocol;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "weft-kernel-routes");
            t.setDaemon(true);
            return t;
        });
        executor.execute(() -> {
            netlink = Netlink.open();
            // Pod host routes (dev wft*, written by the CNI driver) share the protocol number; they
            // are not this producer's to delete.
            reconciler = new RouteTableReconciler(netlink, protocol, Set.of(RouteSpec.MAIN_TABLE),
                    k -> k.spec().device().map(d -> !d.startsWith(POD_INTERFACE_PREFIX)).orElse(true));
        });
        executor.scheduleWithFixedDelay(this::apply, resync.toMillis(), resync.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void bestPathChanged(IpPrefix prefix, Optional<BestPath> path) {
        synchronized (best) {
            if (path.isPresent()) {
                best.put(prefix, path.get().nextHop());
            } else {
                best.remove(prefix);
            }
        }
        if (dirty.compareAndSet(false, true)) {
            executor.execute(this::apply);
        }
    }

    /** Forgets every best path (the speaker that reported them is gone); routes go at the next apply. */
    public void forgetAll() {
        synchronized (best) {
            best.clear();
        }
        if (dirty.compareAndSet(false, true)) {
            executor.execute(this::apply);
        }
    }

    /** Ends the add-only start-up phase: from now on routes Weft no longer wants are deleted. */
    public void endStartupGrace() {
        if (!graceOver) {
            graceOver = true;
            executor.execute(this::apply);
        }
    }

    /** The routes Weft last programmed (for status). */
    public List<RouteSpec> installed() {
        return installed;
    }

    private List<RouteSpec> desired() {
        synchronized (best) {
            return best.entrySet().stream().map(e -> RouteSpec.via(e.getKey(), e.getValue())).toList();
        }
    }

    private void apply() {
        dirty.set(false);
        List<RouteSpec> want = desired();
        try {
            if (graceOver) {
                SyncResult r = reconciler.sync(want);
                if (!r.inSync()) {
                    LOG.warn("kernel routes not fully in sync (will retry): conflicts with foreign routes {}, failures {}",
                            r.conflicts(), r.failures());
                } else if (!r.noChange()) {
                    LOG.info("kernel routes: {} added, {} replaced, {} deleted", r.added(), r.replaced(), r.deleted());
                }
            } else {
                for (RouteSpec r : want) {
                    netlink.replaceRoute(r, protocol);
                }
            }
            installed = want;
        } catch (RuntimeException e) {
            LOG.warn("kernel route sync failed (will retry): {}", e.toString());
        }
    }

    /** Removes every route Weft owns and stops the thread. */
    @Override
    public void close() {
        synchronized (best) {
            best.clear();
        }
        graceOver = true;
        try {
            executor.submit(() -> {
                apply();
                netlink.close();
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("removing kernel routes on stop failed: {}", e.toString());
        }
        executor.shutdownNow();
    }
}
