package dev.weft.netlink;

import dev.weft.common.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Routes by (table, destination) → next hops, compactly: one {@link PrefixMap} per table, whose
 * values are the (interned, shared) next-hop lists — no object per IPv4 route.
 */
final class RouteStore {
    private final Map<Integer, PrefixMap<List<NextHop>>> tables = new TreeMap<>();

    /** Receives the routes of {@link #forEach}. */
    @FunctionalInterface
    interface Visitor {
        void visit(int table, IpPrefix destination, List<NextHop> nextHops);
    }

    List<NextHop> get(int table, IpPrefix destination) {
        PrefixMap<List<NextHop>> t = tables.get(table);
        return t == null ? null : t.get(destination);
    }

    List<NextHop> get(Key key) {
        return get(key.table(), key.destination());
    }

    boolean contains(Key key) {
        return get(key) != null;
    }

    void put(int table, IpPrefix destination, List<NextHop> nextHops) {
        tables.computeIfAbsent(table, t -> new PrefixMap<>()).put(destination, nextHops);
    }

    void remove(int table, IpPrefix destination) {
        PrefixMap<List<NextHop>> t = tables.get(table);
        if (t != null) {
            t.remove(destination);
        }
    }

    /** The table's map, created when absent. */
    PrefixMap<List<NextHop>> table(int table) {
        return tables.computeIfAbsent(table, t -> new PrefixMap<>());
    }

    /** Every table's map, by table id (do not modify). */
    Map<Integer, PrefixMap<List<NextHop>>> tables() {
        return tables;
    }

    void replaceTable(int table, PrefixMap<List<NextHop>> routes) {
        tables.put(table, routes);
    }

    int size() {
        int n = 0;
        for (PrefixMap<List<NextHop>> t : tables.values()) {
            n += t.size();
        }
        return n;
    }

    void clear() {
        tables.clear();
    }

    /** Visits every route (an {@link IpPrefix} is made per IPv4 route); do not modify meanwhile. */
    void forEach(Visitor v) {
        tables.forEach((table, t) -> t.forEach((p, hops) -> v.visit(table, p, hops)));
    }

    /** The routes as {@link FibRoute}s (one object each: status and tests, not the hot path). */
    List<FibRoute> toFibRoutes() {
        List<FibRoute> out = new ArrayList<>(size());
        forEach((table, p, hops) -> out.add(new FibRoute(p, table, hops)));
        return out;
    }

    /** A routing table and a destination. */
    record Key(int table, IpPrefix destination) {
        static Key of(FibRoute r) {
            return new Key(r.table(), r.destination());
        }
    }
}
