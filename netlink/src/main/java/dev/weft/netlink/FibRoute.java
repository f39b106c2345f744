package dev.weft.netlink;

import dev.weft.common.net.IpPrefix;
import dev.weft.model.route.RouteSpec;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A desired kernel route with one or more next hops: a single-path route, or an ECMP multipath
 * route (RTA_MULTIPATH) when several next hops are given.
 *
 * <p>Next hops are kept sorted, so two routes with the same next hops in another order are equal.
 * An IPv4 route may have IPv6 gateways (encoded as RTA_VIA; the kernel needs a device for them);
 * an IPv6 route needs IPv6 gateways.
 *
 * @param destination destination prefix (IPv4 or IPv6)
 * @param table kernel routing table id (254 = main), 1–2^32-1
 * @param nextHops one or more distinct next hops (distinct by gateway and device)
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3549#section-3.1.1">RFC 3549 §3.1.1</a>
 */
public record FibRoute(IpPrefix destination, int table, List<NextHop> nextHops) {

    public FibRoute {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(nextHops, "nextHops");
        if (table <= 0) {
            throw new IllegalArgumentException("invalid routing table " + table);
        }
        if (nextHops.isEmpty()) {
            throw new IllegalArgumentException("route to " + destination + " has no next hop");
        }
        if (nextHops.size() == 1 && nextHops.get(0).weight() == 1) {
            // the common case without sorting or copying (an immutable list is kept as it is)
            checkGateway(destination, nextHops.get(0));
            nextHops = List.copyOf(nextHops);
        } else {
            nextHops = normalized(destination, nextHops);
        }
    }

    private static List<NextHop> normalized(IpPrefix destination, List<NextHop> nextHops) {
        List<NextHop> sorted = new ArrayList<>(nextHops);
        sorted.sort(null);
        var seen = new HashSet<List<Object>>();
        for (NextHop h : sorted) {
            if (!seen.add(List.of(h.gateway(), h.device()))) {
                throw new IllegalArgumentException("route to " + destination + ": next hop " + h + " given twice");
            }
            checkGateway(destination, h);
            if (sorted.size() > 1 && h.gateway().isEmpty()) {
                // the kernel accepts device-only legs for IPv4 but not for IPv6; keep one rule
                throw new IllegalArgumentException("route to " + destination + ": multipath next hop " + h
                        + " has no gateway");
            }
        }
        if (sorted.size() == 1 && sorted.get(0).weight() != 1) {
            sorted.set(0, sorted.get(0).withWeight(1)); // weight means nothing without siblings
        }
        return List.copyOf(sorted);
    }

    private static void checkGateway(IpPrefix destination, NextHop h) {
        if (h.gateway().isPresent()) {
            InetAddress g = h.gateway().get();
            if (destination.isIpv6() && g instanceof Inet4Address) {
                throw new IllegalArgumentException("route to " + destination + ": IPv4 gateway "
                        + g.getHostAddress() + " for an IPv6 destination");
            }
            if (destination.isIpv4() && g instanceof Inet6Address && h.device().isEmpty()) {
                throw new IllegalArgumentException("route to " + destination + ": IPv6 gateway "
                        + g.getHostAddress() + " of an IPv4 route needs a device");
            }
        }
    }

    /** The route {@code spec} describes (one next hop: its gateway and/or device). */
    public static FibRoute of(RouteSpec spec) {
        return new FibRoute(spec.destination(), spec.table(),
                List.of(new NextHop(spec.gateway(), spec.device(), 1)));
    }

    /** A route in the main table via one or more gateways (devices resolved by the kernel). */
    public static FibRoute via(IpPrefix destination, List<? extends InetAddress> gateways) {
        return new FibRoute(destination, RouteSpec.MAIN_TABLE, gateways.stream().map(NextHop::via).toList());
    }

    /** A route in the main table with the given next hops. */
    public static FibRoute of(IpPrefix destination, List<NextHop> nextHops) {
        return new FibRoute(destination, RouteSpec.MAIN_TABLE, nextHops);
    }

    /** True if this route has more than one next hop (an RTA_MULTIPATH route). */
    public boolean isMultipath() {
        return nextHops.size() > 1;
    }

    /** This route as a {@link RouteSpec} if it has a single next hop. */
    public Optional<RouteSpec> asRouteSpec() {
        if (isMultipath()) {
            return Optional.empty();
        }
        NextHop h = nextHops.get(0);
        return Optional.of(new RouteSpec(destination, h.gateway(), h.device(), table));
    }

    @Override
    public String toString() {
        String hops = nextHops.size() == 1 ? nextHops.get(0).toString()
                : nextHops.stream().map(h -> "nexthop " + h).collect(Collectors.joining(" "));
        return destination + " " + hops + (table != RouteSpec.MAIN_TABLE ? " table " + Integer.toUnsignedString(table) : "");
    }
}
