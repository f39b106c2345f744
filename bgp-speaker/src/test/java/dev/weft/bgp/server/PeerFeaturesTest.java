package dev.weft.bgp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.rib.Path;
import dev.weft.bgp.rib.Rib;
import dev.weft.bgp.rib.RibPeer;
import dev.weft.bgp.rib.RoutePolicy;
import dev.weft.bgp.wire.AddressFamily;
import dev.weft.bgp.wire.BgpError;
import dev.weft.bgp.wire.BgpMessage;
import dev.weft.bgp.wire.Capability;
import dev.weft.bgp.wire.KeepaliveMessage;
import dev.weft.bgp.wire.NotificationMessage;
import dev.weft.bgp.wire.OpenMessage;
import dev.weft.bgp.wire.OriginType;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.RouteRefreshMessage;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Per-peer features of issue 5 on EmbeddedChannels with frozen time: max-prefix (RFC 4486),
 * Graceful Restart as receiving speaker (RFC 4724 §4.2), End-of-RIB after the initial table and
 * Enhanced Route Refresh (RFC 7313). The RIB runs inline (the speaker gives it its own thread).
 */
class PeerFeaturesTest extends PeerControllerFixture {
    static PeerConfig peer() {
        return PeerConfig.of(IpAddresses.parse(PEER), 65000).withPassive(true).withPolicies(ALL, ALL);
    }

    static Capability.GracefulRestart gr(int seconds, boolean forwarding) {
        return new Capability.GracefulRestart(false, seconds, List.of(
                new Capability.GracefulRestart.Family(AddressFamily.IPV4_UNICAST, forwarding)));
    }

    @Test
    void maxPrefixClosesWithCease61CarryingAfiSafiAndLimitAndStaysDown() {
        PeerController pc = controller(peer().withMaxPrefixes(2, Optional.empty()));
        EmbeddedChannel ch = establish(pc, open());
        sent(ch);
        ch.writeInbound(announce("192.0.2.0/24", "198.51.100.0/24"));
        loop.runPendingTasks();
        assertThat(ch.isOpen()).isTrue();
        ch.writeInbound(announce("203.0.113.0/24"));
        loop.runPendingTasks();
        // RFC 4486 §4: AFI 1, SAFI 1, upper bound 2
        assertThat(sent(ch)).containsExactly(NotificationMessage.of(BgpError.MAXIMUM_PREFIXES_REACHED,
                new byte[] {0, 1, 1, 0, 0, 0, 2}));
        assertThat(ch.isOpen()).isFalse();
        assertThat(rib.locRib()).isEmpty();
        PeerStatus s = pc.status();
        assertThat(s.state()).isEqualTo("Idle");
        assertThat(s.lastNotificationSent()).hasValueSatisfying(n -> assertThat(n).startsWith("6/1"));
        assertThat(s.flaps()).isEqualTo(1);
        assertThat(s.updatesReceived()).isEqualTo(2);
        advance(3600);
        assertThat(pc.status().state()).isEqualTo("Idle");
        EmbeddedChannel again = new EmbeddedChannel();
        assertThat(pc.adoptInbound(again)).isNull(); // refused until reconfigured
    }

    @Test
    void maxPrefixDataNamesTheFamilyThatCrossedTheLimit() {
        PeerController pc = controller(peer().withMaxPrefixes(1, Optional.empty()));
        EmbeddedChannel ch = establish(pc, open(Capability.MultiProtocol.IPV6_UNICAST));
        sent(ch);
        ch.writeInbound(new UpdateMessage(List.of(), List.of(new PathAttribute.Origin(OriginType.IGP),
                PathAttribute.AsPath.sequence(List.of(65000L)), new PathAttribute.MpReachNlri(AddressFamily.IPV6_UNICAST,
                        List.of(IpAddresses.parse("fd00::9")), List.of(IpPrefix.parse("fd00:1::/64"), IpPrefix.parse("fd00:2::/64")))),
                List.of()));
        loop.runPendingTasks();
        assertThat(sent(ch)).containsExactly(NotificationMessage.of(BgpError.MAXIMUM_PREFIXES_REACHED,
                new byte[] {0, 2, 1, 0, 0, 0, 1}));
    }

