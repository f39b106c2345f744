package dev.weft.bgp.rib;

import static dev.weft.bgp.rib.RibHarness.LOCAL_AS;
import static dev.weft.bgp.rib.RibHarness.announce;
import static dev.weft.bgp.rib.RibHarness.announce6;
import static dev.weft.bgp.rib.RibHarness.announced;
import static dev.weft.bgp.rib.RibHarness.v6;
import static dev.weft.bgp.rib.RibHarness.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.wire.AddressFamily;
import dev.weft.bgp.wire.CodecOptions;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** IPv4 + IPv6 unicast: classic NLRI, MP_REACH/MP_UNREACH (RFC 4760), End-of-RIB, treat-as-withdraw. */
class RibFamiliesTest {
    static final IpPrefix V6 = IpPrefix.parse("2001:db8:1::/48");
    static final IpPrefix V6B = IpPrefix.parse("2001:db8:2::/48");
    static final IpPrefix V4 = IpPrefix.parse("10.1.0.0/24");

    final RibHarness out = new RibHarness();
    final Rib rib = new Rib(LOCAL_AS, out);
    final RibPeer tor = RibHarness.ebgp("10.0.0.1", 65000)
            .withIpv6NextHop(v6("2001:db8:ff::1"), Optional.of(v6("fe80::1")));
    final RibPeer tor2 = RibHarness.ebgp("10.0.1.1", 65010).withIpv6NextHop(v6("2001:db8:ff::2"), Optional.empty());
    final RibPeer v4only = RibHarness.ebgp("10.0.2.1", 65020);

    void up() {
        rib.peerUp(tor);
        rib.peerUp(tor2);
        rib.peerUp(v4only);
    }

    @Test
    void ipv6RouteFromMpReachEntersTheLocRibWithGlobalAndLinkLocalNextHops() {
        up();
        rib.update(tor.address(), announce6(List.of(65000L), "2001:db8:ff::9", Optional.of("fe80::9"), V6));
        Path p = rib.locRib().get(V6);
        assertThat(p.attributes().nextHop()).isEqualTo(v6("2001:db8:ff::9"));
        assertThat(p.attributes().linkLocalNextHop()).contains(v6("fe80::9"));
        assertThat(out.nextHops.get(V6)).containsExactly(v6("2001:db8:ff::9"));
    }

    @Test
    void ipv6IsReadvertisedInMpReachWithOurNextHopsAndNotToAPeerWithoutIpv6() {
        up();
        rib.update(tor.address(), announce6(List.of(65000L), "2001:db8:ff::9", Optional.empty(), V6));
        List<UpdateMessage> toTor2 = out.take(tor2);
        assertThat(toTor2).hasSize(1);
        PathAttribute.MpReachNlri reach = toTor2.get(0).mpReach().orElseThrow();
        assertThat(reach.family()).isEqualTo(AddressFamily.IPV6_UNICAST);
        assertThat(reach.nextHops()).containsExactly(v6("2001:db8:ff::2"));
        assertThat(reach.nlri()).containsExactly(V6);
        assertThat(toTor2.get(0).attribute(PathAttribute.NextHop.class)).isEmpty();
        assertThat(toTor2.get(0).attribute(PathAttribute.AsPath.class).orElseThrow())
                .isEqualTo(PathAttribute.AsPath.sequence(List.of(LOCAL_AS, 65000L)));
        assertThat(out.take(v4only)).isEmpty();
        assertThat(out.take(tor)).isEmpty();
    }

    @Test
    void mpUnreachWithdrawsAndTheWithdrawalGoesOutInMpUnreach() {
        up();
        rib.update(tor.address(), announce6(List.of(65000L), "2001:db8:ff::9", Optional.empty(), V6, V6B));
        out.take(tor2);
        rib.update(tor.address(), new UpdateMessage(List.of(),
                List.of(new PathAttribute.MpUnreachNlri(AddressFamily.IPV6_UNICAST, List.of(V6))), List.of()));
        assertThat(rib.locRib()).containsOnlyKeys(V6B);
        List<UpdateMessage> toTor2 = out.take(tor2);
        assertThat(toTor2).hasSize(1);
        assertThat(toTor2.get(0).mpUnreach().orElseThrow().withdrawn()).containsExactly(V6);
        assertThat(toTor2.get(0).withdrawn()).isEmpty();
    }

