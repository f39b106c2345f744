package dev.weft.agent.routing;

import dev.weft.bgp.server.BestPath;
import dev.weft.bgp.server.BestPathListener;
import dev.weft.common.net.IpPrefix;
import dev.weft.model.route.RouteSpec;
import dev.weft.netlink.FibRoute;
import dev.weft.netlink.KernelRoute;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.PrefixMap;
import dev.weft.netlink.RouteChanges;
import dev.weft.netlink.RouteTableReconciler;
import dev.weft.netlink.SyncResult;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * drift repaired (a full resync, spaced to at least {@value #FULL_PASS_SPACING} times the last
 * one's duration so a large table's read-back stays a small share of the time, and postponed —
 * up to {@value #MAX_POSTPONED_RESYNCS} intervals in a row — while best paths are still
 * arriving, e.g. during a table load), as after any netlink error.
 *
 * <p>Compact for a million routes: best paths are kept in a {@link PrefixMap} (IPv4 prefixes as
 * primitive keys) whose values are interned {@link FibPlanner.Learned}s — one per distinct
 * (next-hop set, peer), shared by every prefix using it; next hops are planned once per distinct
 * learned path, not per prefix; changes go to the reconciler as {@link RouteChanges}.
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

    /** Distinct best-path forwarding sets remembered for interning before the pool starts over. */
    private static final int POOL_LIMIT = 65_536;
    /** A periodic full resync waits at least this many times the last full pass's duration. */
    static final int FULL_PASS_SPACING = 20;
    private static final IpPrefix ANY4 = IpPrefix.parse("0.0.0.0/0");
    private static final IpPrefix ANY6 = IpPrefix.parse("::/0");

    private final int protocol;
    private final boolean logPasses;
    private final long resyncNanos;
    private final ScheduledExecutorService executor;
    /** Guards {@code best}, {@code learnedPool}, {@code changed} and the flags below. */
    private final Object lock = new Object();
    /** Best path per prefix, compact: one interned {@link FibPlanner.Learned} shared by all prefixes via the same hops. */
    private final PrefixMap<FibPlanner.Learned> best = new PrefixMap<>();
    private final Map<FibPlanner.Learned, FibPlanner.Learned> learnedPool = new HashMap<>();
    private FibPlanner.Learned lastLearned;
    /** Prefixes whose best path changed since the last pass (values: {@link Boolean#TRUE}). */
    private PrefixMap<Boolean> changed = new PrefixMap<>();
    /** The next pass hands the whole table to the reconciler (start, forgetAll, after an error). */
    private boolean pushAll = true;
    /** Next hops per distinct learned path and prefix family (this object's thread only). */
    private final Map<FibPlanner.Learned, FibPlanner.Outcome> plans4 = new IdentityHashMap<>();
    private final Map<FibPlanner.Learned, FibPlanner.Outcome> plans6 = new IdentityHashMap<>();
    /** A pass that wrote less than this long ago means best paths are still arriving. */
    private static final int BUSY_SECONDS = 2;
    /** Periodic full resyncs skipped in a row at most while busy (then one runs anyway). */
    static final int MAX_POSTPONED_RESYNCS = 6;
    private int postponedResyncs;
    private long lastWriteEnd;
    private int newlySkipped;
    private String firstSkipped;
    private long lastFullPassEnd;
    private long lastFullPassNanos;
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final Future<Integer> previousRun;
    private volatile boolean graceRequested;
    private volatile boolean graceOver;
    private volatile BooleanSupplier sweepGate = () -> true;
    private volatile int installedCount;
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
        this(protocol, resync, open, true);
    }

    /** As above; {@code logPasses} false keeps the INFO lines of routine passes out of the log ({@link FibWarmUp}). */
    KernelRouteSync(int protocol, Duration resync, Callable<Netlink> open, boolean logPasses) {
        this.logPasses = logPasses;
        this.protocol = protocol;
        this.resyncNanos = resync.toNanos();
        this.lastFullPassEnd = System.nanoTime() - TimeUnit.DAYS.toNanos(1); // none yet
        this.lastWriteEnd = lastFullPassEnd;
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
        executor.scheduleWithFixedDelay(this::periodicResync, resync.toMillis(), resync.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Every {@code resync} interval: re-reads the connected routes and re-plans each distinct
     * learned path (devices of next hops may have changed: then the whole table is handed over
     * again), and asks for a full resync (kernel read back, drift repaired) — at most once per
     * {@value #FULL_PASS_SPACING} × the last full pass's duration, so that reading back a table
     * of a million routes never takes more than ≈ 5 % of the time.
     */
    private void periodicResync() {
        if (reconciler == null) {
            return;
        }
        connected.refresh();
        boolean moved = replanChanged(plans4, ANY4) | replanChanged(plans6, ANY6);
        if (moved) {
            synchronized (lock) {
                pushAll = true;
            }
        }
        long now = System.nanoTime();
        if (now - lastFullPassEnd >= Math.max(resyncNanos, FULL_PASS_SPACING * lastFullPassNanos)) {
            boolean pending;
            synchronized (lock) {
                pending = !changed.isEmpty();
            }
            boolean busy = pending || now - lastWriteEnd < TimeUnit.SECONDS.toNanos(BUSY_SECONDS);
            if (busy && postponedResyncs < MAX_POSTPONED_RESYNCS) {
                postponedResyncs++; // a table load is going on: reading the table back would only slow it down
            } else {
                postponedResyncs = 0;
                reconciler.requestResync();
            }
        }
        apply();
    }

    /** Re-plans every remembered learned path; true if any now has other next hops. */
    private boolean replanChanged(Map<FibPlanner.Learned, FibPlanner.Outcome> plans, IpPrefix family) {
        boolean moved = false;
        for (Map.Entry<FibPlanner.Learned, FibPlanner.Outcome> e : plans.entrySet()) {
            FibPlanner.Outcome now = FibPlanner.outcome(family, e.getKey(), connected::deviceOf);
            if (!now.equals(e.getValue())) {
                moved = true;
            }
        }
        if (moved) {
            plans.clear();
        }
        return moved;
    }

    @Override
    public void bestPathChanged(IpPrefix prefix, Optional<BestPath> path) {
        synchronized (lock) {
            if (path.isPresent()) {
                best.put(prefix, intern(path.get()));
            } else {
                best.remove(prefix);
            }
            changed.put(prefix, Boolean.TRUE);
        }
        schedule();
    }

    /** The shared {@link FibPlanner.Learned} of {@code b} (guarded by {@code lock}). */
    private FibPlanner.Learned intern(BestPath b) {
        FibPlanner.Learned last = lastLearned;
        if (last != null && last.peer().equals(b.peerAddress())
                && (b.nextHops().isEmpty() ? last.nextHops().size() == 1 && last.nextHops().get(0).equals(b.nextHop())
                        : last.nextHops().equals(b.nextHops()))) {
            return last; // a table load: one path for many prefixes in a row
        }
        FibPlanner.Learned l = new FibPlanner.Learned(nextHopsOf(b), b.peerAddress());
        if (learnedPool.size() >= POOL_LIMIT) {
            learnedPool.clear(); // churn: routes keep theirs, new ones share anew
        }
        FibPlanner.Learned known = learnedPool.putIfAbsent(l, l);
        lastLearned = known != null ? known : l;
        return lastLearned;
    }

    /** The ECMP next hop set of a best path (its own next hop first). */
    static List<InetAddress> nextHopsOf(BestPath b) {
        return b.nextHops().isEmpty() ? List.of(b.nextHop()) : b.nextHops();
    }

    /** Forgets every best path (the speaker that reported them is gone); routes go at the next pass. */
    public void forgetAll() {
        synchronized (lock) {
            best.clear();
            changed.clear();
            learnedPool.clear();
            lastLearned = null;
            pushAll = true;
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
                if (logPasses) {
                    LOG.info("routing converged after start: sweeping stale kernel routes");
                }
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

    /**
     * The routes Weft last programmed, first next hop of each (for status). {@code size()} is
     * O(1); the elements are read from the reconciler on first access (O(table)).
     */
    public List<RouteSpec> installed() {
        int count = installedCount;
        return new LazyRouteList(count, () -> {
            RouteTableReconciler rec = reconciler;
            List<FibRoute> routes = rec == null ? List.of() : rec.installed();
            List<RouteSpec> out = new ArrayList<>(routes.size());
            for (FibRoute r : routes) {
                var h = r.nextHops().get(0);
                out.add(new RouteSpec(r.destination(), h.gateway(), h.device(), r.table()));
            }
            return out;
        });
    }

    /** Number of routes Weft last programmed. */
    public int installedCount() {
        return installedCount;
    }

    /** The routes Weft last programmed, with every next hop (O(table): tests and status). */
    public List<FibRoute> installedRoutes() {
        RouteTableReconciler rec = reconciler;
        return rec == null ? List.of() : rec.installed();
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
     * One pass: plans the prefixes whose best path changed (the whole table after
     * {@link #forgetAll}, at start and after an error) — once per distinct learned path, not per
     * prefix — and hands the changes to the reconciler as compact {@link RouteChanges}; it
     * writes only those (or re-reads the kernel when it must).
     */
    private void apply() {
        dirty.set(false);
        if (reconciler == null) {
            return;
        }
        boolean all;
        RouteChanges changes = new RouteChanges();
        synchronized (lock) {
            all = pushAll;
            pushAll = false;
            PrefixMap<Boolean> keys = changed;
            changed = new PrefixMap<>();
            if (plans4.size() + plans6.size() > POOL_LIMIT) {
                plans4.clear();
                plans6.clear();
            }
            if (all) {
                skipped.clear();
                best.forEachIpv4((k, l) -> plan4(changes, k, l));
                best.forEachIpv6((p, l) -> plan6(changes, p, l));
            } else {
                keys.forEachIpv4((k, x) -> plan4(changes, k, best.getIpv4(k)));
                keys.forEachIpv6((p, x) -> plan6(changes, p, best.get(p)));
            }
        }
        if (newlySkipped > 0) {
            LOG.warn("{} more learned prefixes get no kernel route (see the status), e.g. {}", newlySkipped, firstSkipped);
            newlySkipped = 0;
        }
        try {
            long start = System.nanoTime();
            SyncResult r = all ? reconciler.syncTable(RouteSpec.MAIN_TABLE, changes, graceOver)
                    : reconciler.applyChanges(RouteSpec.MAIN_TABLE, changes, graceOver);
            if (r.fullResync()) {
                lastFullPassEnd = System.nanoTime();
                lastFullPassNanos = lastFullPassEnd - start;
                if (lastFullPassNanos >= TimeUnit.SECONDS.toNanos(1)) {
                    LOG.info("full resync of {} kernel routes took {} ms; the next periodic one in {} s at the earliest",
                            reconciler.installedCount(), TimeUnit.NANOSECONDS.toMillis(lastFullPassNanos),
                            TimeUnit.NANOSECONDS.toSeconds(Math.max(resyncNanos, FULL_PASS_SPACING * lastFullPassNanos)));
                }
            }
            lastResult = Optional.of(r);
            installedCount = reconciler.installedCount();
            if (!r.noChange()) {
                lastWriteEnd = System.nanoTime();
            }
            if (!r.inSync()) {
                LOG.warn("kernel routes not fully in sync (will retry): conflicts with routes Weft does not own {}, "
                        + "failures {}", r.conflicts(), r.failures());
            } else if (!r.noChange() && logPasses) {
                LOG.info("kernel routes: {} added, {} replaced, {} deleted{}", r.added(), r.replaced(), r.deleted(),
                        r.fullResync() ? " (full resync)" : "");
            }
        } catch (RuntimeException e) {
            LOG.warn("kernel route sync failed (full resync at the next pass): {}", e.toString());
            reconciler.requestResync();
            synchronized (lock) {
                pushAll = true;
            }
        }
    }

    private void plan4(RouteChanges changes, long key, FibPlanner.Learned l) {
        if (l == null) {
            changes.removeIpv4(key);
            if (!skipped.isEmpty()) {
                skipped.remove(PrefixMap.ipv4Prefix(key));
            }
            return;
        }
        FibPlanner.Outcome o = plans4.computeIfAbsent(l, x -> FibPlanner.outcome(ANY4, x, connected::deviceOf));
        if (o.hops() != null) {
            changes.putIpv4(key, o.hops());
            if (!skipped.isEmpty()) {
                skipped.remove(PrefixMap.ipv4Prefix(key));
            }
        } else {
            changes.removeIpv4(key);
            skip(PrefixMap.ipv4Prefix(key), o.skipped());
        }
    }

    private void plan6(RouteChanges changes, IpPrefix p, FibPlanner.Learned l) {
        FibPlanner.Outcome o = l == null ? null
                : plans6.computeIfAbsent(l, x -> FibPlanner.outcome(ANY6, x, connected::deviceOf));
        if (o != null && o.hops() != null) {
            changes.put(p, o.hops());
            skipped.remove(p);
        } else {
            changes.remove(p);
            if (o == null) {
                skipped.remove(p);
            } else {
                skip(p, o.skipped());
            }
        }
    }

    private void skip(IpPrefix p, String why) {
        String reason = why.replace("route to " + ANY4 + ": ", "").replace("route to " + ANY6 + ": ", "");
        if (skipped.put(p, reason) == null) {
            if (newlySkipped++ == 0) {
                firstSkipped = p + ": " + reason;
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
        synchronized (lock) {
            best.clear();
            changed.clear();
            pushAll = true;
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