    @Test
    void maxPrefixWithRestartComesBackAfterTheDelay() {
        PeerController pc = controller(peer().withMaxPrefixes(1, Optional.of(Duration.ofSeconds(30))));
        EmbeddedChannel ch = establish(pc, open());
        ch.writeInbound(announce("192.0.2.0/24", "198.51.100.0/24"));
        loop.runPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        advance(29);
        assertThat(pc.status().state()).isEqualTo("Idle");
        advance(1);
        assertThat(pc.status().state()).isEqualTo("Active");
        establish(pc, open());
    }

    @Test
    void gracefulRestartKeepsRoutesStaleUntilTheRestartTimeRunsOut() {
        PeerController pc = controller(peer());
        EmbeddedChannel ch = establish(pc, open(gr(60, true)));
        assertThat(pc.status().gracefulRestart()).isEqualTo("helper");
        ch.writeInbound(announce("192.0.2.0/24"));
        ch.close(); // TCP gone without NOTIFICATION: the peer is restarting
        loop.runPendingTasks();
        assertThat(rib.locRib()).containsKey(IpPrefix.parse("192.0.2.0/24"));
        assertThat(rib.staleCount(IpAddresses.parse(PEER))).isEqualTo(1);
        assertThat(pc.status().gracefulRestart()).isEqualTo("restarting");
        advance(59);
        assertThat(rib.locRib()).containsKey(IpPrefix.parse("192.0.2.0/24"));
        advance(1);
        assertThat(rib.locRib()).isEmpty();
        assertThat(pc.status().gracefulRestart()).isEmpty();
    }

    @Test
    void gracefulRestartDropsStaleRoutesAtEndOfRibAndKeepsTheReannouncedOnes() {
        PeerController pc = controller(peer());
        EmbeddedChannel ch = establish(pc, open(gr(60, true)));
        ch.writeInbound(announce("192.0.2.0/24", "198.51.100.0/24"));
        ch.close();
        loop.runPendingTasks();
        EmbeddedChannel back = establish(pc, open(gr(60, true)));
        assertThat(pc.status().gracefulRestart()).isEqualTo("stale");
        assertThat(rib.staleCount(IpAddresses.parse(PEER))).isEqualTo(2);
        back.writeInbound(announce("198.51.100.0/24"));
        back.writeInbound(UpdateMessage.endOfRib(AddressFamily.IPV4_UNICAST));
        loop.runPendingTasks();
        assertThat(rib.locRib()).containsOnlyKeys(IpPrefix.parse("198.51.100.0/24"));
        assertThat(rib.staleCount(IpAddresses.parse(PEER))).isZero();
        assertThat(pc.status().gracefulRestart()).isEqualTo("helper");
    }

    @Test
    void aPeerBackWithoutForwardingStateLosesItsStaleRoutesAtOnce() {
        PeerController pc = controller(peer());
        EmbeddedChannel ch = establish(pc, open(gr(60, true)));
        ch.writeInbound(announce("192.0.2.0/24"));
        ch.close();
        loop.runPendingTasks();
        establish(pc, open(gr(60, false))); // F bit clear: forwarding state lost (RFC 4724 §4.2)
        loop.runPendingTasks();
        assertThat(rib.locRib()).isEmpty();
    }

    @Test
    void aNotificationEndsTheSessionWithoutGracefulRestart() {
        PeerController pc = controller(peer());
        EmbeddedChannel ch = establish(pc, open(gr(60, true)));
        ch.writeInbound(announce("192.0.2.0/24"));
        ch.writeInbound(NotificationMessage.of(BgpError.ADMINISTRATIVE_RESET));
        loop.runPendingTasks();
        assertThat(rib.locRib()).isEmpty();
        assertThat(pc.status().lastNotificationReceived()).hasValueSatisfying(n -> assertThat(n).startsWith("6/4"));
    }

