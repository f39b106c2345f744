package dev.weft.netlink;

import dev.weft.common.net.IpAddresses;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * One next hop of a kernel route: a gateway and/or an output device, with a weight for
 * multipath routes.
 *
 * <p>On the wire a next hop of a multipath route is a {@code struct rtnexthop} (u16 length, u8
 * flags, u8 hops = weight − 1, s32 ifindex) followed by RTA_GATEWAY (gateway of the route's
 * family) or RTA_VIA ({@code struct rtvia}: u16 family, address — an IPv6 gateway of an IPv4
 * route, RFC 5549 style); a single next hop is encoded as the route's own RTA_GATEWAY/RTA_VIA and
 * RTA_OIF.
 *
 * @param gateway next-hop router, or empty for a directly connected next hop (then {@code device}
 *     is set). An IPv6 link-local gateway ({@code fe80::/10}) needs {@code device}.
 * @param device output interface name, or empty to let the kernel resolve it from the gateway
 * @param weight relative weight among the next hops of a multipath route, 1–256 (1 for a single
 *     next hop)
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3549#section-3.1.1">RFC 3549 §3.1.1</a>
 */
public record NextHop(Optional<InetAddress> gateway, Optional<String> device, int weight)
        implements Comparable<NextHop> {

    private static final Comparator<NextHop> ORDER = Comparator
            .comparing((NextHop h) -> h.gateway().map(NextHop::sortKey).orElse(""))
            .thenComparing(h -> h.device().orElse(""))
            .thenComparingInt(NextHop::weight);

    public NextHop {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(device, "device");
        if (gateway.isEmpty() && device.isEmpty()) {
            throw new IllegalArgumentException("a next hop needs a gateway or a device");
        }
        if (weight < 1 || weight > 256) {
            throw new IllegalArgumentException("next hop weight " + weight + " out of range 1-256");
        }
        if (device.isPresent() && (device.get().isEmpty() || device.get().length() > 15)) {
            throw new IllegalArgumentException("invalid interface name '" + device.get() + "'");
        }
        if (gateway.isPresent() && gateway.get() instanceof Inet6Address g && g.isLinkLocalAddress()
                && device.isEmpty()) {
            throw new IllegalArgumentException("link-local gateway " + g.getHostAddress() + " needs a device");
        }
    }

    /** A next hop via {@code gateway}, device resolved by the kernel, weight 1. */
    public static NextHop via(InetAddress gateway) {
        return new NextHop(Optional.of(gateway), Optional.empty(), 1);
    }

    /** A next hop via {@code gateway} out of {@code device} (needed for IPv6 link-local), weight 1. */
    public static NextHop via(InetAddress gateway, String device) {
        return new NextHop(Optional.of(gateway), Optional.of(device), 1);
    }

    /** A directly connected next hop out of {@code device}, weight 1. */
    public static NextHop dev(String device) {
        return new NextHop(Optional.empty(), Optional.of(device), 1);
    }

    /** This next hop with another weight. */
    public NextHop withWeight(int w) {
        return new NextHop(gateway, device, w);
    }

    /**
     * True if {@code kernel} (read back from the kernel, which always names the device) delivers
     * what this desired next hop asks: same gateway, same weight, and the same device when this
     * one names one.
     */
    public boolean satisfiedBy(NextHop kernel) {
        return gateway.equals(kernel.gateway) && weight == kernel.weight
                && (device.isEmpty() || device.equals(kernel.device));
    }

    @Override
    public int compareTo(NextHop o) {
        return ORDER.compare(this, o);
    }

    private static String sortKey(InetAddress a) {
        byte[] b = a.getAddress();
        StringBuilder s = new StringBuilder(b.length * 2 + 1).append(b.length == 4 ? '4' : '6');
        for (byte x : b) {
            s.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return gateway.map(g -> "via " + IpAddresses.toText(g)).orElse("")
                + device.map(d -> (gateway.isPresent() ? " " : "") + "dev " + d).orElse("")
                + (weight != 1 ? " weight " + weight : "");
    }
}
