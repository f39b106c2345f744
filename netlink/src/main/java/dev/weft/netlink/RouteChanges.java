package dev.weft.netlink;

import dev.weft.common.net.IpPrefix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A compact list of route changes for one routing table, for
 * {@link RouteTableReconciler#applyChanges(int, RouteChanges, boolean)} and
 * {@link RouteTableReconciler#syncTable(int, RouteChanges, boolean)}: destination → its next
 * hops now, or removal. IPv4 destinations are held as compact keys ({@link PrefixMap#ipv4Key})
 * in primitive arrays, so a change costs 12 bytes plus a shared next-hop list — pass the same
 * {@code List<NextHop>} instance for every route via the same next hops.
 *
 * <p>A later change of a destination overrides an earlier one. Not thread-safe.
 */
public final class RouteChanges {
    private long[] v4Keys = new long[16];
    private Object[] v4Hops = new Object[16];
    private int v4Count;
    private final List<IpPrefix> v6Prefixes = new ArrayList<>();
    private final List<List<NextHop>> v6Hops = new ArrayList<>();

    /** The route to {@code destination} is now via {@code nextHops} (one or more; checked when applied). */
    public RouteChanges put(IpPrefix destination, List<NextHop> nextHops) {
        Objects.requireNonNull(nextHops, "nextHops");
        if (destination.isIpv4()) {
            return add(PrefixMap.ipv4Key(destination), nextHops);
        }
        v6Prefixes.add(destination);
        v6Hops.add(nextHops);
        return this;
    }

    /** The IPv4 route with compact key {@code key} is now via {@code nextHops}. */
    public RouteChanges putIpv4(long key, List<NextHop> nextHops) {
        return add(key, Objects.requireNonNull(nextHops, "nextHops"));
    }

    /** {@code destination} has no route any more. */
    public RouteChanges remove(IpPrefix destination) {
        if (destination.isIpv4()) {
            return add(PrefixMap.ipv4Key(destination), null);
        }
        v6Prefixes.add(destination);
        v6Hops.add(null);
        return this;
    }

    /** The IPv4 destination with compact key {@code key} has no route any more. */
    public RouteChanges removeIpv4(long key) {
        return add(key, null);
    }

    private RouteChanges add(long key, List<NextHop> hops) {
        if (key < 0 || (key & 0xff) > 32) {
            throw new IllegalArgumentException("not a compact IPv4 prefix key: " + key);
        }
        if (v4Count == v4Keys.length) {
            v4Keys = Arrays.copyOf(v4Keys, v4Count * 2);
            v4Hops = Arrays.copyOf(v4Hops, v4Count * 2);
        }
        v4Keys[v4Count] = key;
        v4Hops[v4Count++] = hops;
        return this;
    }

    /** Number of changes (a destination changed twice counts twice). */
    public int size() {
        return v4Count + v6Prefixes.size();
    }

    /** True if there is no change. */
    public boolean isEmpty() {
        return size() == 0;
    }

    int ipv4Count() {
        return v4Count;
    }

    long ipv4Key(int i) {
        return v4Keys[i];
    }

    @SuppressWarnings("unchecked")
    List<NextHop> ipv4Hops(int i) {
        return (List<NextHop>) v4Hops[i];
    }

    int ipv6Count() {
        return v6Prefixes.size();
    }

    IpPrefix ipv6Prefix(int i) {
        return v6Prefixes.get(i);
    }

    List<NextHop> ipv6Hops(int i) {
        return v6Hops.get(i);
    }
}
