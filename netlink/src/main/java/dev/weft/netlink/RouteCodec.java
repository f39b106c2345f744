package dev.weft.netlink;

import dev.weft.common.net.IpPrefix;
import dev.weft.model.route.RouteSpec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Encodes RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE requests and decodes RTM_NEWROUTE replies.
 *
 * <pre>
 * struct rtmsg (12 bytes, after the nlmsghdr)
 *  +--------+---------+---------+-----+-------+----------+-------+------+----------------+
 *  | family | dst_len | src_len | tos | table | protocol | scope | type | flags (u32)    |
 *  +--------+---------+---------+-----+-------+----------+-------+------+----------------+
 * attributes: RTA_DST (address bytes), RTA_GATEWAY, RTA_OIF (u32 ifindex),
 *             RTA_PRIORITY (u32), RTA_TABLE (u32), RTA_MULTIPATH (struct rtnexthop list)
 * </pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3549#section-3.1.1">RFC 3549 §3.1.1</a>
 */
final class RouteCodec {
    private RouteCodec() {}

    /** A decoded route message, before interface indexes are turned into names. */
    record RawRoute(int family, int dstLen, int table, int protocol, int scope, int type, int flags,
                    byte[] dst, byte[] gateway, int oif, int priority, int nexthops) {}

    static int family(IpPrefix p) {
        return p.isIpv4() ? Rtnl.AF_INET : Rtnl.AF_INET6;
    }

    /** RTM_NEWROUTE with NLM_F_CREATE|NLM_F_REPLACE|NLM_F_ACK; {@code oif} 0 = none. */
    static NlMessageBuilder newRoute(RouteSpec r, int protocol, int oif, boolean onlink) {
        checkProtocol(protocol);
        NlMessageBuilder b = new NlMessageBuilder(Rtnl.RTM_NEWROUTE,
                Rtnl.NLM_F_CREATE | Rtnl.NLM_F_REPLACE | Rtnl.NLM_F_ACK);
        int scope = r.gateway().isPresent() ? Rtnl.RT_SCOPE_UNIVERSE : Rtnl.RT_SCOPE_LINK;
        rtmsg(b, r, protocol, scope, Rtnl.RTN_UNICAST, onlink ? Rtnl.RTNH_F_ONLINK : 0);
        attributes(b, r, oif);
        return b;
    }

    /** RTM_DELROUTE matching destination, table, protocol and, when given, gateway, oif and priority. */
    static NlMessageBuilder delRoute(RouteSpec r, int protocol, int oif, int priority) {
        checkProtocol(protocol);
        NlMessageBuilder b = new NlMessageBuilder(Rtnl.RTM_DELROUTE, Rtnl.NLM_F_ACK);
        rtmsg(b, r, protocol, Rtnl.RT_SCOPE_NOWHERE, 0, 0);
        attributes(b, r, oif);
        if (priority != 0) {
            b.attrU32(Rtnl.RTA_PRIORITY, priority);
        }
        return b;
    }

    /** RTM_GETROUTE dump of {@code family}, filtered in the kernel by table and protocol (0 = any). */
    static NlMessageBuilder dumpRoutes(int family, int table, int protocol) {
        NlMessageBuilder b = new NlMessageBuilder(Rtnl.RTM_GETROUTE, Rtnl.NLM_F_DUMP);
        b.u8(family).u8(0).u8(0).u8(0).u8(table > 0 && table < 256 ? table : 0).u8(protocol).u8(0).u8(0).u32(0);
        if (table > 0) {
            b.attrU32(Rtnl.RTA_TABLE, table);
        }
        return b;
    }

    private static void rtmsg(NlMessageBuilder b, RouteSpec r, int protocol, int scope, int type, int flags) {
        IpPrefix d = r.destination();
        b.u8(family(d)).u8(d.length()).u8(0).u8(0)
                .u8(r.table() < 256 ? r.table() : Rtnl.RT_TABLE_UNSPEC)
                .u8(protocol).u8(scope).u8(type).u32(flags);
    }

    private static void attributes(NlMessageBuilder b, RouteSpec r, int oif) {
        b.attr(Rtnl.RTA_DST, r.destination().address().getAddress());
        b.attrU32(Rtnl.RTA_TABLE, r.table());
        if (r.gateway().isPresent()) {
            InetAddress gw = r.gateway().get();
            if (gw.getAddress().length != r.destination().address().getAddress().length) {
                throw new NetlinkException(NetlinkException.EINVAL, "route to " + r.destination() + ": gateway "
                        + gw.getHostAddress() + " is not of the destination's address family");
            }
            b.attr(Rtnl.RTA_GATEWAY, gw.getAddress());
        }
        if (oif > 0) {
            b.attrU32(Rtnl.RTA_OIF, oif);
        }
    }

