package dev.weft.bgp.server;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;

/**
 * Our next hops on one session (NEXT_HOP self): the IPv4 address for IPv4 routes, and the IPv6
 * global plus link-local addresses for IPv6 routes (RFC 2545 §3: the link-local one is added
 * when the peer shares the link).
 *
 * <p>Taken from the session's local address and the other addresses of the interface holding it
 * ({@link NetworkInterface}). The JDK reads IPv6 interface addresses from
 * {@code /proc/net/if_inet6}, which shows the network namespace of the process's main thread;
 * a speaker run from a thread inside another namespace should set
 * {@link PeerConfig#ipv6NextHop()} explicitly for IPv6 routes over an IPv4 session.
 *
 * @param ipv4 IPv4 next hop: the session's IPv4 address, else one of the interface, else the router ID
 * @param ipv6 IPv6 global next hop, if any
 * @param linkLocal IPv6 link-local next hop, if any
 */
record LocalNextHops(Inet4Address ipv4, Optional<Inet6Address> ipv6, Optional<Inet6Address> linkLocal) {

    /** The next hops for a session whose local address is {@code local} (null: none known). */
    static LocalNextHops of(InetAddress local, Inet4Address routerId, Optional<Inet6Address> configuredIpv6) {
        Inet4Address v4 = local instanceof Inet4Address a ? a : null;
        Inet6Address v6 = local instanceof Inet6Address a && !a.isLinkLocalAddress() ? a : null;
        Inet6Address ll = local instanceof Inet6Address a && a.isLinkLocalAddress() ? a : null;
        try {
            NetworkInterface nif = local == null ? null : NetworkInterface.getByInetAddress(local);
            if (nif != null) {
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address a4 && v4 == null) {
                        v4 = a4;
                    } else if (a instanceof Inet6Address a6 && a6.isLinkLocalAddress() && ll == null) {
                        ll = a6;
                    } else if (a instanceof Inet6Address a6 && !a6.isLinkLocalAddress() && !a6.isLoopbackAddress()
                            && v6 == null) {
                        v6 = a6;
                    }
                }
            }
        } catch (SocketException e) {
            // keep what the session itself gave
        }
        if (configuredIpv6.isPresent()) {
            v6 = configuredIpv6.get();
        }
        if (ll != null) {
            ll = withoutScope(ll);
        }
        return new LocalNextHops(v4 != null ? v4 : routerId, Optional.ofNullable(v6).map(LocalNextHops::withoutScope),
                Optional.ofNullable(ll));
    }

    private static Inet6Address withoutScope(Inet6Address a) {
        try {
            return (Inet6Address) InetAddress.getByAddress(a.getAddress());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
