package dev.weft.agent.routing;

import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import dev.weft.netlink.FibRoute;
import dev.weft.netlink.NextHop;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Pure calculation: from learned best paths to kernel routes. No I/O.
 *
 * <p>One route per prefix; its next hops are the best path's ECMP set (a multipath route when
 * there are several). A next hop gets an output device only when the kernel needs one: an IPv6
 * link-local next hop (RFC 2545 §3; the device is the one the session runs over), and an IPv6
 * next hop of an IPv4 prefix (RFC 8950; encoded as RTA_VIA). A next hop of the wrong family for
 * its prefix (IPv4 next hop of an IPv6 prefix), or one whose device cannot be found, is left out;
 * a prefix with no usable next hop gets no route and is reported in {@link Plan#skipped()}.
 */
final class FibPlanner {
    private FibPlanner() {}

    /**
     * What a best path says about forwarding.
     *
     * @param nextHops the ECMP next hop set, best path's own first (at least one)
     * @param peer the neighbour the best path was learned from (its session's interface is the
     *     device of link-local next hops)
     */
    record Learned(List<InetAddress> nextHops, InetAddress peer) {
        Learned {
            nextHops = List.copyOf(nextHops);
            Objects.requireNonNull(peer, "peer");
            if (nextHops.isEmpty()) {
                throw new IllegalArgumentException("no next hop");
            }
        }
    }

    /**
     * The kernel routes and the prefixes that could not be routed.
     *
     * @param routes one per routable prefix, in prefix order
     * @param skipped prefix → why it has no route
     */
    record Plan(List<FibRoute> routes, Map<IpPrefix, String> skipped) {}

    /**
     * @param learned best paths by prefix (iteration order is kept)
     * @param deviceOf the interface through which an address is reached directly (connected
     *     route or the scope of a link-local address), or empty
     */
    static Plan plan(Map<IpPrefix, Learned> learned, Function<InetAddress, Optional<String>> deviceOf) {
        List<FibRoute> routes = new ArrayList<>(learned.size());
        Map<IpPrefix, String> skipped = new java.util.TreeMap<>();
        for (Map.Entry<IpPrefix, Learned> e : learned.entrySet()) {
            Outcome o = outcome(e.getKey(), e.getValue(), deviceOf);
            if (o.hops() == null) {
                skipped.put(e.getKey(), o.skipped());
            } else {
                routes.add(FibRoute.of(e.getKey(), o.hops()));
            }
        }
        return new Plan(routes, skipped);
    }

    /**
     * The kernel next hops of one learned best path, or why it gets no route.
     *
     * @param hops the route's next hops, sorted as {@link FibRoute} keeps them (null if skipped)
     * @param skipped why there is no route (null if routed)
     */
    record Outcome(List<NextHop> hops, String skipped) {}

    /**
     * The next hops for a prefix of {@code prefix}'s family learned as {@code l}: depends on the
     * family only (and on {@code deviceOf}), so one outcome serves every prefix of that family
     * with the same best path — compute it once per distinct {@link Learned}.
     */
    static Outcome outcome(IpPrefix prefix, Learned l, Function<InetAddress, Optional<String>> deviceOf) {
        List<NextHop> hops = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (InetAddress nh : new LinkedHashSet<>(l.nextHops())) {
            nextHop(prefix, nh, l.peer(), deviceOf).ifPresentOrElse(hops::add,
                    () -> problems.add(IpAddresses.toText(nh)));
        }
        if (hops.isEmpty()) {
            return new Outcome(null, "no usable next hop among " + problems);
        }
        try {
            return new Outcome(FibRoute.of(prefix, hops).nextHops(), null);
        } catch (IllegalArgumentException ex) {
            return new Outcome(null, ex.getMessage());
        }
    }

    private static Optional<NextHop> nextHop(IpPrefix prefix, InetAddress nh, InetAddress peer,
            Function<InetAddress, Optional<String>> deviceOf) {
        if (nh.isAnyLocalAddress() || nh.isMulticastAddress() || nh.isLoopbackAddress()) {
            return Optional.empty();
        }
        if (nh instanceof Inet4Address) {
            return prefix.isIpv4() ? Optional.of(NextHop.via(nh)) : Optional.empty();
        }
        Inet6Address v6 = (Inet6Address) nh;
        if (v6.isLinkLocalAddress()) {
            // the session's interface: from the address's own scope, else where the peer is
            Optional<String> dev = Optional.ofNullable(v6.getScopedInterface()).map(java.net.NetworkInterface::getName)
                    .or(() -> deviceOf.apply(peer));
            return dev.map(d -> NextHop.via(withoutScope(v6), d));
        }
        if (prefix.isIpv6()) {
            return Optional.of(NextHop.via(nh));
        }
        return deviceOf.apply(nh).or(() -> deviceOf.apply(peer)).map(d -> NextHop.via(nh, d)); // RFC 8950
    }

    private static InetAddress withoutScope(Inet6Address a) {
        try {
            return InetAddress.getByAddress(a.getAddress());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
