package dev.weft.it.bgp.matrix;

import dev.weft.bgp.wire.AddressFamily;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.net.InetAddress;

/**
 * The address family a matrix test runs over: the transport of the BGP session and the NLRI
 * exchanged on it are the same family (IPv4 unicast over IPv4, IPv6 unicast over IPv6).
 *
 * <p>Addresses on the veth between the two namespaces: the daemon side holds {@code .1}/{@code ::1}
 * and two more ({@code .3}, {@code .4}) for second sessions; the speaker side holds {@code .2}.
 */
enum Family {
    IPV4("ipv4", "10.252.0.", "/24", "10.244.7.0/24", "192.0.2.0/24", "198.51.100.0/24"),
    IPV6("ipv6", "fd77:3::", "/64", "fd00:244:7::/64", "2001:db8:1::/48", "2001:db8:2::/48");

    /** Lower-case name used in daemon configs and CLIs ("ipv4", "ipv6"). */
    final String af;
    private final String base;
    final String maskSuffix;
    /** A prefix Weft originates (a node's Pod CIDR). */
    final IpPrefix podBlock;
    /** A prefix the daemon originates. */
    final IpPrefix daemonRoute;
    /** A second prefix the daemon side may originate. */
    final IpPrefix daemonRoute2;

    Family(String af, String base, String maskSuffix, String podBlock, String daemonRoute, String daemonRoute2) {
        this.af = af;
        this.base = base;
        this.maskSuffix = maskSuffix;
        this.podBlock = IpPrefix.parse(podBlock);
        this.daemonRoute = IpPrefix.parse(daemonRoute);
        this.daemonRoute2 = IpPrefix.parse(daemonRoute2);
    }

    /** The daemon's address on the veth ({@code n} = 1, or 3 and 4 for extra peers). */
    String daemonIp(int n) {
        return base + n;
    }

    String daemonIp() {
        return daemonIp(1);
    }

    String speakerIp() {
        return base + 2;
    }

    InetAddress daemonAddress() {
        return IpAddresses.parse(daemonIp());
    }

    InetAddress daemonAddress(int n) {
        return IpAddresses.parse(daemonIp(n));
    }

    InetAddress speakerAddress() {
        return IpAddresses.parse(speakerIp());
    }

    /** The AFI/SAFI of this family's unicast routes (RFC 4760 §5). */
    AddressFamily addressFamily() {
        return this == IPV4 ? AddressFamily.IPV4_UNICAST : AddressFamily.IPV6_UNICAST;
    }

    /** The other family (not negotiated on this family's sessions in the matrix). */
    Family other() {
        return this == IPV4 ? IPV6 : IPV4;
    }

    /** "iptables" or "ip6tables". */
    String iptables() {
        return this == IPV4 ? "iptables" : "ip6tables";
    }
}
