package dev.weft.agent.routing;

import dev.weft.bgp.server.BestPath;
import dev.weft.bgp.server.BestPathListener;
import dev.weft.common.net.IpPrefix;
import dev.weft.model.route.RouteSpec;
import dev.weft.netlink.FibRoute;
import dev.weft.netlink.KernelRoute;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.RouteTableReconciler;
import dev.weft.netlink.SyncResult;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscriber to Loc-RIB best-path changes that keeps the kernel FIB in step: one route per
 * learned prefix (IPv4 and IPv6) via its BGP next hops — a multipath route when the best path has
 * an ECMP set — owned by Weft's route protocol number ({@link RouteTableReconciler}).
 *
 * <p>Runs on its own thread. A burst of changes is coalesced into one incremental, batched pass
 * (only the difference is written); every {@code resync} interval the kernel is read back and
 * drift repaired (a full resync), as after any netlink error.
 *
 * <p>Restart (RFC 4724 graceful restart, restarting speaker side): at start it counts the routes
 * of its protocol a previous run left ({@link #previousRunRoutes()}; the routing controller then
 * tells the speaker its forwarding state was preserved). Until {@link #endStartupGrace()} has been
 * called AND the sweep gate is open (the speaker has End-of-RIB from every peer, or gave up
 * waiting) it only adds and replaces routes, never deletes, so the previous run's routes keep
 * forwarding; then the stale ones are swept. {@link #close()} removes every Weft route.
 *
 * <p>Routes of the CNI driver (host routes {@code dev wft*} with the same protocol) are never
 * touched.
 */
public final class KernelRouteSync implements BestPathListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KernelRouteSync.class);

    /** Host-side Pod interfaces (DESIGN.md "Pod wiring"); their routes belong to the CNI driver. */
    static final String POD_INTERFACE_PREFIX = "wft";

    /** Kernel routes of our protocol that are ours (not the CNI driver's Pod routes). */
    static final Predicate<KernelRoute> OWNED =
            k -> k.paths().stream().allMatch(h -> h.device().map(d -> !d.startsWith(POD_INTERFACE_PREFIX)).orElse(true));

    private final int protocol;
    private final ScheduledExecutorService executor;
    private final Map<IpPrefix, FibPlanner.Learned> best = new HashMap<>();
    /** Prefixes whose best path changed since the last pass (guarded by {@code best}). */
    private Set<IpPrefix> changed = new HashSet<>();
    /** The next pass re-plans every prefix (start, periodic resync, forgetAll; guarded by {@code best}). */
    private boolean replanAll = true;
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final Future<Integer> previousRun;
    private volatile boolean graceRequested;
    private volatile boolean graceOver;
    private volatile BooleanSupplier sweepGate = () -> true;
    private volatile List<FibRoute> installed = List.of();
    private volatile Optional<SyncResult> lastResult = Optional.empty();
    private final Map<IpPrefix, String> skipped = new java.util.concurrent.ConcurrentSkipListMap<>();
    private ScheduledFuture<?> graceCheck;
    private Netlink netlink;
    private RouteTableReconciler reconciler;
    private ConnectedRoutes connected;

    /**
     * Programs the routes in the agent's own network namespace.
     *
     * @param protocol Weft's route protocol number (rtm_protocol) owning the routes, 1–255
     * @param resync interval of full resyncs (kernel read back, drift repaired)
     */
    public KernelRouteSync(int protocol, Duration resync) {
        this(protocol, resync, Netlink::open);
    }

    /**
     * As {@link #KernelRouteSync(int, Duration)} with the netlink socket from {@code open} (called
     * on this object's thread; e.g. {@code () -> Netlink.openIn(netnsPath)}).
     */
    public KernelRouteSync(int protocol, Duration resync, Callable<Netlink> open) {
        this.protocol = protocol;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "weft-kernel-routes");
            t.setDaemon(true);
            return t;
        });
        this.previousRun = executor.submit(() -> {
            netlink = open.call();
            reconciler = new RouteTableReconciler(netlink, protocol, Set.of(RouteSpec.MAIN_TABLE), OWNED);
            connected = new ConnectedRoutes(netlink, protocol);
            int n = 0;
            for (int family : new int[] {Netlink.AF_INET, Netlink.AF_INET6}) {
                n += (int) netlink.listRoutes(family, RouteSpec.MAIN_TABLE, protocol).stream().filter(OWNED).count();
            }
            if (n > 0) {
                LOG.info("{} kernel routes of protocol {} from a previous run: kept until the routing has converged",
                        n, protocol);
            }
            return n;
        });
        executor.scheduleWithFixedDelay(() -> {
            if (reconciler != null) {
                reconciler.requestResync();
                connected.refresh();
            }
            synchronized (best) {
                replanAll = true; // devices of next hops may have changed too
            }
            apply();
        }, resync.toMillis(), resync.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void bestPathChanged(IpPrefix prefix, Optional<BestPath> path) {
        synchronized (best) {
            if (path.isPresent()) {
                best.put(prefix, new FibPlanner.Learned(nextHopsOf(path.get()), path.get().peerAddress()));
            } else {
                best.remove(prefix);
            }
            changed.add(prefix);
        }
        schedule();
    }

    /** The ECMP next hop set of a best path (its own next hop first). */
    static List<InetAddress> nextHopsOf(BestPath b) {
        return b.nextHops().isEmpty() ? List.of(b.nextHop()) : b.nextHops();
    }

    /** Forgets every best path (the speaker that reported them is gone); routes go at the next pass. */
    public void forgetAll() {
        synchronized (best) {
            best.clear();
            replanAll = true;
        }
        schedule();
    }

    private void schedule() {
        if (executor.isShutdown()) {
            return; // detached or closed: the kernel is no longer ours to change
        }
        if (dirty.compareAndSet(false, true)) {
            executor.execute(this::apply);
        }
    }

    /**
     * How many routes of our protocol (not the CNI driver's) a previous run left in the kernel;
     * more than 0 means forwarding state was preserved across the restart (RFC 4724 §4.1). Waits
     * for the start-up read (at most 5 s); 0 if it failed.
     */
    public int previousRunRoutes() {
        try {
            return previousRun.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("reading the kernel routes of a previous run failed: {}", e.toString());
            return 0;
        }
    }

    /**
     * Sets the condition that must also hold before stale routes are swept after
     * {@link #endStartupGrace()}: e.g. "the speaker has End-of-RIB from every peer" (RFC 4724
     * §4.1). Default: always open.
     */
    public void setSweepGate(BooleanSupplier gate) {
        this.sweepGate = gate;
    }

    /**
     * Ends the add-only start-up phase: routes Weft no longer wants are deleted from the first
     * pass on which the sweep gate ({@link #setSweepGate}) is open (checked every second).
     */
    public synchronized void endStartupGrace() {
        if (graceRequested) {
            return;
        }
        graceRequested = true;
        graceCheck = executor.scheduleWithFixedDelay(() -> {
            if (!graceOver && sweepGate.getAsBoolean()) {
                graceOver = true;
                LOG.info("routing converged after start: sweeping stale kernel routes");
                apply();
            }
            if (graceOver) {
                throw new IllegalStateException("grace over"); // cancels this periodic check
            }
        }, 0, 1, TimeUnit.SECONDS);
    }

    /** True once stale routes are being deleted (the start-up grace is over). */
    public boolean startupGraceOver() {
        return graceOver;
    }

    /** The routes Weft last programmed, first next hop of each (for status). */
    public List<RouteSpec> installed() {
        List<RouteSpec> out = new ArrayList<>(installed.size());
        for (FibRoute r : installed) {
            var h = r.nextHops().get(0);
            out.add(new RouteSpec(r.destination(), h.gateway(), h.device(), r.table()));
        }
        return out;
    }

    /** The routes Weft last programmed, with every next hop. */
    public List<FibRoute> installedRoutes() {
        return installed;
    }

    /** Prefixes with a best path but no kernel route, and why (e.g. no device for a link-local next hop). */
    public Map<IpPrefix, String> skipped() {
        return Map.copyOf(skipped);
    }

    /** What the last pass did, if one ran. */
    public Optional<SyncResult> lastResult() {
        return lastResult;
    }

    /** Runs a pass now on this object's thread and waits for it (tests, shutdown). */
    public Optional<SyncResult> syncNow(Duration timeout) throws Exception {
        return executor.submit(() -> {
            apply();
            return lastResult;
        }).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * One pass: re-plans the prefixes whose best path changed (all of them after a resync
     * request) and hands the resulting route changes to the reconciler, which writes only those
     * (or re-reads the kernel when it must).
     */
    private void apply() {
        dirty.set(false);
        if (reconciler == null) {
            return;
        }
        Map<IpPrefix, FibPlanner.Learned> snapshot;
        Set<IpPrefix> keys;
        boolean all;
        synchronized (best) {
            all = replanAll;
            replanAll = false;
            keys = changed;
            changed = new HashSet<>();
            if (all) {
                snapshot = new TreeMap<>(best);
            } else {
                snapshot = new TreeMap<>();
                for (IpPrefix p : keys) {
                    FibPlanner.Learned l = best.get(p);
                    if (l != null) {
                        snapshot.put(p, l);
                    }
                }
            }
        }
        try {
            FibPlanner.Plan plan = FibPlanner.plan(snapshot, connected::deviceOf);
            SyncResult r;
            if (all) {
                skipped.clear();
                r = reconciler.apply(plan.routes(), graceOver);
            } else {
                Map<IpPrefix, Optional<FibRoute>> changes = new HashMap<>();
                keys.forEach(p -> changes.put(p, Optional.empty()));
                plan.routes().forEach(f -> changes.put(f.destination(), Optional.of(f)));
                keys.forEach(skipped::remove);
                r = reconciler.applyChanges(RouteSpec.MAIN_TABLE, changes, graceOver);
            }
            skipped.putAll(plan.skipped());
            if (!plan.skipped().isEmpty()) {
                LOG.warn("{} learned prefixes get no kernel route: {}", plan.skipped().size(), plan.skipped());
            }
            lastResult = Optional.of(r);
            if (!r.inSync()) {
                LOG.warn("kernel routes not fully in sync (will retry): conflicts with routes Weft does not own {}, "
                        + "failures {}", r.conflicts(), r.failures());
            } else if (!r.noChange()) {
                LOG.info("kernel routes: {} added, {} replaced, {} deleted{}", r.added(), r.replaced(), r.deleted(),
                        r.fullResync() ? " (full resync)" : "");
            }
            if (!r.noChange() || r.fullResync()) {
                installed = reconciler.installed(); // O(table): only when something may have changed
            }
        } catch (RuntimeException e) {
            LOG.warn("kernel route sync failed (full resync at the next pass): {}", e.toString());
            reconciler.requestResync();
            synchronized (best) {
                replanAll = true;
            }
        }
    }

    /**
     * Stops the thread and leaves every route in the kernel: for a restart meant to be graceful
     * (RFC 4724 §4.1 — the ToR keeps forwarding to our Pods, we keep forwarding to it); the next
     * run finds the routes ({@link #previousRunRoutes()}) and sweeps the stale ones after
     * End-of-RIB.
     */
    public void detach() {
        try {
            executor.submit(() -> {
                if (netlink != null) {
                    netlink.close();
                }
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("closing the netlink socket on detach failed: {}", e.toString());
        }
        executor.shutdownNow();
    }

    /** Removes every route Weft owns and stops the thread. */
    @Override
    public void close() {
        synchronized (best) {
            best.clear();
            replanAll = true;
        }
        graceOver = true;
        try {
            executor.submit(() -> {
                if (reconciler != null) {
                    reconciler.requestResync(); // delete what is there, not what we remember
                    apply();
                    netlink.close();
                }
            }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("removing kernel routes on stop failed: {}", e.toString());
        }
        executor.shutdownNow();
    }
}