    private static void checkProtocol(int protocol) {
        if (protocol < 0 || protocol > 255) {
            throw new NetlinkException(NetlinkException.EINVAL, "route protocol " + protocol + " out of range 0-255");
        }
    }

    /** Decodes an RTM_NEWROUTE reply; empty for other message types or truncated ones. */
    static Optional<RawRoute> decode(NlMessage m) {
        if (m.type() != Rtnl.RTM_NEWROUTE || m.payload().length < Rtnl.RTMSG_LEN) {
            return Optional.empty();
        }
        ByteBuffer h = m.buffer();
        int family = h.get(0) & 0xff;
        int dstLen = h.get(1) & 0xff;
        int table = h.get(4) & 0xff;
        int protocol = h.get(5) & 0xff;
        int scope = h.get(6) & 0xff;
        int type = h.get(7) & 0xff;
        int flags = h.getInt(8);
        NlAttributes a = NlAttributes.parse(m.payload(), Rtnl.RTMSG_LEN, m.payload().length);
        table = a.u32(Rtnl.RTA_TABLE).orElse(table);
        byte[] gw = a.bytes(Rtnl.RTA_GATEWAY).orElse(null);
        int oif = a.u32(Rtnl.RTA_OIF).orElse(0);
        int nexthops = 1;
        Optional<byte[]> mp = a.bytes(Rtnl.RTA_MULTIPATH);
        if (mp.isPresent()) {
            nexthops = 0;
            byte[] v = mp.get();
            ByteBuffer nb = ByteBuffer.wrap(v).order(ByteOrder.nativeOrder());
            int pos = 0;
            while (v.length - pos >= 8) { // struct rtnexthop: u16 len, u8 flags, u8 hops, s32 ifindex
                int len = nb.getShort(pos) & 0xffff;
                if (len < 8 || len > v.length - pos) {
                    break;
                }
                if (nexthops == 0) {
                    oif = nb.getInt(pos + 4);
                    flags |= nb.get(pos + 2) & 0xff;
                    gw = NlAttributes.parse(v, pos + 8, pos + len).bytes(Rtnl.RTA_GATEWAY).orElse(null);
                }
                nexthops++;
                pos += NlMessageBuilder.align(len);
            }
        }
        int addrLen = family == Rtnl.AF_INET ? 4 : 16;
        byte[] dst = a.bytes(Rtnl.RTA_DST).orElse(new byte[addrLen]);
        return Optional.of(new RawRoute(family, dstLen, table, protocol, scope, type, flags, dst, gw, oif,
                a.u32(Rtnl.RTA_PRIORITY).orElse(0), Math.max(1, nexthops)));
    }

    /**
     * Turns a raw unicast route into a {@link KernelRoute}; empty for non-unicast routes, cloned
     * (cache/exception) entries, mismatched address lengths or an output device that has no name.
     */
    static Optional<KernelRoute> toKernelRoute(RawRoute r, IntFunction<String> indexToName) {
        int addrLen = r.family() == Rtnl.AF_INET ? 4 : r.family() == Rtnl.AF_INET6 ? 16 : -1;
        if (r.type() != Rtnl.RTN_UNICAST || (r.flags() & Rtnl.RTM_F_CLONED) != 0 || r.dst().length != addrLen
                || (r.gateway() != null && r.gateway().length != addrLen)) {
            return Optional.empty();
        }
        try {
            IpPrefix dst = IpPrefix.of(InetAddress.getByAddress(r.dst()), r.dstLen());
            Optional<InetAddress> gw = r.gateway() == null ? Optional.empty()
                    : Optional.of(InetAddress.getByAddress(r.gateway()));
            Optional<String> dev = r.oif() > 0 ? Optional.ofNullable(indexToName.apply(r.oif())) : Optional.empty();
            if (gw.isEmpty() && dev.isEmpty()) {
                return Optional.empty();
            }
            RouteSpec spec = new RouteSpec(dst, gw, dev, r.table());
            return Optional.of(new KernelRoute(spec, r.protocol(), r.priority(), r.scope(),
                    (r.flags() & Rtnl.RTNH_F_ONLINK) != 0, r.nexthops()));
        } catch (UnknownHostException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
