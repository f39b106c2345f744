package dev.weft.bgp.rib;

import dev.weft.common.net.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The Loc-RIB of one address family (RFC 4271 §3.2): per prefix the candidate routes (after
 * import policy) and the best of them with its ECMP multipath set. A prefix with one candidate
 * (the common case at scale) stores just that {@link Route}; several candidates share a
 * {@link Dest}. Candidates change first ({@link #set}); {@link #select} then recomputes the best
 * once per prefix per batch. Not thread-safe.
 */
final class LocRib {
    private final BestPathSelector selector;
    private final int maxPaths;
    private final PrefixTable<Object> table;

    /** Several candidates: the array, and the best as of the last {@link #select}. */
    private static final class Dest {
        Route[] routes;
        Route best;
        List<InetAddress> nextHops;

        Dest(Route[] routes, Route best) {
            this.routes = routes;
            this.best = best;
        }
    }

    /** The state of a prefix before a batch changed it. */
    record Snapshot(Route best, List<InetAddress> nextHops) {
        /** No route before (shared: most prefixes of a table load are new). */
        static final Snapshot NONE = new Snapshot(null, null);
    }

    LocRib(boolean ipv4, BestPathSelector selector, int maxPaths) {
        this.table = PrefixTable.create(ipv4);
        this.selector = selector;
        this.maxPaths = maxPaths;
    }

    /** The best route (as of the last {@link #select}), or null. */
    Route best(IpPrefix p) {
        Object v = table.get(p);
        return v instanceof Dest d ? d.best : (Route) v;
    }

    /** The multipath next hops of the best route (first = its own), empty if no route. */
    List<InetAddress> nextHops(IpPrefix p) {
        return nextHopsOf(table.get(p));
    }

    private static List<InetAddress> nextHopsOf(Object v) {
        if (v == null) {
            return List.of();
        }
        if (v instanceof Dest d) {
            return d.nextHops != null ? d.nextHops : List.of(d.best.attributes.nextHop());
        }
        return List.of(((Route) v).attributes.nextHop());
    }

    /** The candidate of {@code peer} for {@code p}, or null. */
    Route candidate(IpPrefix p, PeerState peer) {
        Object v = table.get(p);
        if (v instanceof Route r) {
            return r.peer == peer ? r : null;
        }
        if (v instanceof Dest d) {
            for (Route r : d.routes) {
                if (r.peer == peer) {
                    return r;
                }
            }
        }
        return null;
    }

    /** The table value the last {@link #select} looked at (its best is the selected route). */
    private Object selectedValue;

    /**
     * Replaces {@code peer}'s candidate for {@code p} ({@code route} null = remove it), first
     * recording the prefix's state in {@code touched} if it is not there yet, and its new table
     * value there.
     */
    void set(IpPrefix p, PeerState peer, Route route, Touched touched) {
        Object v = table.get(p);
        int i = touched.indexOf(p);
        if (i < 0) {
            i = touched.add(p, snapshot(v));
        }
        Object now = replaced(v, peer, route);
        if (now == null && v != null) {
            table.remove(p);
        } else if (now != v) {
            table.put(p, now);
        }
        touched.after(i, now);
    }

    /** {@link #set(IpPrefix, PeerState, Route, Touched)} by compact IPv4 key (IPv4 Loc-RIB only). */
    void set(long key, PeerState peer, Route route, Touched touched) {
        Object v = table.getKey(key);
        int i = touched.indexOf(key);
        if (i < 0) {
            i = touched.add(key, snapshot(v));
        }
        Object now = replaced(v, peer, route);
        if (now == null && v != null) {
            table.removeKey(key);
        } else if (now != v) {
            table.putKey(key, now);
        }
        touched.after(i, now);
    }

    /** {@link LongTable#touch} by compact IPv4 key (IPv4 Loc-RIB only). */
    long touch(long key) {
        return table.touchKey(key);
    }

    private Snapshot snapshot(Object v) {
        Route best = v instanceof Dest d ? d.best : (Route) v;
        return best == null ? Snapshot.NONE : new Snapshot(best, maxPaths > 1 ? nextHopsOf(v) : null);
    }

    /** The table value after {@code peer}'s candidate in {@code v} becomes {@code route} (null = none). */
    private static Object replaced(Object v, PeerState peer, Route route) {
        if (v == null) {
            return route;
        }
        if (v instanceof Route r) {
            if (r.peer == peer) {
                return route;
            }
            return route == null ? r : new Dest(new Route[] {r, route}, r);
        }
        Dest d = (Dest) v;
        int i = 0;
        while (i < d.routes.length && d.routes[i].peer != peer) {
            i++;
        }
        if (i < d.routes.length && route != null) {
            d.routes[i] = route;
        } else if (i < d.routes.length) {
            Route[] rest = new Route[d.routes.length - 1];
            System.arraycopy(d.routes, 0, rest, 0, i);
            System.arraycopy(d.routes, i + 1, rest, i, rest.length - i);
            if (rest.length == 1) {
                return rest[0];
            }
            d.routes = rest;
        } else if (route != null) {
            d.routes = Arrays.copyOf(d.routes, d.routes.length + 1);
            d.routes[d.routes.length - 1] = route;
        }
        return d;
    }

    /**
     * Recomputes the best route of the {@code i}th prefix of {@code touched} from the table value
     * recorded there (no table lookup); true if it or its multipath set differs from its state
     * before the batch.
     */
    boolean select(Touched touched, int i) {
        return touched.ipv4() ? select(touched.after(i), null, touched.key(i), touched.before(i))
                : select(touched.after(i), touched.prefix(i), 0, touched.before(i));
    }

    /** {@code p}, or when null the prefix of IPv4 {@code key} (built only when candidates must be compared). */
    private boolean select(Object v, IpPrefix prefix, long key, Snapshot before) {
        Route now;
        if (v instanceof Dest d) {
            IpPrefix p = prefix != null ? prefix : PrefixTable.ipv4Prefix(key);
            List<Path> paths = new ArrayList<>(d.routes.length);
            for (Route r : d.routes) {
                paths.add(r.toPath(p));
            }
            int i = selector.selectIndex(paths);
            d.best = d.routes[i];
            if (maxPaths > 1) {
                List<InetAddress> hops = new ArrayList<>();
                for (Path mp : BestPathSelector.multipath(paths.get(i), paths, Integer.MAX_VALUE)) {
                    if (!hops.contains(mp.attributes().nextHop()) && hops.size() < maxPaths) {
                        hops.add(mp.attributes().nextHop());
                    }
                }
                d.nextHops = List.copyOf(hops);
            }
            now = d.best;
        } else {
            now = (Route) v;
        }
        selectedValue = v;
        if (!Route.same(before.best(), now)) {
            return true;
        }
        return before.nextHops() != null && now != null && !before.nextHops().equals(nextHopsOf(v));
    }

    /** The multipath next hops of the route found by the last {@link #select} (first = its own), empty if none. */
    List<InetAddress> selectedNextHops() {
        return nextHopsOf(selectedValue);
    }

    /** The best route found by the last {@link #select}, or null. */
    Route selected() {
        return selectedValue instanceof Dest d ? d.best : (Route) selectedValue;
    }

    int size() {
        return table.size();
    }

    /** Every prefix with its best route. */
    void forEachBest(BiConsumer<IpPrefix, Route> action) {
        table.forEach((p, v) -> action.accept(p, v instanceof Dest d ? d.best : (Route) v));
    }

    List<IpPrefix> prefixes() {
        return table.keys();
    }
}
