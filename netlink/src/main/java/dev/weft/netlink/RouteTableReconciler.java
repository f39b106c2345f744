package dev.weft.netlink;

import dev.weft.common.net.IpPrefix;
import dev.weft.model.route.RouteSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import dev.weft.netlink.RouteStore.Key;
import java.util.function.Predicate;

/**
 * Owner of every route with one protocol number (Weft: 87) in a set of routing tables.
 *
 * <p>Two kinds of pass converge the kernel to a desired set of {@link FibRoute}s (single-path or
 * ECMP multipath):
 * <ul>
 *   <li>{@link #syncRoutes} (full resync) reads the kernel's routes back (RTM_GETROUTE dumps,
 *       IPv4 and IPv6, each owned table) and computes the difference: missing routes are created,
 *       different ones of ours replaced, ours that are not desired deleted. It repairs drift (a
 *       route deleted or changed behind our back); a repeated call with the same input changes
 *       nothing.</li>
 *   <li>{@link #apply} (incremental) compares the desired set with what the previous passes
 *       installed, without reading the kernel, and writes only the difference — the path for
 *       best-path changes. It falls back to a full resync when there is no trustworthy previous
 *       state: the first pass, after {@link #requestResync()}, and after a netlink error that may
 *       have lost answers (ENOBUFS on a dump or on a batch's answers, a failed send).</li>
 * </ul>
 * Writes are batched ({@link NetlinkSocket#executeBatch}: up to 1024 requests per sendmsg, one ACK
 * per datagram, errors collected per route).
 *
 * <p>Ownership: a kernel route is ours if its rtm_protocol is ours and the ownership predicate
 * accepts it (the CNI driver's Pod routes share protocol 87 and are excluded that way). Every other
 * route is left alone — even one that blocks a desired route, which is then reported as a
 * conflict. New routes are created with NLM_F_EXCL, so a route we do not own is never replaced,
 * even one that appeared after the last dump; only routes we installed are replaced
 * (NLM_F_REPLACE) or deleted (RTM_DELROUTE carries our protocol, which the kernel matches).
 *
 * <p>Owned tables: those given to the constructor (default: main) plus every table that ever
 * appeared in a desired set, so routes of a table that drops out of the desired set are removed.
 * Routes are keyed by (table, destination) at the kernel's default metric (0 for IPv4, 1024 for
 * IPv6); our routes at other metrics are removed.
 *
 * <p>Add-only passes ({@code removeUndesired = false}) create and replace but delete nothing that
 * is not desired: after a restart, routes of the previous run keep forwarding until the caller
 * knows the full desired set (graceful restart, RFC 4724 §4.1).
 *
 * <p>Scale (a million routes): the desired and installed sets are kept compactly — per table a
 * {@link PrefixMap} of IPv4 compact keys whose values are interned next-hop lists, so a route via
 * a next-hop set shared with others costs ≈ 24 bytes per set and no object. Large change sets
 * come as {@link RouteChanges} ({@link #applyChanges(int, RouteChanges, boolean)},
 * {@link #syncTable}) and are written in chunks of {@value #CHUNK} routes, so a pass's garbage is
 * bounded. A full resync streams the kernel's dump and keeps nothing for a route that is already
 * as desired.
 *
 * <p>Thread-safety: the passes are synchronized; the {@link Netlink} may be shared.
 */
public final class RouteTableReconciler {
    private static final int IPV6_DEFAULT_METRIC = 1024;

    /** Writes per netlink batch of an incremental pass: bounds a pass's garbage (ops, messages). */
    static final int CHUNK = 8192;
    /** Distinct next-hop sets remembered for interning before the pool starts over. */
    private static final int POOL_LIMIT = 65_536;
    private static final IpPrefix ANY4 = IpPrefix.parse("0.0.0.0/0");
    private static final IpPrefix ANY6 = IpPrefix.parse("::/0");

    private final Netlink nl;
    private final int protocol;
    private final Set<Integer> tables = new TreeSet<>();
    private final Predicate<KernelRoute> owns;