    @Test
    void aNewConnectionWhileEstablishedWithGracefulRestartIsDecidedAtItsOpenAndReplacesTheOldSession() {
        PeerController pc = controller(peer());
        EmbeddedChannel first = establish(pc, open(gr(60, true)));
        first.writeInbound(announce("192.0.2.0/24"));
        EmbeddedChannel second = new EmbeddedChannel();
        assertThat(pc.adoptInbound(second)).isNotNull();
        loop.runPendingTasks();
        assertThat(first.isOpen()).as("nothing decided before the new connection's OPEN").isTrue();
        assertThat(sent(second)).first().isInstanceOf(OpenMessage.class); // it waits in OpenSent
        // a second connection in the same direction with Graceful Restart: the peer restarted (RFC 4724 §4.2)
        second.writeInbound(open(gr(60, true)));
        loop.runPendingTasks();
        assertThat(first.isOpen()).isFalse();
        assertThat(sent(first)).doesNotHaveAnyElementsOfTypes(NotificationMessage.class);
        assertThat(rib.staleCount(IpAddresses.parse(PEER))).isEqualTo(1);
        second.writeInbound(KeepaliveMessage.INSTANCE);
        loop.runPendingTasks();
        assertThat(pc.status().state()).isEqualTo("Established");
        assertThat(pc.status().flaps()).isEqualTo(1);
        assertThat(pc.status().lastError()).hasValueSatisfying(e -> assertThat(e).contains("RFC 4724 §4.2"));
    }

    @Test
    void aNewConnectionWhileEstablishedWithoutGracefulRestartGetsCease67AtItsOpen() {
        PeerController pc = controller(peer());
        EmbeddedChannel first = establish(pc, open());
        first.writeInbound(announce("192.0.2.0/24"));
        EmbeddedChannel second = new EmbeddedChannel();
        assertThat(pc.adoptInbound(second)).isNotNull();
        second.writeInbound(open());
        loop.runPendingTasks();
        assertThat(sent(second)).contains(NotificationMessage.of(BgpError.CONNECTION_COLLISION_RESOLUTION));
        assertThat(second.isOpen()).isFalse();
        assertThat(first.isOpen()).isTrue();
        assertThat(pc.status().state()).isEqualTo("Established");
        assertThat(pc.status().flaps()).isZero();
        assertThat(rib.locRib()).containsKey(IpPrefix.parse("192.0.2.0/24"));
    }

    @Test
    void endOfRibFollowsTheInitialTableForEachFamily() {
        rib.originate(IpPrefix.parse("10.244.1.0/24"));
        PeerController pc = controller(peer());
        EmbeddedChannel ch = establish(pc, open(Capability.MultiProtocol.IPV6_UNICAST));
        List<BgpMessage> out = sent(ch);
        int eor4 = out.indexOf(UpdateMessage.endOfRib(AddressFamily.IPV4_UNICAST));
        int eor6 = out.indexOf(UpdateMessage.endOfRib(AddressFamily.IPV6_UNICAST));
        int table = -1;
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i) instanceof UpdateMessage u && u.nlri().contains(IpPrefix.parse("10.244.1.0/24"))) {
                table = i;
            }
        }
        assertThat(table).isNotNegative();
        assertThat(eor4).isGreaterThan(table);
        assertThat(eor6).isGreaterThan(table);
        assertThat(pc.status().families()).containsExactly("ipv4-unicast", "ipv6-unicast");
    }

    @Test
    void enhancedRouteRefreshFramesTheAnswerWithBorrAndEorr() {
        rib.originate(IpPrefix.parse("10.244.1.0/24"));
        PeerController pc = controller(peer());
        EmbeddedChannel ch = establish(pc, open(Capability.EnhancedRouteRefresh.INSTANCE, Capability.RouteRefresh.INSTANCE));
        sent(ch);
        ch.writeInbound(RouteRefreshMessage.IPV4_UNICAST);
        loop.runPendingTasks();
        List<BgpMessage> out = sent(ch);
        assertThat(out.get(0)).isEqualTo(RouteRefreshMessage.beginning(AddressFamily.IPV4_UNICAST));
        assertThat(out.get(out.size() - 1)).isEqualTo(RouteRefreshMessage.end(AddressFamily.IPV4_UNICAST));
        assertThat(out.subList(1, out.size() - 1)).anySatisfy(m -> assertThat(((UpdateMessage) m).nlri())
                .contains(IpPrefix.parse("10.244.1.0/24")));
    }
}
