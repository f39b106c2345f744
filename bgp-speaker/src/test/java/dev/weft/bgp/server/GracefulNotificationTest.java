package dev.weft.bgp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.session.HardReset;
import dev.weft.bgp.wire.AddressFamily;
import dev.weft.bgp.wire.BgpError;
import dev.weft.bgp.wire.Capability;
import dev.weft.bgp.wire.KeepaliveMessage;
import dev.weft.bgp.wire.NotificationMessage;
import dev.weft.bgp.wire.OpenMessage;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * RFC 8538 at the receiving speaker ({@link PeerRestart#applies}): with the N bit negotiated a
 * NOTIFICATION other than Hard Reset, sent or received, and HoldTimer expiry keep the peer's routes
 * stale as a TCP failure would (RFC 4724 §4.2); a Hard Reset and our CEASEs of RFC 8538 §5.1 wipe
 * them. Without N a NOTIFICATION always wipes them. EmbeddedChannels with frozen time, RIB inline.
 */
class GracefulNotificationTest extends PeerControllerFixture {
    static final IpPrefix ROUTE = IpPrefix.parse("192.0.2.0/24");

    /** The peer's OPEN with Graceful Restart (Restart Time 60 s, IPv4 unicast F bit set) and {@code n} as its N bit. */
    static OpenMessage open(boolean n) {
        return open(new Capability.GracefulRestart(false, 60, List.of(
                new Capability.GracefulRestart.Family(AddressFamily.IPV4_UNICAST, true)), n));
    }

    /** Established with {@code n} as the peer's N bit, {@link #ROUTE} learned. */
    EmbeddedChannel establish(PeerController pc, boolean n) {
        EmbeddedChannel ch = establish(pc, open(n));
        ch.writeInbound(announce(ROUTE.toString()));
        loop.runPendingTasks();
        assertThat(rib.locRib()).containsKey(ROUTE);
        sent(ch);
        return ch;
    }

    @Test
    void withNAReceivedNotificationKeepsTheRoutesStaleUntilTheRestartTime() {
        PeerController pc = controller(peer());
        EmbeddedChannel ch = establish(pc, true);
        ch.writeInbound(NotificationMessage.of(BgpError.ADMINISTRATIVE_RESET));
        loop.runPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertThat(rib.locRib()).containsKey(ROUTE);
        assertThat(rib.staleCount(IpAddresses.parse(PEER))).isEqualTo(1);
        assertThat(pc.status().gracefulRestart()).isEqualTo("restarting");
        advance(60); // the peer's Restart Time
        assertThat(rib.locRib()).isEmpty();
    }

    @Test
    void withNHoldTimerExpiryKeepsTheRoutesStale() {
        PeerController pc = controller(peer());
        EmbeddedChannel ch = establish(pc, true);
        // the embedded channel's own clock drives the session timers
        ch.advanceTimeBy(90, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        loop.runPendingTasks();
        assertThat(sent(ch)).contains(NotificationMessage.of(BgpError.HOLD_TIMER_EXPIRED));
        assertThat(pc.status().lastNotificationSent()).hasValueSatisfying(n -> assertThat(n).startsWith("4/0"));
        assertThat(rib.staleCount(IpAddresses.parse(PEER))).isEqualTo(1);
        assertThat(rib.locRib()).containsKey(ROUTE);
        // the peer comes back and sends End-of-RIB without the route: it goes
        EmbeddedChannel back = new EmbeddedChannel();
        pc.adoptInbound(back);
        back.writeInbound(open(true), KeepaliveMessage.INSTANCE, UpdateMessage.endOfRib(AddressFamily.IPV4_UNICAST));
        loop.runPendingTasks();
        assertThat(rib.locRib()).isEmpty();
    }

    @Test
    void withNAReceivedHardResetWipesTheRoutes() {
        PeerController pc = controller(peer());
        EmbeddedChannel ch = establish(pc, true);
        ch.writeInbound(HardReset.wrap(NotificationMessage.of(BgpError.ADMINISTRATIVE_SHUTDOWN)));
        loop.runPendingTasks();
        assertThat(rib.locRib()).isEmpty();
        assertThat(pc.status().gracefulRestart()).isEmpty();
        assertThat(pc.status().lastNotificationReceived()).contains("6/9 Hard Reset (6/2 Administrative Shutdown)");
    }

    @Test
    void withNMaxPrefixSendsAHardResetCarryingTheCeaseAndWipesTheRoutes() {
        PeerController pc = controller(peer().withMaxPrefixes(1, Optional.empty()));
        EmbeddedChannel ch = establish(pc, true);
        ch.writeInbound(announce("198.51.100.0/24"));
        loop.runPendingTasks();
        // RFC 8538 §3: 6/9, data = 6/1 and its RFC 4486 data (AFI 1, SAFI 1, limit 1)
        assertThat(sent(ch)).containsExactly(NotificationMessage.of(BgpError.HARD_RESET,
                new byte[] {6, 1, 0, 1, 1, 0, 0, 0, 1}));
        assertThat(rib.locRib()).isEmpty();
        assertThat(rib.staleCount(IpAddresses.parse(PEER))).isZero();
    }

    @Test
    void withNRemovingThePeerSendsAHardResetAndWipesTheRoutes() {
        PeerController pc = controller(peer());
        EmbeddedChannel ch = establish(pc, true);
        pc.stop(NotificationMessage.of(BgpError.PEER_DECONFIGURED));
        loop.runPendingTasks();
        assertThat(sent(ch)).containsExactly(NotificationMessage.of(BgpError.HARD_RESET, new byte[] {6, 3}));
        assertThat(rib.locRib()).isEmpty();
    }

    @Test
    void withoutNANotificationWipesTheRoutesAndCeasesGoOutUnwrapped() {
        PeerController pc = controller(peer());
        EmbeddedChannel ch = establish(pc, false);
        ch.writeInbound(NotificationMessage.of(BgpError.ADMINISTRATIVE_RESET));
        loop.runPendingTasks();
        assertThat(rib.locRib()).isEmpty();
        EmbeddedChannel again = establish(pc, false);
        pc.stop(NotificationMessage.of(BgpError.PEER_DECONFIGURED));
        loop.runPendingTasks();
        assertThat(sent(again)).containsExactly(NotificationMessage.of(BgpError.PEER_DECONFIGURED));
    }

    @Test
    void withoutNHoldTimerExpiryWipesTheRoutes() {
        PeerController pc = controller(peer());
        EmbeddedChannel ch = establish(pc, false);
        ch.advanceTimeBy(90, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        loop.runPendingTasks();
        assertThat(sent(ch)).contains(NotificationMessage.of(BgpError.HOLD_TIMER_EXPIRED));
        assertThat(rib.locRib()).isEmpty();
    }
}