    /** Desired routes the kernel holds as we installed them (valid while {@code cacheValid}). */
    private RouteStore installed = new RouteStore();
    /** Our routes in the kernel that are not (or not exactly) desired and were kept: add-only passes. */
    private final Map<Key, List<KernelRoute>> leftovers = new HashMap<>();
    /** The desired set of the last pass (changed in place by {@link #applyChanges}). */
    private RouteStore desired = new RouteStore();
    /** Desired routes blocked by a route we do not own, as of the last pass. */
    private final Map<Key, FibRoute> conflicted = new HashMap<>();
    /** Canonical (sorted, validated) next-hop lists, shared by every route via the same next hops. */
    private final Map<List<NextHop>, List<NextHop>> pool4 = new HashMap<>();
    private final Map<List<NextHop>, List<NextHop>> pool6 = new HashMap<>();
    private boolean cacheValid;

    /** Owns routes of {@code protocol} in the main table (254) and every table it is asked to fill. */
    public RouteTableReconciler(Netlink nl, int protocol) {
        this(nl, protocol, Set.of(RouteSpec.MAIN_TABLE));
    }

    /**
     * @param protocol rtm_protocol that marks our routes, 1–255 (Weft: 87)
     * @param tables routing tables owned from the start, each 1–2^32-1
     */
    public RouteTableReconciler(Netlink nl, int protocol, Set<Integer> tables) {
        this(nl, protocol, tables, k -> true);
    }

    /**
     * A reconciler that shares its protocol number with another producer of routes (Calico's
     * route classes): only routes of {@code protocol} that {@code owns} accepts are ours; other
     * routes of the same protocol are left alone like foreign ones.
     *
     * @param owns selects, among kernel routes of {@code protocol}, the ones this reconciler owns
     */
    public RouteTableReconciler(Netlink nl, int protocol, Set<Integer> tables, Predicate<KernelRoute> owns) {
        this.owns = Objects.requireNonNull(owns, "owns");
        this.nl = Objects.requireNonNull(nl, "nl");
        if (protocol < 1 || protocol > 255) {
            throw new IllegalArgumentException("route protocol " + protocol + " out of range 1-255");
        }
        this.protocol = protocol;
        for (int t : tables) {
            if (t <= 0) {
                throw new IllegalArgumentException("invalid routing table " + t);
            }
        }
        this.tables.addAll(tables);
    }

    /**
     * Full resync to single-path routes: {@code syncRoutes(desired as FibRoutes, true)}.
     *
     * @throws IllegalArgumentException (before touching the kernel) if two desired routes share a
     *     table and destination but differ
     * @throws NetlinkException if the kernel's routes cannot be read at all
     */
    public SyncResult sync(Collection<RouteSpec> desired) {
        return syncRoutes(desired.stream().map(FibRoute::of).toList(), true);
    }

    /**
     * Full resync: reads the owned tables back from the kernel and converges them to
     * {@code desired}. A dump that fails with ENOBUFS is read again (up to three attempts; the
     * socket grows its buffer each time), one the kernel marks interrupted likewise.
     *
     * @param desired every route wanted in the owned tables; at most one per (table, destination)
     * @param removeUndesired delete our routes that are not desired (false: add-only pass)
     * @return counts, conflicts and the routes the kernel refused
     * @throws IllegalArgumentException (before touching the kernel) if two desired routes share a
     *     table and destination but differ
     * @throws NetlinkException if the kernel's routes cannot be read, or a batch lost its answers
     *     (then the next pass is a full resync again)
     */
    public synchronized SyncResult syncRoutes(Collection<FibRoute> desired, boolean removeUndesired) {
        this.desired = index(desired);
        return full(removeUndesired);
    }

    /**
     * Full resync of one table to exactly {@code routes} (its removals are ignored): the compact
     * form of {@link #syncRoutes} for large tables. Other tables keep their desired routes.
     *
     * @param table routing table, 1–2^32-1
     * @param routes every route wanted in {@code table}
     * @param removeUndesired delete our routes that are not desired (false: add-only pass)
     * @throws IllegalArgumentException (before touching the kernel) for an invalid next-hop set
     *     (see {@link FibRoute})
     * @throws NetlinkException as {@link #syncRoutes}
     */
    public synchronized SyncResult syncTable(int table, RouteChanges routes, boolean removeUndesired) {
        checkTable(table);
        validate(routes);
        PrefixMap<List<NextHop>> want = new PrefixMap<>();
        for (int i = 0; i < routes.ipv4Count(); i++) {
            List<NextHop> hops = routes.ipv4Hops(i);
            if (hops != null) {
                want.putIpv4(routes.ipv4Key(i), canonical(true, hops));
            }
        }
        for (int i = 0; i < routes.ipv6Count(); i++) {
            List<NextHop> hops = routes.ipv6Hops(i);
            if (hops != null) {
                want.put(routes.ipv6Prefix(i), canonical(false, hops));
            }
        }
        desired.replaceTable(table, want);
        tables.add(table);
        return full(removeUndesired);
    }

