package dev.weft.bgp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.rib.RoutePolicy;
import dev.weft.bgp.wire.AddressFamily;
import dev.weft.bgp.wire.Capability;
import dev.weft.bgp.wire.KeepaliveMessage;
import dev.weft.bgp.wire.OpenMessage;
import dev.weft.bgp.wire.OriginType;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * RFC 4271 §6.3 / RFC 7606 §7.11 over real TCP: an IPv6 route whose MP_REACH_NLRI next hop is
 * the IPv6 next hop this speaker uses on the (IPv4) session is not taken; another next hop is.
 * Before, only the connection's own IPv4 address counted as "ours" (UnseenMalformedUpdateTest's
 * pending case).
 */
class OwnNextHopTest {
    static final Inet6Address OURS = (Inet6Address) IpAddresses.parse("fd00:99::1");

    static UpdateMessage v6(String nextHop, String prefix) {
        return new UpdateMessage(List.of(), List.of(new PathAttribute.Origin(OriginType.IGP),
                PathAttribute.AsPath.sequence(List.of(65000L)), new PathAttribute.MpReachNlri(AddressFamily.IPV6_UNICAST,
                        List.of(IpAddresses.parse(nextHop)), List.of(IpPrefix.parse(prefix)))), List.of());
    }

    @Test
    void anIpv6NextHopThatIsOursIsIgnoredAndTheSessionStays() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, IpAddresses.parse("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        Optional<RoutePolicy> all = Optional.of(RoutePolicy.ACCEPT_ALL);
        try (BgpSpeaker speaker = BgpSpeaker.start(SpeakerConfig.of(65001, IpAddresses.parseIpv4("10.0.0.1"))
                .withListen(IpAddresses.parse("127.0.0.1"), port))) {
            speaker.addPeer(PeerConfig.of(IpAddresses.parse("127.0.0.4"), 65000).withPassive(true).withPolicies(all, all)
                    .withIpv6NextHop(Optional.of(OURS)));
            try (RawPeer peer = RawPeer.connect(new InetSocketAddress(IpAddresses.parse("127.0.0.4"), 0),
                    new InetSocketAddress(IpAddresses.parse("127.0.0.1"), port))) {
                assertThat(peer.next(OpenMessage.class)).isPresent();
                peer.send(OpenMessage.of(65000, 90, IpAddresses.parseIpv4("10.0.0.4"), List.of(Capability.MultiProtocol.IPV4_UNICAST,
                        Capability.MultiProtocol.IPV6_UNICAST, new Capability.FourOctetAs(65000))), KeepaliveMessage.INSTANCE);
                assertThat(peer.next(KeepaliveMessage.class)).isPresent();
                peer.send(v6("fd00:99::1", "fd00:10::/64"), v6("fd00:99::9", "fd00:20::/64"));
                assertThat(ConnectionCollisionTest.await(() -> speaker.locRib().containsKey(IpPrefix.parse("fd00:20::/64"))))
                        .isTrue();
                assertThat(speaker.locRib()).doesNotContainKey(IpPrefix.parse("fd00:10::/64"));
                PeerStatus st = speaker.peers().get(0);
                assertThat(st.state()).isEqualTo("Established");
                assertThat(st.lastError()).hasValueSatisfying(e -> assertThat(e).contains("this speaker's address"));
                assertThat(peer.notifications()).isEmpty();
            }
        }
    }
}
