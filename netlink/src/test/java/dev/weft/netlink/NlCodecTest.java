package dev.weft.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import dev.weft.model.route.RouteSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Pure encode/parse tests of netlink messages: no socket, no kernel. */
class NlCodecTest {

    static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
    }

    /** Re-reads a built request as if the kernel had sent it back (same layout for NEW* messages). */
    static NlMessage asReply(byte[] msg) {
        List<NlMessage> all = NlMessage.parseAll(msg, msg.length);
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    @Test
    void newRouteHasHeaderRtmsgAndAlignedAttributes() {
        RouteSpec r = RouteSpec.via(IpPrefix.parse("10.9.0.0/24"), IpAddresses.parse("10.99.0.2"));
        byte[] m = RouteCodec.newRoute(r, 87, 3, false).build(42);
        ByteBuffer b = le(m);
        // nlmsghdr(16) + rtmsg(12) + RTA_DST(8) + RTA_TABLE(8) + RTA_GATEWAY(8) + RTA_OIF(8)
        assertThat(m).hasSize(60);
        assertThat(b.getInt(0)).isEqualTo(60);
        assertThat(b.getShort(4)).isEqualTo((short) Rtnl.RTM_NEWROUTE);
        assertThat(b.getShort(6) & 0xffff).isEqualTo(Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK | Rtnl.NLM_F_CREATE | Rtnl.NLM_F_REPLACE);
        assertThat(b.getInt(8)).isEqualTo(42);
        assertThat(b.getInt(12)).isZero();
        // rtmsg: AF_INET, /24, src 0, tos 0, table 254, proto 87, scope universe, unicast, flags 0
        assertThat(Arrays.copyOfRange(m, 16, 24)).containsExactly(2, 24, 0, 0, (byte) 254, 87, 0, 1);
        assertThat(b.getInt(24)).isZero();
        // RTA_DST: len 8, type 1, 10.9.0.0
        assertThat(b.getShort(28)).isEqualTo((short) 8);
        assertThat(b.getShort(30)).isEqualTo((short) Rtnl.RTA_DST);
        assertThat(Arrays.copyOfRange(m, 32, 36)).containsExactly(10, 9, 0, 0);
        NlAttributes a = NlAttributes.parse(m, 28, m.length);
        assertThat(a.u32(Rtnl.RTA_TABLE)).contains(254);
        assertThat(a.u32(Rtnl.RTA_OIF)).contains(3);
        assertThat(a.bytes(Rtnl.RTA_GATEWAY)).hasValueSatisfying(g -> assertThat(g).containsExactly(10, 99, 0, 2));
    }

    @Test
    void deviceRouteHasScopeLinkAndOnlinkSetsTheFlag() {
        byte[] m = RouteCodec.newRoute(RouteSpec.dev(IpPrefix.parse("10.8.0.5/32"), "v0"), 87, 7, false).build(1);
        assertThat(m[16 + 6] & 0xff).isEqualTo(Rtnl.RT_SCOPE_LINK);
        RouteSpec viaOnlink = new RouteSpec(IpPrefix.parse("0.0.0.0/0"), Optional.of(IpAddresses.parse("169.254.1.1")),
                Optional.of("eth0"), 254);
        byte[] o = RouteCodec.newRoute(viaOnlink, 87, 2, true).build(1);
        assertThat(le(o).getInt(24)).isEqualTo(Rtnl.RTNH_F_ONLINK);
    }

    @Test
    void largeTableIdsGoOnlyInRtaTable() {
        RouteSpec r = new RouteSpec(IpPrefix.parse("fd10::/64"), Optional.of(IpAddresses.parse("fd99::2")), Optional.empty(), 1000);
        byte[] m = RouteCodec.newRoute(r, 87, 0, false).build(1);
        assertThat(m[16]).isEqualTo((byte) Rtnl.AF_INET6);
        assertThat(m[16 + 4]).isZero(); // RT_TABLE_UNSPEC in the header
        NlAttributes a = NlAttributes.parse(m, 28, m.length);
        assertThat(a.u32(Rtnl.RTA_TABLE)).contains(1000);
        assertThat(a.has(Rtnl.RTA_OIF)).isFalse();
        assertThat(a.bytes(Rtnl.RTA_DST)).hasValueSatisfying(d -> assertThat(d).hasSize(16));
    }

    @Test
    void encodedRouteDecodesBackToTheSameRoute() {
        RouteSpec r = RouteSpec.via(IpPrefix.parse("10.9.0.0/24"), IpAddresses.parse("10.99.0.2"));
        NlMessage reply = asReply(RouteCodec.newRoute(r, 87, 3, false).build(5));
        RouteCodec.RawRoute raw = RouteCodec.decode(reply).orElseThrow();
        assertThat(raw.table()).isEqualTo(254);
        assertThat(raw.protocol()).isEqualTo(87);
        assertThat(raw.oif()).isEqualTo(3);
        KernelRoute k = RouteCodec.toKernelRoute(raw, i -> i == 3 ? "v0" : null).orElseThrow();
        assertThat(k.spec()).isEqualTo(new RouteSpec(r.destination(), r.gateway(), Optional.of("v0"), 254));
        assertThat(k.satisfies(r)).isTrue();
        assertThat(k.satisfies(RouteSpec.via(r.destination(), IpAddresses.parse("10.99.0.3")))).isFalse();
        assertThat(k.satisfies(new RouteSpec(r.destination(), r.gateway(), Optional.of("v1"), 254))).isFalse();
        // a device that vanished between the route and link dumps: the gateway still describes the route
        assertThat(RouteCodec.toKernelRoute(raw, i -> null)).hasValueSatisfying(x -> assertThat(x.spec().device()).isEmpty());
        RouteCodec.RawRoute devOnly = RouteCodec.decode(asReply(
                RouteCodec.newRoute(RouteSpec.dev(IpPrefix.parse("10.8.0.5/32"), "v0"), 87, 3, false).build(6))).orElseThrow();
        assertThat(RouteCodec.toKernelRoute(devOnly, i -> null)).isEmpty(); // nothing left to describe it
    }

    @Test
    void decodeSkipsNonUnicastClonedAndForeignMessages() {
        RouteSpec r = RouteSpec.dev(IpPrefix.parse("10.8.0.5/32"), "v0");
        byte[] m = RouteCodec.newRoute(r, 87, 3, false).build(5);
        m[16 + 7] = 2; // RTN_LOCAL
        assertThat(RouteCodec.decode(asReply(m)).flatMap(x -> RouteCodec.toKernelRoute(x, i -> "v0"))).isEmpty();
        byte[] c = RouteCodec.newRoute(r, 87, 3, false).build(5);
        le(c).putInt(24, Rtnl.RTM_F_CLONED);
        assertThat(RouteCodec.decode(asReply(c)).flatMap(x -> RouteCodec.toKernelRoute(x, i -> "v0"))).isEmpty();
        assertThat(RouteCodec.decode(asReply(LinkCodec.dump().build(1)))).isEmpty();
    }

    @Test
    void multipathRouteDecodesItsFirstNextHop() {
        NlMessageBuilder b = new NlMessageBuilder(Rtnl.RTM_NEWROUTE, 0);
        b.u8(Rtnl.AF_INET).u8(24).u8(0).u8(0).u8(254).u8(87).u8(0).u8(Rtnl.RTN_UNICAST).u32(0);
        b.attr(Rtnl.RTA_DST, new byte[] {10, 30, 0, 0});
        // RTA_MULTIPATH: two struct rtnexthop (len 16 = 8 + RTA_GATEWAY 8)
        ByteBuffer mp = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder());
        for (int i = 0; i < 2; i++) {
            mp.putShort((short) 16).put((byte) 0).put((byte) 0).putInt(4 + i);
            mp.putShort((short) 8).putShort((short) Rtnl.RTA_GATEWAY).put(new byte[] {10, 99, 0, (byte) (2 + i)});
        }
        b.attr(Rtnl.RTA_MULTIPATH, mp.array());
        RouteCodec.RawRoute raw = RouteCodec.decode(asReply(b.build(1))).orElseThrow();
        assertThat(raw.nexthops()).isEqualTo(2);
        assertThat(raw.oif()).isEqualTo(4);
        assertThat(raw.gateway()).containsExactly(10, 99, 0, 2);
        KernelRoute k = RouteCodec.toKernelRoute(raw, i -> "v" + i).orElseThrow();
        assertThat(k.satisfies(RouteSpec.via(IpPrefix.parse("10.30.0.0/24"), IpAddresses.parse("10.99.0.2")))).isFalse();
    }

    @Test
    void deleteUsesScopeNowhereAndCarriesTheMetricWhenGiven() {
        byte[] m = RouteCodec.delRoute(RouteSpec.dev(IpPrefix.parse("10.8.0.5/32"), "v0"), 87, 3, 1024).build(1);
        assertThat(le(m).getShort(4)).isEqualTo((short) Rtnl.RTM_DELROUTE);
        assertThat(m[16 + 6] & 0xff).isEqualTo(Rtnl.RT_SCOPE_NOWHERE);
        assertThat(m[16 + 5] & 0xff).isEqualTo(87);
        assertThat(NlAttributes.parse(m, 28, m.length).u32(Rtnl.RTA_PRIORITY)).contains(1024);
    }

    @Test
    void routeDumpRequestFiltersByTableAndProtocol() {
        byte[] m = RouteCodec.dumpRoutes(Rtnl.AF_INET6, 1000, 87).build(9);
        assertThat(le(m).getShort(6) & Rtnl.NLM_F_DUMP).isEqualTo(Rtnl.NLM_F_DUMP);
        assertThat(m[16]).isEqualTo((byte) Rtnl.AF_INET6);
        assertThat(m[16 + 5]).isEqualTo((byte) 87);
        assertThat(NlAttributes.parse(m, 28, m.length).u32(Rtnl.RTA_TABLE)).contains(1000);
        assertThat(RouteCodec.dumpRoutes(Rtnl.AF_INET, 0, 0).build(1)).hasSize(28); // no attribute at all
    }

    @Test
    void parseAllSplitsADatagramAndRejectsBadLengths() {
        byte[] one = LinkCodec.getByName("eth0").build(1);
        byte[] two = AddressCodec.dump().build(2);
        byte[] dgram = new byte[one.length + two.length];
        System.arraycopy(one, 0, dgram, 0, one.length);
        System.arraycopy(two, 0, dgram, one.length, two.length);
        List<NlMessage> msgs = NlMessage.parseAll(dgram, dgram.length);
        assertThat(msgs).extracting(NlMessage::seq).containsExactly(1, 2);
        assertThat(msgs).extracting(NlMessage::type).containsExactly(Rtnl.RTM_GETLINK, Rtnl.RTM_GETADDR);

        byte[] bad = one.clone();
        le(bad).putInt(0, 4096);
        assertThatThrownBy(() -> NlMessage.parseAll(bad, bad.length))
                .isInstanceOf(NetlinkException.class).hasMessageContaining("malformed");
        le(bad).putInt(0, 8);
        assertThatThrownBy(() -> NlMessage.parseAll(bad, bad.length)).isInstanceOf(NetlinkException.class);
        assertThatThrownBy(() -> NlMessage.parseAll(one, one.length - 2)).isInstanceOf(NetlinkException.class);
    }

    @Test
    void attributesRejectOverlongLengthsAndMaskNestedFlag() {
        byte[] attrs = {8, 0, 4, 0, 1, 2, 3, 4};
        assertThat(NlAttributes.parse(attrs).u32(4)).isPresent();
        byte[] nestedFlag = {8, 0, 4, (byte) 0x80, 1, 2, 3, 4};
        assertThat(NlAttributes.parse(nestedFlag).has(4)).isTrue();
        byte[] overlong = {12, 0, 4, 0, 1, 2, 3, 4};
        assertThatThrownBy(() -> NlAttributes.parse(overlong)).isInstanceOf(NetlinkException.class)
                .hasMessageContaining("malformed netlink attribute");
    }

    @Test
    void extendedAckTextIsExtractedFromCappedAndUncappedErrors() {
        for (boolean capped : new boolean[] {true, false}) {
            byte[] orig = LinkCodec.getByName("eth0").build(7);
            ByteBuffer p = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
            p.putInt(-19);
            p.put(orig, 0, capped ? 16 : orig.length);
            while (p.position() % 4 != 0) {
                p.put((byte) 0);
            }
            byte[] text = "No such device\0".getBytes();
            p.putShort((short) (4 + text.length)).putShort((short) Rtnl.NLMSGERR_ATTR_MSG).put(text);
            byte[] payload = Arrays.copyOf(p.array(), p.position());
            int flags = Rtnl.NLM_F_ACK_TLVS | (capped ? Rtnl.NLM_F_CAPPED : 0);
            NlMessage err = new NlMessage(Rtnl.NLMSG_ERROR, flags, 7, 0, payload);
            assertThat(NetlinkSocket.extAckMessage(err)).isEqualTo("No such device");
            NetlinkException e = NetlinkSocket.kernelError("RTM_GETLINK eth0", 19, err);
            assertThat(e.errno()).isEqualTo(19);
            assertThat(e.getMessage()).startsWith("RTM_GETLINK eth0: ").contains("(ENODEV)").endsWith(": No such device");
        }
        assertThat(NetlinkSocket.extAckMessage(new NlMessage(Rtnl.NLMSG_ERROR, 0, 1, 0, new byte[20]))).isEmpty();
    }

    @Test
    void vethRequestNestsThePeerWithItsOwnIfinfomsg() {
        byte[] m = LinkCodec.newVeth("wft1234", "tmp1234", 1450, 9).build(1);
        NlAttributes top = NlAttributes.parse(m, 16 + Rtnl.IFINFOMSG_LEN, m.length);
        assertThat(top.string(Rtnl.IFLA_IFNAME)).contains("wft1234");
        assertThat(top.u32(Rtnl.IFLA_MTU)).contains(1450);
        NlAttributes info = top.nested(Rtnl.IFLA_LINKINFO).orElseThrow();
        assertThat(info.string(Rtnl.IFLA_INFO_KIND)).contains("veth");
        byte[] peer = info.nested(Rtnl.IFLA_INFO_DATA).orElseThrow().bytes(Rtnl.VETH_INFO_PEER).orElseThrow();
        NlAttributes peerAttrs = NlAttributes.parse(peer, Rtnl.IFINFOMSG_LEN, peer.length);
        assertThat(peerAttrs.string(Rtnl.IFLA_IFNAME)).contains("tmp1234");
        assertThat(peerAttrs.u32(Rtnl.IFLA_NET_NS_FD)).contains(9);
        assertThat(peerAttrs.u32(Rtnl.IFLA_MTU)).contains(1450);
        assertThat(le(m).getInt(0)).isEqualTo(m.length);
    }

    @Test
    void linkDecodesNameMtuStateMacAndKind() {
        NlMessageBuilder b = new NlMessageBuilder(Rtnl.RTM_NEWLINK, 0);
        b.u8(0).u8(0).u16(1).u32(5).u32(Rtnl.IFF_UP | 0x40).u32(0);
        b.attrString(Rtnl.IFLA_IFNAME, "eth0").attrU32(Rtnl.IFLA_MTU, 1450);
        b.attr(Rtnl.IFLA_ADDRESS, new byte[] {0x0a, 0x58, 0x0a, (byte) 0xf4, 0, 1});
        b.beginNest(Rtnl.IFLA_LINKINFO).attrString(Rtnl.IFLA_INFO_KIND, "veth").endNest();
        LinkInfo l = LinkCodec.decode(asReply(b.build(1))).orElseThrow();
        assertThat(l).isEqualTo(new LinkInfo(5, "eth0", 1450, true, "0a:58:0a:f4:00:01", Optional.of("veth")));
    }

    @Test
    void interfaceNamesAreCheckedLikeTheKernelDoes() {
        assertThat(LinkCodec.checkName("wft0123456789ab")).hasSize(15);
        for (String bad : new String[] {"", "wft0123456789abc", "a/b", "a:b", "a b", ".", ".."}) {
            assertThatThrownBy(() -> LinkCodec.checkName(bad)).isInstanceOf(NetlinkException.class)
                    .satisfies(e -> assertThat(((NetlinkException) e).errno()).isEqualTo(NetlinkException.EINVAL));
        }
    }

    @Test
    void addressRequestsUseLocalAndAddressAndNodadForIpv6() {
        byte[] v4 = AddressCodec.address(true, 4, IpAddresses.parse("10.244.0.5"), 32).build(1);
        assertThat(Arrays.copyOfRange(v4, 16, 20)).containsExactly(2, 32, 0, 0);
        assertThat(le(v4).getInt(20)).isEqualTo(4);
        NlAttributes a = NlAttributes.parse(v4, 24, v4.length);
        assertThat(a.bytes(Rtnl.IFA_LOCAL)).hasValueSatisfying(x -> assertThat(x).containsExactly(10, (byte) 244, 0, 5));
        byte[] v6 = AddressCodec.address(true, 4, IpAddresses.parse("fd00::5"), 128).build(1);
        assertThat(v6[16 + 2]).isEqualTo((byte) Rtnl.IFA_F_NODAD);
        LinkAddress back = AddressCodec.decode(new NlMessage(Rtnl.RTM_NEWADDR, 0, 1, 0, Arrays.copyOfRange(v6, 16, v6.length)))
                .orElseThrow();
        assertThat(back).isEqualTo(new LinkAddress(4, IpAddresses.parse("fd00::5"), 128));
        assertThatThrownBy(() -> AddressCodec.address(true, 4, IpAddresses.parse("10.0.0.1"), 33))
                .isInstanceOf(NetlinkException.class).hasMessageContaining("out of range");
    }

    @Test
    void sysctlPathsStayUnderProcSys() {
        assertThat(Netlink.sysctlPath("net.ipv4.ip_forward").toString()).isEqualTo("/proc/sys/net/ipv4/ip_forward");
        assertThat(Netlink.sysctlPath("net/ipv4/conf/eth0.100/rp_filter").toString())
                .isEqualTo("/proc/sys/net/ipv4/conf/eth0.100/rp_filter");
        for (String bad : new String[] {"/etc/passwd", "net/../../etc/passwd", "", " "}) {
            assertThatThrownBy(() -> Netlink.sysctlPath(bad)).isInstanceOf(NetlinkException.class);
        }
        assertThatThrownBy(() -> Netlink.setSysctl("net.ipv4.no_such_key_weft", "1"))
                .isInstanceOf(NetlinkException.class)
                .satisfies(e -> assertThat(((NetlinkException) e).errno()).isEqualTo(NetlinkException.ENOENT));
    }

    @Test
    void builderRejectsUnclosedNests() {
        NlMessageBuilder b = new NlMessageBuilder(Rtnl.RTM_NEWLINK, 0).beginNest(Rtnl.IFLA_LINKINFO);
        assertThatThrownBy(() -> b.build(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void builderGrowsForLargeMessages() {
        NlMessageBuilder b = new NlMessageBuilder(Rtnl.RTM_NEWLINK, 0);
        for (int i = 0; i < 100; i++) {
            b.attrU32(i, i);
        }
        byte[] m = b.build(1);
        assertThat(m).hasSize(16 + 800);
        assertThat(NlAttributes.parse(m, 16, m.length).u32(99)).contains(99);
    }
}