    /**
     * Incremental pass: writes only the difference between {@code desired} and what the previous
     * passes installed, without reading the kernel; a full resync ({@link #syncRoutes}) instead
     * when there is no trustworthy previous state, or after this pass lost answers to ENOBUFS.
     * A desired route that conflicted in the last full resync is not retried until the next one.
     *
     * @param desired every route wanted in the owned tables; at most one per (table, destination)
     * @param removeUndesired delete our routes that are not desired (false: add-only pass)
     * @throws IllegalArgumentException (before touching the kernel) for two different desired
     *     routes with the same table and destination
     * @throws NetlinkException if a needed full resync cannot read the kernel's routes
     */
    public synchronized SyncResult apply(Collection<FibRoute> desired, boolean removeUndesired) {
        RouteStore want = index(desired);
        Set<Key> keys = new HashSet<>();
        this.desired = want;
        if (!cacheValid) {
            return full(removeUndesired);
        }
        want.forEach((t, p, h) -> keys.add(new Key(t, p)));
        installed.forEach((t, p, h) -> keys.add(new Key(t, p)));
        keys.addAll(conflicted.keySet());
        return incremental(keys.iterator(), removeUndesired);
    }

    /**
     * Incremental pass over changes only, for large tables where most routes stay as they are:
     * the reconciler keeps the desired set of its previous passes and applies {@code changes} to
     * it (a route to install or replace, or empty to remove the destination), then writes only
     * what the changed destinations need — O(changes), not O(table). Falls back to a full resync
     * of the whole remembered desired set like {@link #apply}.
     *
     * @param table the routing table of every change
     * @param changes destination → its route now (its destination and table must match), or
     *     empty when the destination no longer has one
     * @param removeUndesired delete our routes that are not desired (false: add-only pass)
     * @throws IllegalArgumentException (before touching the kernel) for a route whose destination
     *     or table does not match its key
     */
    public synchronized SyncResult applyChanges(int table, Map<IpPrefix, Optional<FibRoute>> changes,
            boolean removeUndesired) {
        RouteChanges c = new RouteChanges();
        for (Map.Entry<IpPrefix, Optional<FibRoute>> e : changes.entrySet()) {
            if (e.getValue().isPresent()) {
                FibRoute r = e.getValue().get();
                if (!r.destination().equals(e.getKey()) || r.table() != table) {
                    throw new IllegalArgumentException("change for " + e.getKey() + " in table "
                            + Integer.toUnsignedString(table) + " carries " + r);
                }
                c.put(e.getKey(), r.nextHops());
            } else {
                c.remove(e.getKey());
            }
        }
        return applyChanges(table, c, removeUndesired);
    }

    /**
     * The compact form of {@link #applyChanges(int, Map, boolean)}: O(changes) work and garbage,
     * written in netlink batches of up to {@value #CHUNK} routes; next-hop lists are interned, so
     * the reconciler keeps no object per IPv4 route.
     *
     * @throws IllegalArgumentException (before touching the kernel) for an invalid table or
     *     next-hop set (see {@link FibRoute})
     */
    public synchronized SyncResult applyChanges(int table, RouteChanges changes, boolean removeUndesired) {
        checkTable(table);
        validate(changes);
        PrefixMap<List<NextHop>> want = desired.table(table);
        for (int i = 0; i < changes.ipv4Count(); i++) {
            List<NextHop> hops = changes.ipv4Hops(i);
            if (hops == null) {
                want.removeIpv4(changes.ipv4Key(i));
            } else {
                want.putIpv4(changes.ipv4Key(i), canonical(true, hops));
            }
        }
        for (int i = 0; i < changes.ipv6Count(); i++) {
            List<NextHop> hops = changes.ipv6Hops(i);
            if (hops == null) {
                want.remove(changes.ipv6Prefix(i));
            } else {
                want.put(changes.ipv6Prefix(i), canonical(false, hops));
            }
        }
        if (!changes.isEmpty()) {
            tables.add(table);
        }
        if (!cacheValid) {
            return full(removeUndesired);
        }
        java.util.Iterator<Key> keys = new java.util.Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < changes.size();
            }

