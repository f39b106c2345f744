package dev.weft.bgp.server;

import dev.weft.common.net.IpPrefix;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Our next hops on one session (NEXT_HOP self): the IPv4 address for IPv4 routes, and the IPv6
 * global plus link-local addresses for IPv6 routes (RFC 4760 §3, RFC 2545 §3: the link-local one
 * is added only when the peer is directly connected, i.e. its address is on a subnet of the
 * interface the session runs on, or is itself link-local).
 *
 * <p>Taken from the session's local address and the other addresses of the interface holding it.
 * IPv4 addresses come from {@link NetworkInterface} (the JDK asks the kernel through a socket,
 * which lives in the calling thread's network namespace). IPv6 addresses come from
 * {@code /proc/thread-self/net/if_inet6}: the JDK reads {@code /proc/net/if_inet6}, which is the
 * namespace of the process's main thread, wrong for a speaker whose event loop runs inside
 * another namespace. So {@link #of} must run on the event loop (the thread whose sockets the
 * session uses); where {@code /proc/thread-self} does not exist (kernels before 3.17), the JDK's
 * view is used.
 *
 * @param ipv4 IPv4 next hop: the session's IPv4 address, else one of the interface, else the router ID
 * @param ipv6 IPv6 global next hop, if any
 * @param linkLocal IPv6 link-local next hop, if any (only for a directly connected peer)
 */
record LocalNextHops(Inet4Address ipv4, Optional<Inet6Address> ipv6, Optional<Inet6Address> linkLocal) {

    /** The calling thread's IPv6 interface addresses (Linux, kernel ≥ 3.17). */
    static final Path THREAD_IF_INET6 = Path.of("/proc/thread-self/net/if_inet6");

    /**
     * One line of {@code if_inet6}: address, interface index, prefix length, scope, flags, name.
     */
    record If6(Inet6Address address, int index, int prefixLength, int flags, String name) {
        /** IFA_F_TENTATIVE | IFA_F_DEPRECATED | IFA_F_DADFAILED: not usable as a next hop. */
        static final int UNUSABLE = 0x40 | 0x20 | 0x08;
    }

    /**
     * The next hops for a session from {@code local} (null: none known) to {@code peer}, reading
     * IPv6 interface addresses from {@link #THREAD_IF_INET6}. Call on the event loop thread.
     */
    static LocalNextHops of(InetAddress local, InetAddress peer, Inet4Address routerId,
            Optional<Inet6Address> configuredIpv6) {
        return of(local, peer, routerId, configuredIpv6, THREAD_IF_INET6);
    }

    /** As {@link #of(InetAddress, InetAddress, Inet4Address, Optional)} with the {@code if_inet6} file given. */
    static LocalNextHops of(InetAddress local, InetAddress peer, Inet4Address routerId,
            Optional<Inet6Address> configuredIpv6, Path ifInet6) {
        Inet4Address v4 = local instanceof Inet4Address a ? a : null;
        Inet6Address v6 = local instanceof Inet6Address a && !a.isLinkLocalAddress() ? a : null;
        Inet6Address ll = local instanceof Inet6Address a && a.isLinkLocalAddress() ? a : null;
        boolean direct = peer instanceof Inet6Address p6 && p6.isLinkLocalAddress();
        Optional<List<If6>> all6 = readIfInet6(ifInet6);
        List<InterfaceAddress> ifAddrs4 = new ArrayList<>();
        String ifName = null;
        try {
            NetworkInterface nif = null;
            if (local instanceof Inet4Address) {
                nif = NetworkInterface.getByInetAddress(local);
            } else if (local instanceof Inet6Address a6 && all6.isPresent()) {
                ifName = all6.get().stream().filter(i -> i.address().equals(withoutScope(a6))).map(If6::name)
                        .findFirst().orElse(null);
                nif = ifName == null ? null : NetworkInterface.getByName(ifName);
            } else if (local != null) {
                nif = NetworkInterface.getByInetAddress(local);
            }
            if (nif != null) {
                ifName = nif.getName();
                for (InterfaceAddress ia : nif.getInterfaceAddresses()) {
                    InetAddress a = ia.getAddress();
                    if (a instanceof Inet4Address a4) {
                        ifAddrs4.add(ia);
                        v4 = v4 == null ? a4 : v4;
                    } else if (all6.isEmpty() && a instanceof Inet6Address a6) {
                        if (a6.isLinkLocalAddress()) {
                            ll = ll == null ? a6 : ll;
                        } else if (!a6.isLoopbackAddress()) {
                            v6 = v6 == null ? a6 : v6;
                        }
                        direct |= onLink(peer, a6, ia.getNetworkPrefixLength());
                    }
                }
            }
        } catch (SocketException e) {
            // keep what the session itself gave
        }
        for (InterfaceAddress ia : ifAddrs4) {
            direct |= onLink(peer, ia.getAddress(), ia.getNetworkPrefixLength());
        }
        if (all6.isPresent() && ifName != null) {
            for (If6 i : all6.get()) {
                if (!i.name().equals(ifName) || (i.flags() & If6.UNUSABLE) != 0) {
                    continue;
                }
                if (i.address().isLinkLocalAddress()) {
                    ll = ll == null ? i.address() : ll;
                } else if (!i.address().isLoopbackAddress()) {
                    v6 = v6 == null ? i.address() : v6;
                }
                direct |= onLink(peer, i.address(), i.prefixLength());
            }
        }
        if (configuredIpv6.isPresent()) {
            v6 = configuredIpv6.get();
        }
        Optional<Inet6Address> linkLocal = direct ? Optional.ofNullable(ll).map(LocalNextHops::withoutScope) : Optional.empty();
        return new LocalNextHops(v4 != null ? v4 : routerId, Optional.ofNullable(v6).map(LocalNextHops::withoutScope),
                linkLocal);
    }

    /** Whether {@code peer} is on the subnet {@code address}/{@code length}. */
    private static boolean onLink(InetAddress peer, InetAddress address, int length) {
        if (peer == null || address == null || peer.getClass() != address.getClass() || length <= 0) {
            return false;
        }
        InetAddress a = address instanceof Inet6Address a6 ? withoutScope(a6) : address;
        InetAddress p = peer instanceof Inet6Address p6 ? withoutScope(p6) : peer;
        int max = a.getAddress().length * 8;
        return IpPrefix.of(a, Math.min(length, max)).contains(p);
    }

    /**
     * Parses an {@code if_inet6} file ({@code net/ipv6/addrconf.c}: 32 hex digits, then index,
     * prefix length, scope, flags in hex, then the interface name); empty if it cannot be read.
     * Malformed lines are skipped.
     */
    static Optional<List<If6>> readIfInet6(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
        List<If6> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 6 || f[0].length() != 32) {
                continue;
            }
            try {
                Inet6Address a = (Inet6Address) InetAddress.getByAddress(HexFormat.of().parseHex(f[0]));
                out.add(new If6(a, Integer.parseInt(f[1], 16), Integer.parseInt(f[2], 16), Integer.parseInt(f[4], 16), f[5]));
            } catch (IllegalArgumentException | UnknownHostException | ClassCastException e) {
                // skip a line we do not understand
            }
        }
        return Optional.of(out);
    }

    private static Inet6Address withoutScope(Inet6Address a) {
        try {
            return (Inet6Address) InetAddress.getByAddress(a.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
