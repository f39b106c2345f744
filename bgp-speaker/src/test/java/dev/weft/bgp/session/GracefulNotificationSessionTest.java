package dev.weft.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.fsm.State;
import dev.weft.bgp.wire.AddressFamily;
import dev.weft.bgp.wire.BgpError;
import dev.weft.bgp.wire.Capability;
import dev.weft.bgp.wire.KeepaliveMessage;
import dev.weft.bgp.wire.NotificationMessage;
import dev.weft.bgp.wire.OpenMessage;
import dev.weft.common.net.IpAddresses;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * RFC 8538 on one connection: N bit negotiation, Hard Reset encoding (§3) and which CEASEs are
 * sent as Hard Reset (§5.1), and what the handler reports as the NOTIFICATION that ended it.
 */
class GracefulNotificationSessionTest {
    static final List<AddressFamily> V4 = List.of(AddressFamily.IPV4_UNICAST);
    static final SessionConfig WITH_N = new SessionConfig(65001, IpAddresses.parseIpv4("10.0.0.2"), 65000, 90, 0, V4,
            120, false, 0);
    static final SessionConfig WITHOUT_N = new SessionConfig(65001, IpAddresses.parseIpv4("10.0.0.2"), 65000, 90, 0, V4,
            120, false, 0, false);

    static OpenMessage peerOpen(boolean n) {
        return OpenMessage.of(65000, 90, IpAddresses.parseIpv4("10.0.0.9"), List.of(Capability.MultiProtocol.IPV4_UNICAST,
                new Capability.FourOctetAs(65000), new Capability.GracefulRestart(false, 60, List.of(
                        new Capability.GracefulRestart.Family(AddressFamily.IPV4_UNICAST, true)), n)));
    }

    static final class Listener implements SessionListener {
        final List<String> closed = new ArrayList<>();

        @Override
        public void established(BgpSessionHandler session) {}

        @Override
        public void update(BgpSessionHandler session, dev.weft.bgp.wire.UpdateMessage update) {}

        @Override
        public void closed(BgpSessionHandler session, State lastState, String reason) {
            closed.add(reason);
        }
    }

    record Conn(EmbeddedChannel ch, BgpSessionHandler h, Listener l) {
        List<Object> sent() {
            List<Object> out = new ArrayList<>();
            for (Object o; (o = ch.readOutbound()) != null; ) {
                out.add(o);
            }
            return out;
        }
    }

    static Conn established(SessionConfig config, boolean peerN) {
        Listener l = new Listener();
        BgpSessionHandler h = new BgpSessionHandler(config, false, l);
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline().addLast(h);
        ch.writeInbound(peerOpen(peerN), KeepaliveMessage.INSTANCE);
        assertThat(h.state()).isEqualTo(State.ESTABLISHED);
        Conn c = new Conn(ch, h, l);
        c.sent();
        return c;
    }

    @Test
    void weAdvertiseTheNBitWithGracefulRestartUnlessTurnedOff() {
        assertThat(WITH_N.localOpen().gracefulRestart()).hasValueSatisfying(gr -> assertThat(gr.notification()).isTrue());
        assertThat(WITHOUT_N.localOpen().gracefulRestart()).hasValueSatisfying(gr -> assertThat(gr.notification()).isFalse());
    }

    @Test
    void theNBitIsNegotiatedOnlyWhenBothSidesSetIt() throws Exception {
        assertThat(OpenValidator.validate(peerOpen(true), WITH_N).gracefulNotification()).isTrue();
        assertThat(OpenValidator.validate(peerOpen(false), WITH_N).gracefulNotification()).isFalse();
        assertThat(OpenValidator.validate(peerOpen(true), WITHOUT_N).gracefulNotification()).isFalse();
        assertThat(OpenValidator.validate(peerOpen(true), WITHOUT_N).peerGracefulRestart()).isPresent();
    }