            @Override
            public Key next() {
                int n = changes.ipv4Count();
                IpPrefix p = i < n ? PrefixMap.ipv4Prefix(changes.ipv4Key(i)) : changes.ipv6Prefix(i - n);
                i++;
                return new Key(table, p);
            }
        };
        return incremental(keys, removeUndesired);
    }

    private static void checkTable(int table) {
        if (table <= 0) {
            throw new IllegalArgumentException("invalid routing table " + Integer.toUnsignedString(table));
        }
    }

    private void validate(RouteChanges changes) {
        for (int i = 0; i < changes.ipv4Count(); i++) {
            if (changes.ipv4Hops(i) != null) {
                canonical(true, changes.ipv4Hops(i));
            }
        }
        for (int i = 0; i < changes.ipv6Count(); i++) {
            if (changes.ipv6Hops(i) != null) {
                canonical(false, changes.ipv6Hops(i));
            }
        }
    }

    /** The shared, sorted, validated form of {@code hops} for a route of the family ({@link FibRoute}'s rules). */
    private List<NextHop> canonical(boolean ipv4, List<NextHop> hops) {
        Map<List<NextHop>, List<NextHop>> pool = ipv4 ? pool4 : pool6;
        List<NextHop> c = pool.get(hops);
        if (c == null) {
            if (pool.size() >= POOL_LIMIT) {
                pool.clear(); // churn of sets: routes keep their lists, new ones start sharing anew
            }
            c = new FibRoute(ipv4 ? ANY4 : ANY6, RouteSpec.MAIN_TABLE, hops).nextHops();
            List<NextHop> known = pool.putIfAbsent(c, c);
            if (known != null) {
                c = known;
            }
            pool.put(List.copyOf(hops), c);
        }
        return c;
    }

    private SyncResult full(boolean removeUndesired) {
        RouteStore want = desired;
        cacheValid = false;
        RouteStore good = new RouteStore();
        RouteStore others = new RouteStore(); // destinations with a route in the returned map (value unused)
        Map<Key, List<KernelRoute>> kernel = scan(want, good, others);

        Plan plan = new Plan();
        RouteStore nowInstalled = new RouteStore();
        Map<Key, List<KernelRoute>> kept = new HashMap<>();
        Map<Key, FibRoute> blocked = new HashMap<>();
        for (Map.Entry<Integer, PrefixMap<List<NextHop>>> t : want.tables().entrySet()) {
            int table = t.getKey();
            PrefixMap<List<NextHop>> goodHere = good.table(table);
            PrefixMap<List<NextHop>> installedHere = nowInstalled.table(table);
            PrefixMap<List<NextHop>> othersHere = others.table(table);
            t.getValue().forEachIpv4((k, hops) -> {
                if (goodHere.getIpv4(k) != null && othersHere.getIpv4(k) == null) {
                    plan.unchanged++; // the common case, without an object
                    installedHere.putIpv4(k, hops);
                } else {
                    reconcile(table, PrefixMap.ipv4Prefix(k), hops, goodHere, kernel, plan, nowInstalled, blocked);
                }
            });
            t.getValue().forEachIpv6((dest, hops) ->
                    reconcile(table, dest, hops, goodHere, kernel, plan, nowInstalled, blocked));
        }
        for (Map.Entry<Key, List<KernelRoute>> e : kernel.entrySet()) { // what is left is not desired
            List<KernelRoute> ours = e.getValue().stream().filter(this::mine).toList();
            if (removeUndesired) {
                ours.forEach(k -> plan.ops.add(RouteOp.delete(k)));
            } else if (!ours.isEmpty()) {
                kept.put(e.getKey(), ours);
            }
        }
        kernel.clear();
        good.clear();
        others.clear();
        SyncResult result = plan.run(true, nowInstalled, blocked);
        installed = nowInstalled;
        leftovers.clear();
        leftovers.putAll(kept);
        conflicted.clear();
        conflicted.putAll(blocked);
        // a refused write may leave our old route in place: only a dump knows
        cacheValid = result.failures().isEmpty();
        return result;
    }

    /** One desired route of a full pass against what the kernel holds for its destination. */
    private void reconcile(int table, IpPrefix dest, List<NextHop> hops, PrefixMap<List<NextHop>> good,
            Map<Key, List<KernelRoute>> kernel, Plan plan, RouteStore nowInstalled, Map<Key, FibRoute> blocked) {
        Key key = new Key(table, dest);
        int metric = defaultMetric(dest);
        List<KernelRoute> present = kernel.isEmpty() ? null : kernel.remove(key);
        if (present == null) {
            present = List.of();
        }
        // routes of ours here other than a satisfying one at the default metric (seen by the scan)
        List<KernelRoute> ours = present.isEmpty() ? List.of() : present.stream().filter(this::mine).toList();
        if (good.get(dest) != null) {
            plan.unchanged++;
            nowInstalled.put(table, dest, hops);
            ours.forEach(k -> plan.ops.add(RouteOp.delete(k)));
        } else if (present.stream().anyMatch(k -> !mine(k) && k.priority() == metric)) {
            blocked.put(key, new FibRoute(dest, table, hops));
            ours.forEach(k -> plan.ops.add(RouteOp.delete(k)));
        } else {
            boolean haveOurs = ours.stream().anyMatch(k -> k.priority() == metric);
            FibRoute r = new FibRoute(dest, table, hops);
            plan.write(haveOurs ? RouteOp.replace(r, protocol) : RouteOp.create(r, protocol));
            nowInstalled.put(table, dest, hops);
            // the write takes over the route at the default metric; others are leftovers
            ours.stream().filter(k -> k.priority() != metric).forEach(k -> plan.ops.add(RouteOp.delete(k)));
        }
    }

    /**
     * Reads the owned tables back, streaming: a route of ours at the default metric that is
     * exactly as desired is only noted in {@code good} (no object kept: a resync of a table in
     * sync keeps nothing per route); every other route is returned by (table, destination). A
     * dump the kernel marks interrupted, or whose reply did not fit (ENOBUFS; the socket grew its
     * buffer), is read again from the start, up to three attempts.
     */
    private Map<Key, List<KernelRoute>> scan(RouteStore want, RouteStore good, RouteStore others) {
        for (int attempt = 1; ; attempt++) {
            good.clear();
            others.clear();
            Map<Key, List<KernelRoute>> kernel = new HashMap<>();
            boolean again = false;
            try {
                for (int family : new int[] {Netlink.AF_INET, Netlink.AF_INET6}) {
                    for (int table : tables) { // the kernel filters each dump by table (NETLINK_GET_STRICT_CHK)
                        PrefixMap<List<NextHop>> wantHere = want.table(table);
                        PrefixMap<List<NextHop>> goodHere = good.table(table);
                        PrefixMap<List<NextHop>> othersHere = others.table(table);
                        again |= nl.forEachRoute(family, table, kr -> {
                            IpPrefix d = kr.spec().destination();
                            if (mine(kr) && kr.priority() == defaultMetric(d)) {
                                List<NextHop> h = wantHere.get(d);
                                if (h != null && goodHere.get(d) == null && satisfies(kr, table, d, h)) {
                                    goodHere.put(d, h);
                                    return;
                                }
                            }
                            othersHere.put(d, List.of());
                            Key key = new Key(table, d);
                            List<KernelRoute> l = kernel.putIfAbsent(key, List.of(kr));
                            if (l != null) {
                                List<KernelRoute> more = new ArrayList<>(l);
                                more.add(kr);
                                kernel.put(key, more);
                            }
                        });
                    }
                }
            } catch (NetlinkException e) {
                if (e.errno() != NetlinkException.ENOBUFS || attempt == 3) {
                    throw e;
                }
                again = true;
            }
            if (!again || attempt == 3) {
                return kernel;
            }
        }
    }

    /** {@link KernelRoute#satisfies(FibRoute)} without building a FibRoute for a single next hop. */
    private static boolean satisfies(KernelRoute k, int table, IpPrefix dest, List<NextHop> hops) {
        if (hops.size() == 1 && k.paths().size() == 1) {
            NextHop want = hops.get(0);
            NextHop have = k.paths().get(0);
            return k.spec().table() == table && k.spec().destination().equals(dest)
                    && want.gateway().equals(have.gateway())
                    && (want.device().isEmpty() || want.device().equals(have.device()));
        }
        return k.satisfies(new FibRoute(dest, table, hops));
    }

    /** Incremental pass over {@code keys}, written chunk by chunk (each its own netlink batch). */
    private SyncResult incremental(java.util.Iterator<Key> keys, boolean removeUndesired) {
        int added = 0;
        int replaced = 0;
        int deleted = 0;
        int unchanged = 0;
        List<FibRoute> conflicts = new ArrayList<>();
        List<SyncResult.Failure> failures = new ArrayList<>();
        boolean first = true;
        while (first || keys.hasNext()) {
            List<Key> chunk = new ArrayList<>(CHUNK);
            while (chunk.size() < CHUNK && keys.hasNext()) {
                chunk.add(keys.next());
            }
            SyncResult r = incrementalChunk(chunk, removeUndesired && first, removeUndesired);
            if (r.fullResync()) {
                return r; // answers were lost: a full resync replaced this pass
            }
            first = false;
            added += r.added();
            replaced += r.replaced();
            deleted += r.deleted();
            unchanged += r.unchanged();
            conflicts.addAll(r.conflicts());
            failures.addAll(r.failures());
        }
        cacheValid = failures.isEmpty();
        return new SyncResult(added, replaced, deleted, unchanged, conflicts, failures, false);
    }

    private SyncResult incrementalChunk(List<Key> keys, boolean deleteLeftovers, boolean removeUndesired) {
        Plan plan = new Plan();
        // updated in place (O(changes)); if the batch throws, the cache is invalid and rebuilt by a dump
        RouteStore nowInstalled = installed;
        Map<Key, FibRoute> blocked = new HashMap<>();
        Map<Key, KernelRoute> keptNow = new HashMap<>();
        for (Key key : keys) {
            List<NextHop> r = desired.get(key);
            List<NextHop> have = installed.get(key);
            if (r != null) {
                FibRoute conflict = conflicted.get(key);
                if (r.equals(have)) {
                    plan.unchanged++;
                } else if (conflict != null && conflict.nextHops().equals(r)) {
                    blocked.put(key, conflict);
                } else {
                    boolean ours = have != null || leftovers.containsKey(key);
                    FibRoute route = new FibRoute(key.destination(), key.table(), r);
                    plan.write(ours ? RouteOp.replace(route, protocol) : RouteOp.create(route, protocol));
                    nowInstalled.put(key.table(), key.destination(), r);
                }
            } else if (have != null) {
                nowInstalled.remove(key.table(), key.destination());
                if (removeUndesired) {
                    plan.ops.add(RouteOp.delete(asKernelRoute(key, have)));
                } else {
                    keptNow.put(key, asKernelRoute(key, have));
                }
            }
        }
        if (deleteLeftovers) {
            // kept by add-only passes; a desired key's route at the default metric was replaced above
            leftovers.forEach((k, routes) -> routes.stream()
                    .filter(kr -> !desired.contains(k) || kr.priority() != defaultMetric(k.destination()))
                    .forEach(kr -> plan.ops.add(RouteOp.delete(kr))));
        }
        SyncResult result;
        try {
            result = plan.run(false, nowInstalled, blocked);
        } catch (NetlinkException e) {
            cacheValid = false;
            if (e.errno() == NetlinkException.ENOBUFS) {
                return full(removeUndesired); // answers lost: re-read the kernel
            }
            throw e;
        }
        if (removeUndesired) {
            leftovers.clear();
        } else {
            for (Key k : keys) {
                if (desired.contains(k)) { // its default-metric leftover was taken over
                    leftovers.computeIfPresent(k, (x, l) -> {
                        List<KernelRoute> rest = l.stream().filter(kr -> kr.priority() != defaultMetric(k.destination())).toList();
                        return rest.isEmpty() ? null : rest;
                    });
                }
            }
            keptNow.forEach((k, kr) -> leftovers.merge(k, List.of(kr), (a, b) -> {
                List<KernelRoute> both = new ArrayList<>(a);
                both.addAll(b);
                return both;
            }));
        }
        for (Key k : keys) {
            if (!desired.contains(k)) {
                conflicted.remove(k);
            }
        }
        conflicted.putAll(blocked);
        return result;
    }

    /** Makes the next {@link #apply} a full resync (e.g. periodically, or after an outside change). */
    public synchronized void requestResync() {
        cacheValid = false;
    }

    /** The routes this reconciler believes are installed as desired (empty before the first pass). */
    public synchronized List<FibRoute> installed() {
        return installed.toFibRoutes();
    }

    /** How many routes {@link #installed()} would list, in O(tables). */
    public synchronized int installedCount() {
        return installed.size();
    }

    private RouteStore index(Collection<FibRoute> desired) {
        Map<Key, FibRoute> want = new LinkedHashMap<>();
        for (FibRoute r : desired) {
            FibRoute prev = want.putIfAbsent(Key.of(r), r);
            if (prev != null && !prev.equals(r)) {
                throw new IllegalArgumentException("two desired routes for " + r.destination() + " in table "
                        + Integer.toUnsignedString(r.table()) + ": " + prev + " and " + r);
            }
        }
        RouteStore store = new RouteStore();
        want.forEach((k, r) -> {
            tables.add(k.table());
            store.put(k.table(), k.destination(), canonical(k.destination().isIpv4(), r.nextHops()));
        });
        return store;
    }

    private KernelRoute asKernelRoute(Key key, List<NextHop> hops) {
        NextHop first = hops.get(0);
        RouteSpec spec = new RouteSpec(key.destination(), first.gateway(), first.device(), key.table());
        return new KernelRoute(spec, protocol, key.destination().isIpv4() ? 0 : IPV6_DEFAULT_METRIC, 0, false,
                hops.size(), hops);
    }

    private static int defaultMetric(IpPrefix p) {
        return p.isIpv4() ? 0 : IPV6_DEFAULT_METRIC;
    }

    private boolean mine(KernelRoute k) {
        return k.protocol() == protocol && owns.test(k);
    }

    /** The writes of one pass, sent as one batch. */
    private final class Plan {
        final List<RouteOp> ops = new ArrayList<>();
        int unchanged;

        void write(RouteOp op) {
            ops.add(op);
        }

        SyncResult run(boolean full, RouteStore nowInstalled, Map<Key, FibRoute> blocked) {
            Map<Integer, NetlinkException> errors = ops.isEmpty() ? Map.of() : nl.routeBatch(ops);
            int added = 0;
            int replaced = 0;
            int deleted = 0;
            List<SyncResult.Failure> failures = new ArrayList<>();
            for (int i = 0; i < ops.size(); i++) {
                RouteOp op = ops.get(i);
                NetlinkException e = errors.get(i);
                if (e == null) {
                    switch (op.kind()) {
                        case CREATE -> added++;
                        case REPLACE -> replaced++;
                        case DELETE -> deleted++;
                    }
                } else if (op.kind() == RouteOp.Kind.DELETE) {
                    KernelRoute k = op.existing();
                    failures.add(new SyncResult.Failure(new FibRoute(k.spec().destination(), k.spec().table(),
                            k.paths()), e));
                } else {
                    Key key = Key.of(op.route());
                    nowInstalled.remove(key.table(), key.destination());
                    if (op.kind() == RouteOp.Kind.CREATE && e.errno() == NetlinkException.EEXIST) {
                        blocked.put(key, op.route()); // a route we do not own appeared since the last dump
                    } else {
                        failures.add(new SyncResult.Failure(op.route(), e));
                    }
                }
            }
            return new SyncResult(added, replaced, deleted, unchanged, List.copyOf(blocked.values()), failures, full);
        }
    }

    /** The route protocol number this reconciler owns. */
    public int protocol() {
        return protocol;
    }

    /** The tables currently owned (constructor tables plus every table seen in a desired set). */
    public synchronized Set<Integer> tables() {
        return Set.copyOf(tables);
    }
}