    @Test
    void originatedIpv6PrefixUsesOurLinkLocalToo() {
        up();
        rib.originate(List.of(V6, V4));
        List<UpdateMessage> toTor = out.take(tor);
        assertThat(announced(toTor)).containsExactlyInAnyOrder(V6, V4);
        UpdateMessage mp = toTor.stream().filter(u -> u.mpReach().isPresent()).findFirst().orElseThrow();
        assertThat(mp.mpReach().get().nextHops()).containsExactly(v6("2001:db8:ff::1"), v6("fe80::1"));
        assertThat(announced(out.take(v4only))).containsExactly(V4);
    }

    @Test
    void ipv4InMpReachIsAcceptedToo() {
        up();
        List<PathAttribute> attrs = new ArrayList<>(RibHarness.base(List.of(65000L)));
        attrs.add(PathAttribute.MpReachNlri.ipv4(IpAddresses.parseIpv4("192.0.2.7"), List.of(V4)));
        rib.update(tor.address(), new UpdateMessage(List.of(), attrs, List.of()));
        assertThat(rib.locRib().get(V4).attributes().nextHop()).isEqualTo(IpAddresses.parse("192.0.2.7"));
        // re-advertised to IPv4 peers in classic NLRI with next-hop-self
        UpdateMessage u = out.take(v4only).get(0);
        assertThat(u.nlri()).containsExactly(V4);
        assertThat(u.attribute(PathAttribute.NextHop.class).orElseThrow().address()).isEqualTo(v4only.nextHopSelf());
    }

    @Test
    void treatAsWithdrawUpdateRemovesEveryPrefixItNamesInBothFamilies() {
        up();
        rib.update(tor.address(), announce(List.of(65000L), "192.0.2.1", List.of(), V4));
        rib.update(tor.address(), announce6(List.of(65000L), "2001:db8:ff::9", Optional.empty(), V6));
        rib.update(tor.address(), UpdateMessage.treatAsWithdraw(List.of(V4, V6)));
        assertThat(rib.locRib()).isEmpty();
        assertThat(rib.prefixesReceived(tor.address())).isZero();
    }

    @Test
    void endOfRibMarkersGoOutPerNegotiatedFamilyWhenAsked() {
        rib.originate(V4);
        rib.peerUp(tor.withEndOfRib(true));
        List<UpdateMessage> toTor = out.take(tor);
        assertThat(toTor).endsWith(UpdateMessage.endOfRib(AddressFamily.IPV4_UNICAST),
                UpdateMessage.endOfRib(AddressFamily.IPV6_UNICAST));
        rib.peerUp(v4only.withEndOfRib(true));
        assertThat(out.take(v4only)).last().isEqualTo(UpdateMessage.endOfRib(AddressFamily.IPV4_UNICAST));
        rib.peerUp(tor2);
        assertThat(out.take(tor2)).noneMatch(u -> u.endOfRib().isPresent());
    }

    @Test
    void largeIpv6TablesArePackedUnderTheMessageLimit() {
        up();
        List<IpPrefix> many = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            many.add(IpPrefix.parse("2001:db8:" + Integer.toHexString(i) + "::/64"));
        }
        rib.originate(many);
        List<UpdateMessage> toTor2 = out.take(tor2);
        assertThat(announced(toTor2)).hasSize(2000);
        assertThat(toTor2.size()).isBetween(5, 6); // 9 octets per /64 → ≈ 450 per 4096-octet UPDATE
        many.forEach(rib::withdrawOriginated);
        assertThat(withdrawn(out.take(tor2))).hasSize(2000);
    }

    @Test
    void extendedMessagesPackMoreNlriPerUpdate() {
        RibPeer big = new RibPeer(IpAddresses.parse("10.0.5.1"), 65050, IpAddresses.parseIpv4("10.0.5.1"), true,
                IpAddresses.parseIpv4("10.255.0.1"), CodecOptions.FOUR_OCTET_AS.withExtendedMessage(true));
        rib.peerUp(big);
        List<IpPrefix> many = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            many.add(IpPrefix.parse("10." + (i >> 8) + "." + (i & 255) + ".1/32"));
        }
        rib.originate(many);
        List<UpdateMessage> updates = out.take(big);
        assertThat(announced(updates)).hasSize(5000);
        assertThat(updates).hasSize(1); // 5 octets each: 5000 /32s fit 65535 octets
    }
}
