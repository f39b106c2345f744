package dev.weft.netlink;

import dev.weft.common.net.IpPrefix;
import dev.weft.model.route.RouteSpec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
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
                    byte[] dst, byte[] gateway, int oif, int priority, int nexthops, List<RawHop> hops) {}

    /**
     * One decoded next hop: {@code gateway} from RTA_GATEWAY or RTA_VIA (4 or 16 bytes, or null),
     * {@code oif} 0 when absent, {@code weight} = rtnh_hops + 1.
     */
    record RawHop(byte[] gateway, int oif, int flags, int weight) {}

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

    /**
     * RTM_NEWROUTE for {@code r} with the given nlmsg flags (NLM_F_CREATE|NLM_F_REPLACE to take
     * over the route at the same destination/table/metric, NLM_F_CREATE|NLM_F_EXCL to fail with
     * EEXIST if there is one; add NLM_F_ACK for an answer on success). One next hop is encoded as
     * RTA_GATEWAY (or RTA_VIA for an IPv6 gateway of an IPv4 route) and RTA_OIF; several as
     * RTA_MULTIPATH, a list of {@code struct rtnexthop} each followed by its RTA_GATEWAY/RTA_VIA.
     *
     * @param oifs interface index of each next hop, in {@code r.nextHops()} order (0 = none)
     */
    static NlMessageBuilder newRoute(FibRoute r, int protocol, int[] oifs, int nlFlags) {
        checkProtocol(protocol);
        NlMessageBuilder b = new NlMessageBuilder(Rtnl.RTM_NEWROUTE, nlFlags);
        boolean anyGateway = r.nextHops().stream().anyMatch(h -> h.gateway().isPresent());
        IpPrefix d = r.destination();
        b.u8(family(d)).u8(d.length()).u8(0).u8(0)
                .u8(r.table() > 0 && r.table() < 256 ? r.table() : Rtnl.RT_TABLE_UNSPEC)
                .u8(protocol).u8(anyGateway ? Rtnl.RT_SCOPE_UNIVERSE : Rtnl.RT_SCOPE_LINK).u8(Rtnl.RTN_UNICAST).u32(0);
        b.attr(Rtnl.RTA_DST, d.address().getAddress());
        b.attrU32(Rtnl.RTA_TABLE, r.table());
        if (!r.isMultipath()) {
            NextHop h = r.nextHops().get(0);
            h.gateway().ifPresent(g -> gatewayAttr(b, d, g));
            if (oifs[0] > 0) {
                b.attrU32(Rtnl.RTA_OIF, oifs[0]);
            }
            return b;
        }
        b.beginNest(Rtnl.RTA_MULTIPATH);
        for (int i = 0; i < r.nextHops().size(); i++) {
            NextHop h = r.nextHops().get(i);
            int start = b.position();
            b.u16(0).u8(0).u8(h.weight() - 1).u32(oifs[i]); // struct rtnexthop, length patched below
            h.gateway().ifPresent(g -> gatewayAttr(b, d, g));
            b.patchU16(start, b.position() - start);
        }
        b.endNest();
        return b;
    }

    /** RTA_GATEWAY for a gateway of the destination's family, RTA_VIA (struct rtvia) otherwise. */
    private static void gatewayAttr(NlMessageBuilder b, IpPrefix d, InetAddress g) {
        byte[] a = g.getAddress();
        if (a.length == d.address().getAddress().length) {
            b.attr(Rtnl.RTA_GATEWAY, a);
        } else if (d.isIpv4()) {
            byte[] via = new byte[2 + a.length];
            ByteBuffer.wrap(via).order(ByteOrder.nativeOrder()).putShort((short) Rtnl.AF_INET6);
            System.arraycopy(a, 0, via, 2, a.length);
            b.attr(Rtnl.RTA_VIA, via);
        } else {
            throw new NetlinkException(NetlinkException.EINVAL, "route to " + d + ": IPv4 gateway "
                    + g.getHostAddress() + " for an IPv6 destination");
        }
    }

    /**
     * RTM_DELROUTE (no NLM_F_ACK unless {@code ack}) of the kernel route {@code k}: matched by
     * destination, table, protocol, metric and, for a single next hop, its gateway (no device, so
     * no interface lookup); a multipath route is deleted as a whole.
     */
    static NlMessageBuilder delRoute(KernelRoute k, boolean ack) {
        checkProtocol(k.protocol());
        NlMessageBuilder b = new NlMessageBuilder(Rtnl.RTM_DELROUTE, ack ? Rtnl.NLM_F_ACK : 0);
        IpPrefix d = k.spec().destination();
        int table = k.spec().table();
        b.u8(family(d)).u8(d.length()).u8(0).u8(0).u8(table > 0 && table < 256 ? table : Rtnl.RT_TABLE_UNSPEC)
                .u8(k.protocol()).u8(Rtnl.RT_SCOPE_NOWHERE).u8(0).u32(0);
        b.attr(Rtnl.RTA_DST, d.address().getAddress());
        b.attrU32(Rtnl.RTA_TABLE, table);
        if (k.nexthops() == 1) {
            k.spec().gateway().ifPresent(g -> gatewayAttr(b, d, g));
        }
        if (k.priority() != 0) {
            b.attrU32(Rtnl.RTA_PRIORITY, k.priority());
        }
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
        if (gw == null) {
            gw = a.bytes(Rtnl.RTA_VIA).map(RouteCodec::viaAddress).orElse(null);
        }
        List<RawHop> hops = new ArrayList<>();
        Optional<byte[]> mp = a.bytes(Rtnl.RTA_MULTIPATH);
        if (mp.isPresent()) {
            byte[] v = mp.get();
            ByteBuffer nb = ByteBuffer.wrap(v).order(ByteOrder.nativeOrder());
            int pos = 0;
            while (v.length - pos >= 8) { // struct rtnexthop: u16 len, u8 flags, u8 hops, s32 ifindex
                int len = nb.getShort(pos) & 0xffff;
                if (len < 8 || len > v.length - pos) {
                    break;
                }
                NlAttributes ha = NlAttributes.parse(v, pos + 8, pos + len);
                byte[] hgw = ha.bytes(Rtnl.RTA_GATEWAY)
                        .or(() -> ha.bytes(Rtnl.RTA_VIA).map(RouteCodec::viaAddress)).orElse(null);
                hops.add(new RawHop(hgw, nb.getInt(pos + 4), nb.get(pos + 2) & 0xff, (nb.get(pos + 3) & 0xff) + 1));
                pos += NlMessageBuilder.align(len);
            }
        }
        if (!hops.isEmpty()) {
            RawHop first = hops.get(0);
            oif = first.oif();
            flags |= first.flags();
            gw = first.gateway();
        } else {
            hops.add(new RawHop(gw, oif, flags & 0xff, 1));
        }
        int nexthops = hops.size();
        int addrLen = family == Rtnl.AF_INET ? 4 : 16;
        byte[] dst = a.bytes(Rtnl.RTA_DST).orElse(new byte[addrLen]);
        return Optional.of(new RawRoute(family, dstLen, table, protocol, scope, type, flags, dst, gw, oif,
                a.u32(Rtnl.RTA_PRIORITY).orElse(0), nexthops, List.copyOf(hops)));
    }

    /** The address of a {@code struct rtvia} (u16 family, address), or null if malformed. */
    private static byte[] viaAddress(byte[] via) {
        if (via.length != 2 + 4 && via.length != 2 + 16) {
            return null;
        }
        byte[] a = new byte[via.length - 2];
        System.arraycopy(via, 2, a, 0, a.length);
        return a;
    }

    /**
     * Turns a raw unicast route into a {@link KernelRoute}; empty for non-unicast routes, cloned
     * (cache/exception) entries, mismatched address lengths or an output device that has no name.
     */
    static Optional<KernelRoute> toKernelRoute(RawRoute r, IntFunction<String> indexToName) {
        int addrLen = r.family() == Rtnl.AF_INET ? 4 : r.family() == Rtnl.AF_INET6 ? 16 : -1;
        if (r.type() != Rtnl.RTN_UNICAST || (r.flags() & Rtnl.RTM_F_CLONED) != 0 || r.dst().length != addrLen) {
            return Optional.empty();
        }
        try {
            IpPrefix dst = IpPrefix.of(InetAddress.getByAddress(r.dst()), r.dstLen());
            List<NextHop> paths = new ArrayList<>();
            for (RawHop h : r.hops()) {
                if (h.gateway() != null && h.gateway().length != addrLen && !(addrLen == 4 && h.gateway().length == 16)) {
                    return Optional.empty();
                }
                Optional<InetAddress> gw = h.gateway() == null ? Optional.empty()
                        : Optional.of(InetAddress.getByAddress(h.gateway()));
                Optional<String> dev = h.oif() > 0 ? Optional.ofNullable(indexToName.apply(h.oif())) : Optional.empty();
                if (gw.isEmpty() && dev.isEmpty()) {
                    return Optional.empty();
                }
                paths.add(new NextHop(gw, dev, Math.min(256, Math.max(1, h.weight()))));
            }
            NextHop first = paths.get(0);
            RouteSpec spec = new RouteSpec(dst, first.gateway(), first.device(), r.table());
            return Optional.of(new KernelRoute(spec, r.protocol(), r.priority(), r.scope(),
                    (r.flags() & Rtnl.RTNH_F_ONLINK) != 0, r.nexthops(), paths));
        } catch (UnknownHostException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
