package dev.weft.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.wire.AsPathSegment;
import dev.weft.bgp.wire.BgpMessageCodec;
import dev.weft.bgp.wire.CodecOptions;
import dev.weft.bgp.wire.OriginType;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.bgp.wire.Wire;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RibTest {
    static final long LOCAL_AS = 65001;
    static final IpPrefix P1 = IpPrefix.parse("10.1.0.0/24");
    static final IpPrefix P2 = IpPrefix.parse("10.2.0.0/24");
    static final IpPrefix OWN = IpPrefix.parse("10.244.1.0/24");

    final Map<IpPrefix, List<Optional<Path>>> best = new LinkedHashMap<>();
    final Map<InetAddress, List<UpdateMessage>> sent = new LinkedHashMap<>();
    final Rib rib = new Rib(LOCAL_AS, new Rib.Output() {
        @Override
        public void bestPathChanged(IpPrefix prefix, Optional<Path> b) {
            best.computeIfAbsent(prefix, k -> new ArrayList<>()).add(b);
        }

        @Override
        public void send(RibPeer peer, List<UpdateMessage> updates) {
            for (UpdateMessage u : updates) {
                // every UPDATE must fit the 4096-octet limit for this peer
                assertThat(Wire.encode(u, peer.codecOptions()).length).isLessThanOrEqualTo(BgpMessageCodec.MAX_MESSAGE_LENGTH);
            }
            sent.computeIfAbsent(peer.address(), k -> new ArrayList<>()).addAll(updates);
        }
    });

    final RibPeer tor = peer("10.0.0.1", 65000, "10.0.0.1", true, CodecOptions.FOUR_OCTET_AS);
    final RibPeer tor2 = peer("10.0.1.1", 65010, "10.0.1.1", true, CodecOptions.FOUR_OCTET_AS);
    final RibPeer ibgp1 = peer("10.0.2.1", LOCAL_AS, "10.0.2.1", false, CodecOptions.FOUR_OCTET_AS);
    final RibPeer ibgp2 = peer("10.0.3.1", LOCAL_AS, "10.0.3.1", false, CodecOptions.FOUR_OCTET_AS);

    static RibPeer peer(String address, long asn, String id, boolean ebgp, CodecOptions options) {
        return new RibPeer(IpAddresses.parse(address), asn, IpAddresses.parseIpv4(id), ebgp,
                IpAddresses.parseIpv4("10.255." + address.split("\\.")[2] + ".2"), options);
    }

    static UpdateMessage announce(List<Long> asPath, List<PathAttribute> extra, IpPrefix... nlri) {
        List<PathAttribute> attrs = new ArrayList<>(List.of(new PathAttribute.Origin(OriginType.IGP),
                PathAttribute.AsPath.sequence(asPath), new PathAttribute.NextHop(IpAddresses.parseIpv4("192.0.2.1"))));
        attrs.addAll(extra);
        return new UpdateMessage(List.of(), attrs, List.of(nlri));
    }

    List<UpdateMessage> take(RibPeer p) {
        List<UpdateMessage> out = sent.getOrDefault(p.address(), List.of());
        sent.remove(p.address());
        return out;
    }

    @BeforeEach
    void up() {
        rib.peerUp(tor);
        rib.peerUp(tor2);
        rib.peerUp(ibgp1);
        rib.peerUp(ibgp2);
    }

    @Test
    void originatedPrefixGoesToEveryPeerWithNextHopSelf() {
        rib.originate(OWN);
        assertThat(take(tor)).containsExactly(new UpdateMessage(List.of(), List.of(new PathAttribute.Origin(OriginType.IGP),
                PathAttribute.AsPath.sequence(List.of(LOCAL_AS)), new PathAttribute.NextHop(tor.nextHopSelf())), List.of(OWN)));
        assertThat(take(ibgp1)).containsExactly(new UpdateMessage(List.of(), List.of(new PathAttribute.Origin(OriginType.IGP),
                PathAttribute.AsPath.EMPTY, new PathAttribute.NextHop(ibgp1.nextHopSelf()), new PathAttribute.LocalPref(100)), List.of(OWN)));
        assertThat(best).isEmpty(); // originated routes are not learned best paths
        rib.originate(OWN);
        assertThat(take(tor)).isEmpty();
        rib.withdrawOriginated(OWN);
        assertThat(take(tor)).containsExactly(UpdateMessage.withdraw(List.of(OWN)));
        assertThat(rib.prefixesAdvertised(tor.address())).isZero();
    }

    @Test
    void peerComingUpLaterGetsEverything() {
        rib.originate(OWN);
        rib.update(tor.address(), announce(List.of(65000L), List.of(), P1));
        RibPeer late = peer("10.0.9.1", 65009, "10.0.9.1", true, CodecOptions.FOUR_OCTET_AS);
        rib.peerUp(late);
        List<IpPrefix> announced = take(late).stream().flatMap(u -> u.nlri().stream()).toList();
        assertThat(announced).containsExactlyInAnyOrder(OWN, P1);
    }

    @Test
    void ebgpLearnedRouteIsReadvertisedToOtherEbgpPeersButNotBack() {
        rib.update(tor.address(), announce(List.of(65000L, 65100L),
                List.of(new PathAttribute.MultiExitDisc(7), new PathAttribute.Communities(List.of(0xfde80001L))), P1));
        assertThat(best.get(P1)).hasSize(1);
        assertThat(rib.locRib().get(P1).source()).isEqualTo(tor);
        assertThat(take(tor)).isEmpty();
        UpdateMessage toTor2 = take(tor2).get(0);
        assertThat(toTor2.nlri()).containsExactly(P1);
        assertThat(toTor2.attribute(PathAttribute.AsPath.class).orElseThrow().segments())
                .containsExactly(AsPathSegment.sequence(LOCAL_AS, 65000L, 65100L));
        assertThat(toTor2.attribute(PathAttribute.NextHop.class).orElseThrow().address()).isEqualTo(tor2.nextHopSelf());
        assertThat(toTor2.attribute(PathAttribute.MultiExitDisc.class)).isEmpty();
        assertThat(toTor2.attribute(PathAttribute.LocalPref.class)).isEmpty();
        assertThat(toTor2.attribute(PathAttribute.Communities.class)).isPresent();
        // towards iBGP: path unchanged, MED kept, LOCAL_PREF set, next hop self
        UpdateMessage toIbgp = take(ibgp1).get(0);
        assertThat(toIbgp.attribute(PathAttribute.AsPath.class).orElseThrow().segments())
                .containsExactly(AsPathSegment.sequence(65000L, 65100L));
        assertThat(toIbgp.attribute(PathAttribute.MultiExitDisc.class)).contains(new PathAttribute.MultiExitDisc(7));
        assertThat(toIbgp.attribute(PathAttribute.LocalPref.class)).contains(new PathAttribute.LocalPref(100));
        assertThat(toIbgp.attribute(PathAttribute.NextHop.class).orElseThrow().address()).isEqualTo(ibgp1.nextHopSelf());
    }

    @Test
    void ibgpLearnedRouteIsNotSentToIbgpPeers() {
        rib.update(ibgp1.address(), announce(List.of(), List.of(new PathAttribute.LocalPref(300)), P1));
        assertThat(rib.locRib().get(P1).localPref()).isEqualTo(300);
        assertThat(take(ibgp2)).isEmpty();
        assertThat(take(ibgp1)).isEmpty();
        assertThat(take(tor).get(0).attribute(PathAttribute.AsPath.class).orElseThrow().segments())
                .containsExactly(AsPathSegment.sequence(LOCAL_AS));
    }

    @Test
    void routesWithOurAsAreRejectedAndWithdrawTheEarlierPath() {
        rib.update(tor.address(), announce(List.of(65000L), List.of(), P1));
        assertThat(rib.locRib()).containsKey(P1);
        int rejected = rib.update(tor.address(), announce(List.of(65000L, LOCAL_AS, 65100L), List.of(), P1, P2));
        assertThat(rejected).isEqualTo(2);
        assertThat(rib.locRib()).isEmpty();
        assertThat(best.get(P1)).containsExactly(best.get(P1).get(0), Optional.empty());
        assertThat(best).doesNotContainKey(P2);
        assertThat(rib.prefixesReceived(tor.address())).isZero();
    }

    @Test
    void ebgpRouteMustStartWithThePeerAs() {
        assertThat(rib.update(tor.address(), announce(List.of(65099L), List.of(), P1))).isEqualTo(1);
        assertThat(rib.update(tor.address(), announce(List.of(), List.of(), P1))).isEqualTo(1);
        assertThat(rib.locRib()).isEmpty();
    }

    @Test
    void betterPathFromAnotherPeerTakesOverAndLosingItFallsBack() {
        rib.update(tor.address(), announce(List.of(65000L, 65100L, 65200L), List.of(), P1));
        rib.update(tor2.address(), announce(List.of(65010L, 65200L), List.of(), P1));
        assertThat(rib.locRib().get(P1).source()).isEqualTo(tor2);
        take(tor);
        rib.peerDown(tor2.address());
        assertThat(rib.locRib().get(P1).source()).isEqualTo(tor);
        assertThat(best.get(P1)).hasSize(3);
        // tor now gets nothing (its own route); before, it had tor2's route: that must be withdrawn
        assertThat(take(tor)).containsExactly(UpdateMessage.withdraw(List.of(P1)));
    }

    @Test
    void sessionLossWithdrawsThePeersRoutes() {
        rib.update(tor.address(), announce(List.of(65000L), List.of(), P1, P2));
        take(tor2);
        rib.peerDown(tor.address());
        assertThat(rib.locRib()).isEmpty();
        assertThat(best.get(P1)).last().isEqualTo(Optional.empty());
        assertThat(take(tor2)).containsExactly(UpdateMessage.withdraw(List.of(P1, P2)));
        assertThat(rib.update(tor.address(), announce(List.of(65000L), List.of(), P1))).isZero();
        assertThat(rib.locRib()).isEmpty(); // updates from a peer that is down are ignored
    }

    @Test
    void withdrawnRoutesLeaveTheLocRib() {
        rib.update(tor.address(), announce(List.of(65000L), List.of(), P1));
        rib.update(tor.address(), UpdateMessage.withdraw(List.of(P1, P2)));
        assertThat(rib.locRib()).isEmpty();
        assertThat(best.get(P1)).last().isEqualTo(Optional.empty());
    }

    @Test
    void originatedPrefixWinsOverALearnedOneForExport() {
        rib.update(tor.address(), announce(List.of(65000L), List.of(), OWN));
        take(tor2);
        rib.originate(OWN);
        assertThat(take(tor2).get(0).attribute(PathAttribute.AsPath.class).orElseThrow().segments())
                .containsExactly(AsPathSegment.sequence(LOCAL_AS));
        assertThat(take(tor).get(0).nlri()).containsExactly(OWN); // now ours, so tor gets it too
        rib.withdrawOriginated(OWN);
        assertThat(take(tor2).get(0).attribute(PathAttribute.AsPath.class).orElseThrow().segments())
                .containsExactly(AsPathSegment.sequence(LOCAL_AS, 65000L));
        assertThat(take(tor)).containsExactly(UpdateMessage.withdraw(List.of(OWN)));
    }

    @Test
    void routeRefreshResendsTheAdjRibOut() {
        rib.originate(OWN);
        rib.update(tor2.address(), announce(List.of(65010L), List.of(), P1));
        List<UpdateMessage> first = take(tor);
        rib.routeRefresh(tor.address());
        List<IpPrefix> again = take(tor).stream().flatMap(u -> u.nlri().stream()).toList();
        assertThat(again).containsExactlyInAnyOrder(OWN, P1);
        assertThat(first.stream().flatMap(u -> u.nlri().stream()).toList()).containsExactlyInAnyOrder(OWN, P1);
    }

    @Test
    void twoOctetPeerPathIsReconstructedFromAs4Path() {
        RibPeer old = peer("10.0.7.1", 65007, "10.0.7.1", true, CodecOptions.TWO_OCTET_AS);
        rib.peerUp(old);
        rib.update(old.address(), announce(List.of(65007L, 23456L), List.of(
                new PathAttribute.As4Path(List.of(AsPathSegment.sequence(65007L, 4200000000L)))), P1));
        assertThat(rib.locRib().get(P1).attributes().asPath()).containsExactly(AsPathSegment.sequence(65007L, 4200000000L));
        // from a 4-octet peer an AS4_PATH is ignored
        rib.update(tor.address(), announce(List.of(65000L), List.of(
                new PathAttribute.As4Path(List.of(AsPathSegment.sequence(1L, 2L, 3L)))), P2));
        assertThat(rib.locRib().get(P2).attributes().asPath()).containsExactly(AsPathSegment.sequence(65000L));
        // and the 2-octet peer gets paths with 4-octet ASNs encoded with AS_TRANS + AS4_PATH
        take(old);
        rib.update(tor2.address(), announce(List.of(65010L, 4200000001L), List.of(), IpPrefix.parse("10.3.0.0/24")));
        UpdateMessage toOld = take(old).get(0);
        byte[] wire = Wire.encode(toOld, CodecOptions.TWO_OCTET_AS);
        assertThat(Wire.encode(toOld, CodecOptions.TWO_OCTET_AS)).contains(Wire.hex("40 02 08 02 03 fde9 fdf2 5ba0"));
        assertThat(wire.length).isGreaterThan(0);
    }

    @Test
    void unknownTransitiveAttributesPassWithPartialAndAggregatorIsDropped() {
        rib.update(tor.address(), announce(List.of(65000L), List.of(new PathAttribute.Unknown(0xc0, 99, Wire.hex("01")),
                new PathAttribute.Unknown(0xc0, PathAttribute.AGGREGATOR, Wire.hex("fde8 0a000001")),
                new PathAttribute.Unknown(0x80, 101, Wire.hex("02"))), P1));
        UpdateMessage u = take(tor2).get(0);
        assertThat(u.attributes()).contains(new PathAttribute.Unknown(0xe0, 99, Wire.hex("01")));
        assertThat(u.attributes()).noneMatch(a -> a.typeCode() == PathAttribute.AGGREGATOR || a.typeCode() == 101);
    }

    @Test
    void wellKnownCommunitiesLimitExport() {
        rib.update(tor.address(), announce(List.of(65000L), List.of(new PathAttribute.Communities(List.of(0xFFFFFF01L))), P1));
        assertThat(take(tor2)).isEmpty();
        assertThat(take(ibgp1)).hasSize(1);
        rib.update(tor.address(), announce(List.of(65000L), List.of(new PathAttribute.Communities(List.of(0xFFFFFF02L))), P1));
        assertThat(take(ibgp1)).containsExactly(UpdateMessage.withdraw(List.of(P1)));
    }

    @Test
    void noExportToAPeerWhoseAsIsInThePath() {
        rib.update(tor.address(), announce(List.of(65000L, 65010L), List.of(), P1));
        assertThat(take(tor2)).isEmpty();
    }

    @Test
    void largeTablesArePackedIntoUpdatesUnder4096Octets() {
        for (int i = 0; i < 3000; i++) {
            rib.originate(IpPrefix.parse("10." + (100 + i / 256) + "." + (i % 256) + ".0/24"));
        }
        sent.clear();
        RibPeer late = peer("10.0.9.1", 65009, "10.0.9.1", true, CodecOptions.TWO_OCTET_AS);
        rib.peerUp(late);
        List<UpdateMessage> updates = take(late);
        assertThat(updates.stream().mapToInt(u -> u.nlri().size()).sum()).isEqualTo(3000);
        assertThat(updates.size()).isBetween(3, 5);
        for (int i = 0; i < 3000; i++) {
            rib.withdrawOriginated(IpPrefix.parse("10." + (100 + i / 256) + "." + (i % 256) + ".0/24"));
        }
        assertThat(take(late).stream().mapToInt(u -> u.withdrawn().size()).sum()).isEqualTo(3000);
    }
}