    @Test
    void hardResetCarriesTheOriginalCodeSubcodeAndData() {
        NotificationMessage maxPrefix = NotificationMessage.of(BgpError.MAXIMUM_PREFIXES_REACHED, new byte[] {0, 1, 1, 0, 0, 0, 5});
        NotificationMessage hr = HardReset.wrap(maxPrefix);
        assertThat(hr).isEqualTo(NotificationMessage.of(BgpError.HARD_RESET, new byte[] {6, 1, 0, 1, 1, 0, 0, 0, 5}));
        assertThat(HardReset.is(hr)).isTrue();
        assertThat(HardReset.wrap(hr)).isEqualTo(hr);
        assertThat(HardReset.unwrap(hr)).contains(maxPrefix);
        assertThat(HardReset.describe(hr)).isEqualTo("6/9 Hard Reset (6/1 Maximum Number of Prefixes Reached)");
        // a Hard Reset without data (another implementation) is still a Hard Reset
        assertThat(HardReset.unwrap(NotificationMessage.of(BgpError.HARD_RESET))).isEmpty();
        assertThat(HardReset.is(NotificationMessage.of(BgpError.HARD_RESET))).isTrue();
    }

    @Test
    void onlyTheCeasesThatEndASessionForGoodNeedAHardReset() {
        // RFC 8538 §5.1
        assertThat(List.of(BgpError.MAXIMUM_PREFIXES_REACHED, BgpError.ADMINISTRATIVE_SHUTDOWN, BgpError.PEER_DECONFIGURED,
                BgpError.HARD_RESET)).allSatisfy(e -> assertThat(HardReset.required(NotificationMessage.of(e))).isTrue());
        assertThat(List.of(BgpError.ADMINISTRATIVE_RESET, BgpError.CONNECTION_REJECTED, BgpError.OTHER_CONFIGURATION_CHANGE,
                BgpError.CONNECTION_COLLISION_RESOLUTION, BgpError.OUT_OF_RESOURCES, BgpError.HOLD_TIMER_EXPIRED))
                .allSatisfy(e -> assertThat(HardReset.required(NotificationMessage.of(e))).isFalse());
    }

    @Test
    void withNNegotiatedPeerDeconfiguredGoesOutAsHardReset() {
        Conn c = established(WITH_N, true);
        c.h().stop(NotificationMessage.of(BgpError.PEER_DECONFIGURED));
        NotificationMessage expected = NotificationMessage.of(BgpError.HARD_RESET, new byte[] {6, 3});
        assertThat(c.sent()).containsExactly(expected);
        assertThat(c.h().endingNotification()).contains(expected);
        assertThat(c.l().closed).containsExactly("sent NOTIFICATION 6/9 Hard Reset (6/3 Peer De-configured)");
    }

    @Test
    void withoutNPeerDeconfiguredGoesOutAsItIs() {
        Conn c = established(WITH_N, false);
        c.h().stop(NotificationMessage.of(BgpError.PEER_DECONFIGURED));
        assertThat(c.sent()).containsExactly(NotificationMessage.of(BgpError.PEER_DECONFIGURED));
    }

    @Test
    void aGracefulCeaseAndHoldTimerExpiryAreSentUnwrapped() {
        Conn c = established(WITH_N, true);
        c.h().stop(NotificationMessage.of(BgpError.ADMINISTRATIVE_RESET));
        assertThat(c.sent()).containsExactly(NotificationMessage.of(BgpError.ADMINISTRATIVE_RESET));
        Conn d = established(WITH_N, true);
        d.ch().advanceTimeBy(90, TimeUnit.SECONDS);
        d.ch().runScheduledPendingTasks();
        assertThat(d.sent()).contains(NotificationMessage.of(BgpError.HOLD_TIMER_EXPIRED));
        assertThat(d.h().endingNotification()).contains(NotificationMessage.of(BgpError.HOLD_TIMER_EXPIRED));
    }

    @Test
    void aReceivedNotificationIsWhatEndedTheConnection() {
        Conn c = established(WITH_N, true);
        NotificationMessage hr = HardReset.wrap(NotificationMessage.of(BgpError.ADMINISTRATIVE_SHUTDOWN));
        c.ch().writeInbound(hr);
        assertThat(c.h().endingNotification()).contains(hr);
        assertThat(c.l().closed).containsExactly("received NOTIFICATION 6/9 Hard Reset (6/2 Administrative Shutdown)");
        Conn d = established(WITH_N, true);
        d.ch().close();
        assertThat(d.h().endingNotification()).isEqualTo(Optional.empty());
    }
}
