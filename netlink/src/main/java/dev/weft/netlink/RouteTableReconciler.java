package dev.weft.netlink;

import dev.weft.common.net.IpPrefix;
import dev.weft.model.route.RouteSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Level-triggered owner of every route with one protocol number in a set of routing tables.
 *
 * <p>Each {@link #sync} reads the kernel's routes back (RTM_GETROUTE dumps, IPv4 and IPv6) and
 * converges them to the desired set: missing or different desired routes are created or
 * replaced, routes with our protocol that are not desired are deleted, and every route of another
 * protocol is left alone — even one that blocks a desired route, which is then reported as a
 * conflict. Because it compares with what the kernel holds now, every call repairs drift (a route
 * deleted or changed behind its back) and a repeated call with the same input changes nothing.
 *
 * <p>Owned tables: those given to the constructor (default: main) plus every table that ever
 * appeared in a desired set, so routes of a table that drops out of the desired set are removed.
 * Routes are keyed by (table, destination); the kernel's default metric is used (0 for IPv4,
 * 1024 for IPv6), and our routes at other metrics are removed.
 *
 * <p>Thread-safety: {@code sync} is synchronized; the {@link Netlink} may be shared.
 */
public final class RouteTableReconciler {
    private static final int IPV6_DEFAULT_METRIC = 1024;

    private final Netlink nl;
    private final int protocol;
    private final Set<Integer> tables = new TreeSet<>();
    private final Predicate<KernelRoute> owns;

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

    private record Key(int table, IpPrefix destination) {}

    /**
     * Converges the owned tables to {@code desired}.
     *
     * @param desired every route Weft wants in the owned tables; at most one per (table, destination)
     * @return counts, conflicts and the routes the kernel refused
     * @throws IllegalArgumentException (before touching the kernel) if two desired routes share a
     *     table and destination but differ
     * @throws NetlinkException if the kernel's routes cannot be read at all
     */
    public synchronized SyncResult sync(Collection<RouteSpec> desired) {
        Map<Key, RouteSpec> want = new LinkedHashMap<>();
        for (RouteSpec r : desired) {
            RouteSpec prev = want.putIfAbsent(new Key(r.table(), r.destination()), r);
            if (prev != null && !prev.equals(r)) {
                throw new IllegalArgumentException("two desired routes for " + r.destination() + " in table "
                        + r.table() + ": " + prev + " and " + r);
            }
        }
        want.keySet().forEach(k -> tables.add(k.table()));

        Map<Key, List<KernelRoute>> kernel = new HashMap<>();
        for (int family : new int[] {Netlink.AF_INET, Netlink.AF_INET6}) {
            for (int table : tables) { // the kernel filters each dump by table (NETLINK_GET_STRICT_CHK)
                for (KernelRoute kr : nl.listRoutes(family, table)) {
                    kernel.computeIfAbsent(new Key(table, kr.spec().destination()), k -> new ArrayList<>()).add(kr);
                }
            }
        }

        int added = 0;
        int replaced = 0;
        int deleted = 0;
        int unchanged = 0;
        List<RouteSpec> conflicts = new ArrayList<>();
        List<SyncResult.Failure> failures = new ArrayList<>();
        for (Map.Entry<Key, RouteSpec> e : want.entrySet()) {
            RouteSpec r = e.getValue();
            int defaultMetric = r.destination().isIpv4() ? 0 : IPV6_DEFAULT_METRIC;
            List<KernelRoute> present = kernel.getOrDefault(e.getKey(), List.of());
            List<KernelRoute> ours = present.stream().filter(this::mine).toList();
            KernelRoute good = ours.stream()
                    .filter(k -> k.satisfies(r) && k.priority() == defaultMetric).findFirst().orElse(null);
            List<KernelRoute> stale = new ArrayList<>();
            if (good != null) {
                unchanged++;
                ours.stream().filter(k -> k != good).forEach(stale::add);
            } else if (present.stream().anyMatch(k -> !mine(k) && k.priority() == defaultMetric)) {
                conflicts.add(r);
                stale.addAll(ours);
            } else {
                try {
                    nl.replaceRoute(r, protocol);
                    if (ours.stream().noneMatch(k -> k.priority() == defaultMetric)) {
                        added++;
                    } else {
                        replaced++;
                    }
                } catch (NetlinkException ex) {
                    failures.add(new SyncResult.Failure(r, ex));
                }
                // the replace took over the route at the default metric; others are leftovers
                ours.stream().filter(k -> k.priority() != defaultMetric).forEach(stale::add);
            }
            deleted += deleteAll(stale, failures);
        }
        for (Map.Entry<Key, List<KernelRoute>> e : kernel.entrySet()) {
            if (!want.containsKey(e.getKey())) {
                deleted += deleteAll(e.getValue().stream().filter(this::mine).toList(), failures);
            }
        }
        return new SyncResult(added, replaced, deleted, unchanged, conflicts, failures);
    }

    private boolean mine(KernelRoute k) {
        return k.protocol() == protocol && owns.test(k);
    }

    private int deleteAll(List<KernelRoute> routes, List<SyncResult.Failure> failures) {
        int n = 0;
        for (KernelRoute k : routes) {
            try {
                nl.deleteRoute(k);
                n++;
            } catch (NetlinkException ex) {
                failures.add(new SyncResult.Failure(k.spec(), ex));
            }
        }
        return n;
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
