package dev.weft.bgp.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The TCP transport of BGP connections and their socket-level protections. On Linux with the
 * native epoll library this is Netty's epoll transport, which provides:
 * <ul>
 *   <li>TCP MD5 signatures (RFC 2385) through {@link EpollChannelOption#TCP_MD5SIG}: on the
 *       listening socket one key per peer address ({@link #setListenerMd5}), on an outgoing
 *       socket the key of its peer (set before connect);</li>
 *   <li>GTSM (RFC 5082) through generic {@code setsockopt}s ({@link IntegerUnixChannelOption};
 *       Netty has no named option for these): {@code IP_TTL}/{@code IPV6_UNICAST_HOPS} 255 on
 *       send, {@code IP_MINTTL}/{@code IPV6_MINHOPCOUNT} 254 on receive, so that segments from
 *       further than one hop away are dropped by the kernel before BGP sees them;</li>
 *   <li>an explicit TTL for eBGP multihop, and {@code TCP_USER_TIMEOUT} (RFC 5482).</li>
 * </ul>
 * Elsewhere it falls back to NIO, where none of these are available
 * ({@link #requireSecurityOptions} fails).
 */
public final class BgpTransport {
    /** {@code IPPROTO_IP} / {@code SOL_IP}. */
    private static final int SOL_IP = 0;
    /** {@code IPPROTO_IPV6} / {@code SOL_IPV6}. */
    private static final int SOL_IPV6 = 41;
    /** {@code IP_TTL} (linux/in.h). */
    private static final int IP_TTL = 2;
    /** {@code IP_MINTTL} (linux/in.h), since Linux 2.6.34. */
    private static final int IP_MINTTL = 21;
    /** {@code IPV6_UNICAST_HOPS} (linux/in6.h). */
    private static final int IPV6_UNICAST_HOPS = 16;
    /** {@code IPV6_MINHOPCOUNT} (linux/in6.h), since Linux 2.6.35. */
    private static final int IPV6_MINHOPCOUNT = 73;

    /** Send with IP_TTL (IPv4 and IPv4-mapped traffic). */
    public static final ChannelOption<Integer> OPT_IP_TTL = new IntegerUnixChannelOption("IP_TTL", SOL_IP, IP_TTL);
    /** Drop received IPv4 segments with a smaller TTL. */
    public static final ChannelOption<Integer> OPT_IP_MINTTL = new IntegerUnixChannelOption("IP_MINTTL", SOL_IP, IP_MINTTL);
    /** Send with this hop limit (IPv6). */
    public static final ChannelOption<Integer> OPT_IPV6_UNICAST_HOPS =
            new IntegerUnixChannelOption("IPV6_UNICAST_HOPS", SOL_IPV6, IPV6_UNICAST_HOPS);
    /** Drop received IPv6 segments with a smaller hop limit. */
    public static final ChannelOption<Integer> OPT_IPV6_MINHOPCOUNT =
            new IntegerUnixChannelOption("IPV6_MINHOPCOUNT", SOL_IPV6, IPV6_MINHOPCOUNT);

    /** The TTL GTSM sends with (RFC 5082 §3). */
    public static final int GTSM_TTL = 255;
    /** The lowest TTL GTSM accepts from a directly connected peer (RFC 5082 §3: 255 − 1 hop). */
    public static final int GTSM_MIN_TTL = 254;

    private BgpTransport() {}

    /** True if the Linux epoll transport (and so MD5/GTSM) is available. */
    public static boolean nativeAvailable() {
        return Epoll.isAvailable();
    }

    /** The event loop's I/O handler: epoll when available, else NIO. */
    public static IoHandlerFactory ioHandlerFactory() {
        return nativeAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    /** The listening socket class matching {@link #ioHandlerFactory()}. */
    public static Class<? extends ServerChannel> serverChannelClass() {
        return nativeAvailable() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The connection class matching {@link #ioHandlerFactory()}. */
    public static Class<? extends Channel> channelClass() {
        return nativeAvailable() ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /**
     * Fails if {@code security} needs socket options the transport lacks.
     *
     * @throws IllegalStateException for MD5, GTSM or a TTL without the epoll transport
     */
    public static void requireSecurityOptions(SocketSecurity security) {
        if (!nativeAvailable() && (security.md5Password().isPresent() || security.ttlSecurity() || security.ttl() > 0)) {
            throw new IllegalStateException("TCP MD5, GTSM and TTL settings need Netty's Linux epoll transport: "
                    + Epoll.unavailabilityCause());
        }
    }

    /**
     * Sets the options of an outgoing connection to {@code peer} on {@code bootstrap}, so they
     * are in place before the SYN: MD5 key, TTL and minimum TTL, user timeout.
     */
    public static void configureOutgoing(Bootstrap bootstrap, InetAddress peer, SocketSecurity security) {
        requireSecurityOptions(security);
        if (!nativeAvailable()) {
            return;
        }
        security.md5Password().ifPresent(p -> bootstrap.option(EpollChannelOption.TCP_MD5SIG, Map.of(peer, key(p))));
        int ttl = security.ttlSecurity() ? GTSM_TTL : security.ttl();
        boolean v6 = peer instanceof Inet6Address;
        if (ttl > 0) {
            bootstrap.option(OPT_IP_TTL, ttl);
            if (v6) {
                bootstrap.option(OPT_IPV6_UNICAST_HOPS, ttl);
            }
        }
        if (security.ttlSecurity()) {
            bootstrap.option(OPT_IP_MINTTL, GTSM_MIN_TTL);
            if (v6) {
                bootstrap.option(OPT_IPV6_MINHOPCOUNT, GTSM_MIN_TTL);
            }
        }
        if (security.tcpUserTimeoutMillis() > 0) {
            bootstrap.option(EpollChannelOption.TCP_USER_TIMEOUT, security.tcpUserTimeoutMillis());
        }
    }

    /**
     * Sets the options of an accepted connection from {@code peer} (on its event loop, before
     * the first read): TTL, minimum TTL, user timeout. The MD5 key comes from the listener.
     * Options of a NIO channel are left alone.
     */
    public static void configureAccepted(Channel channel, InetAddress peer, SocketSecurity security) {
        if (!(channel instanceof EpollSocketChannel)) {
            return;
        }
        int ttl = security.ttlSecurity() ? GTSM_TTL : security.ttl() > 0 ? security.ttl() : -1; // -1: system default
        boolean v6 = peer instanceof Inet6Address;
        channel.config().setOption(OPT_IP_TTL, ttl);
        if (v6) {
            channel.config().setOption(OPT_IPV6_UNICAST_HOPS, ttl);
        }
        if (security.ttlSecurity()) {
            channel.config().setOption(OPT_IP_MINTTL, GTSM_MIN_TTL);
            if (v6) {
                channel.config().setOption(OPT_IPV6_MINHOPCOUNT, GTSM_MIN_TTL);
            }
        }
        if (security.tcpUserTimeoutMillis() > 0) {
            channel.config().setOption(EpollChannelOption.TCP_USER_TIMEOUT, security.tcpUserTimeoutMillis());
        }
    }

    /**
     * Replaces the MD5 keys of the listening socket: one per peer address (RFC 2385 §4.3; the
     * kernel drops unsigned or wrongly signed segments from those addresses, also SYNs).
     * No-op on NIO (then {@code keys} must be empty).
     */
    public static void setListenerMd5(ServerChannel listener, Map<InetAddress, String> keys) {
        if (listener instanceof EpollServerSocketChannel e) {
            Map<InetAddress, byte[]> raw = new java.util.HashMap<>();
            keys.forEach((a, p) -> raw.put(a, key(p)));
            e.config().setTcpMd5Sig(raw);
        } else if (!keys.isEmpty()) {
            throw new IllegalStateException("TCP MD5 needs Netty's Linux epoll transport");
        }
    }

    /**
     * Sets the TTL of SYN-ACKs the listener sends: 255 when some peer uses GTSM (its SYN-ACK must
     * pass the peer's minimum TTL), else the system default. With {@code minTtl} the listener
     * itself drops segments with a TTL below 254 (RFC 5082 §3: also the SYN, counted in
     * {@code TcpExtTCPMinTTLDrop}); accepted sockets inherit it, so no OPEN can slip in before
     * {@link #configureAccepted} runs. Only when every peer on the listener uses GTSM.
     */
    public static void setListenerTtl(ServerChannel listener, boolean gtsm, boolean minTtl) {
        if (listener instanceof EpollServerSocketChannel) {
            listener.config().setOption(OPT_IP_TTL, gtsm ? GTSM_TTL : -1);
            listener.config().setOption(OPT_IP_MINTTL, minTtl ? GTSM_MIN_TTL : 0);
            try {
                listener.config().setOption(OPT_IPV6_UNICAST_HOPS, gtsm ? GTSM_TTL : -1);
                listener.config().setOption(OPT_IPV6_MINHOPCOUNT, minTtl ? GTSM_MIN_TTL : 0);
            } catch (io.netty.channel.ChannelException e) {
                // an AF_INET listener has no IPv6 options
            }
        }
    }

    private static byte[] key(String password) {
        return password.getBytes(StandardCharsets.UTF_8);
    }
}
