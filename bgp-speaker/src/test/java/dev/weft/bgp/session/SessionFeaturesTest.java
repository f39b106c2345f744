package dev.weft.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.fsm.State;
import dev.weft.bgp.transport.BgpChannels;
import dev.weft.bgp.transport.BgpFrameDecoder;
import dev.weft.bgp.wire.AddressFamily;
import dev.weft.bgp.wire.BgpMessage;
import dev.weft.bgp.wire.Capability;
import dev.weft.bgp.wire.KeepaliveMessage;
import dev.weft.bgp.wire.NotificationMessage;
import dev.weft.bgp.wire.OpenMessage;
import dev.weft.bgp.wire.RouteRefreshMessage;
import dev.weft.common.net.IpAddresses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Session features of issue 5 on EmbeddedChannels with frozen time: multiprotocol negotiation,
 * Graceful Restart and Extended Message capabilities, route refresh filtering, the RFC 9687
 * Send Hold Timer and the hold timer under back-pressure.
 */
class SessionFeaturesTest {
    static final List<AddressFamily> BOTH = List.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);
    static final SessionConfig CONFIG = new SessionConfig(65001, IpAddresses.parseIpv4("10.0.0.2"), 65000, 90, 0, BOTH, 120,
            false, 0);

    final RecordingListener listener = new RecordingListener();
    BgpSessionHandler handler;

    /** Holds writes (their promises stay incomplete) while {@code blocked}: a peer that stopped reading. */
    static final class WriteBlocker extends ChannelOutboundHandlerAdapter {
        boolean blocked;
        final List<Object> held = new ArrayList<>();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (blocked) {
                held.add(msg);
            } else {
                ctx.write(msg, promise);
            }
        }
    }

    EmbeddedChannel connect(SessionConfig config, boolean codec) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        if (codec) {
            BgpChannels.addCodec(ch.pipeline());
        }
        handler = new BgpSessionHandler(config, true, listener);
        ch.pipeline().addLast(handler);
        return ch;
    }

    static OpenMessage peerOpen(int hold, Capability... caps) {
        List<Capability> all = new ArrayList<>(List.of(caps));
        all.add(new Capability.FourOctetAs(65000));
        return OpenMessage.of(65000, hold, IpAddresses.parseIpv4("10.0.0.1"), all);
    }

    static void advance(EmbeddedChannel ch, long seconds) {
        ch.advanceTimeBy(seconds, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
    }

    static List<BgpMessage> sent(EmbeddedChannel ch) {
        List<BgpMessage> out = new ArrayList<>();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            out.add((BgpMessage) o);
        }
        return out;
    }

    EmbeddedChannel established(SessionConfig config, OpenMessage open) {
        EmbeddedChannel ch = connect(config, false);
        ch.writeInbound(open, KeepaliveMessage.INSTANCE);
        assertThat(handler.state()).isEqualTo(State.ESTABLISHED);
        sent(ch);
        return ch;
    }

    @Test
    void ourOpenOffersBothFamiliesRefreshExtendedMessagesAndGracefulRestart() {
        OpenMessage open = new SessionConfig(65001, IpAddresses.parseIpv4("10.0.0.2"), 65000, 90, 0, BOTH, 120, true, 0)
                .localOpen();
        assertThat(open.families()).containsExactly(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);
        assertThat(open.supportsRouteRefresh()).isTrue();
        assertThat(open.supportsEnhancedRouteRefresh()).isTrue();
        assertThat(open.supportsExtendedMessage()).isTrue();
        // restarting speaker: R bit and an F bit per family (RFC 4724 §3); N bit (RFC 8538 §2)
        assertThat(open.gracefulRestart()).contains(new Capability.GracefulRestart(true, 120, List.of(
                new Capability.GracefulRestart.Family(AddressFamily.IPV4_UNICAST, true),
                new Capability.GracefulRestart.Family(AddressFamily.IPV6_UNICAST, true)), true));
        assertThat(CONFIG.localOpen().gracefulRestart()).hasValueSatisfying(gr -> {
            assertThat(gr.restartState()).isFalse();
            assertThat(gr.families()).allSatisfy(f -> assertThat(f.forwardingPreserved()).isFalse());
        });
        assertThat(new SessionConfig(65001, IpAddresses.parseIpv4("10.0.0.2"), 65000, 90, 0).localOpen().gracefulRestart())
                .isEmpty();
    }

    @Test
    void familiesAreTheIntersectionAndAPeerWithoutMultiprotocolCarriesIpv4() throws Exception {
        assertThat(OpenValidator.validate(peerOpen(90), CONFIG).families()).containsExactly(AddressFamily.IPV4_UNICAST);
        assertThat(OpenValidator.validate(peerOpen(90, Capability.MultiProtocol.IPV6_UNICAST), CONFIG).families())
                .containsExactly(AddressFamily.IPV6_UNICAST); // IPv6 only over this session
        NegotiatedSession dual = OpenValidator.validate(peerOpen(90, Capability.MultiProtocol.IPV6_UNICAST,
                Capability.MultiProtocol.IPV4_UNICAST, Capability.EnhancedRouteRefresh.INSTANCE,
                new Capability.GracefulRestart(false, 60, List.of(new Capability.GracefulRestart.Family(
                        AddressFamily.IPV6_UNICAST, true)))), CONFIG);
        assertThat(dual.families()).containsExactly(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);
        assertThat(dual.enhancedRouteRefresh()).isTrue();
        assertThat(dual.extendedMessage()).isFalse();
        assertThat(dual.gracefulRestartFamilies()).containsExactly(AddressFamily.IPV6_UNICAST);
        // we did not advertise Graceful Restart: the peer's capability does not count
        SessionConfig noGr = new SessionConfig(65001, IpAddresses.parseIpv4("10.0.0.2"), 65000, 90, 0);
        assertThat(OpenValidator.validate(peerOpen(90, new Capability.GracefulRestart(false, 60, List.of())), noGr)
                .peerGracefulRestart()).isEmpty();
    }

    @Test
    void extendedMessageSwitchesTheFrameDecoderAndCodecOptions() {
        EmbeddedChannel ch = connect(CONFIG, true);
        ch.writeInbound(peerOpen(90, Capability.ExtendedMessage.INSTANCE));
        assertThat(((BgpFrameDecoder) ch.pipeline().get(BgpChannels.FRAME_DECODER)).maxMessageLength()).isEqualTo(65535);
        assertThat(BgpChannels.options(ch).extendedMessage()).isTrue();
        ch.close();

        EmbeddedChannel plain = connect(CONFIG, true);
        plain.writeInbound(peerOpen(90));
        assertThat(((BgpFrameDecoder) plain.pipeline().get(BgpChannels.FRAME_DECODER)).maxMessageLength()).isEqualTo(4096);
        plain.close();
        ch.finishAndReleaseAll();
        plain.finishAndReleaseAll();
    }

    @Test
    void routeRefreshForAnUnnegotiatedFamilyOrUnknownSubtypeIsIgnored() {
        EmbeddedChannel ch = established(CONFIG, peerOpen(90, Capability.MultiProtocol.IPV4_UNICAST));
        ch.writeInbound(RouteRefreshMessage.IPV6_UNICAST); // RFC 2918 §4: not negotiated
        ch.writeInbound(new RouteRefreshMessage(AddressFamily.IPV4_UNICAST, 7)); // RFC 7313 §5: unknown subtype
        assertThat(listener.routeRefreshes).isZero();
        ch.writeInbound(RouteRefreshMessage.IPV4_UNICAST);
        assertThat(listener.routeRefreshes).isEqualTo(1);
        assertThat(handler.state()).isEqualTo(State.ESTABLISHED);
        assertThat(sent(ch)).isEmpty();
        ch.close();
    }

    @Test
    void sendHoldTimerClosesWithCode8WhenNothingCanBeSent() {
        SessionConfig c = new SessionConfig(65001, IpAddresses.parseIpv4("10.0.0.2"), 65000, 90, 0, BOTH, 120, false, 100);
        EmbeddedChannel ch = connect(c, false);
        WriteBlocker blocker = new WriteBlocker();
        ch.pipeline().addFirst(blocker);
        ch.writeInbound(peerOpen(90), KeepaliveMessage.INSTANCE);
        assertThat(handler.state()).isEqualTo(State.ESTABLISHED);
        sent(ch);
        // writes flow: the send hold timer never fires, however long
        for (int i = 0; i < 20; i++) {
            advance(ch, 30);
            ch.writeInbound(KeepaliveMessage.INSTANCE);
        }
        assertThat(handler.state()).isEqualTo(State.ESTABLISHED);
        sent(ch);
        // the peer stops reading: our KEEPALIVE (due in ≤ 30 s) cannot be written
        blocker.blocked = true;
        for (int i = 0; i < 4; i++) { // first blocked write at +30 s; 90 s later still within 100 s
            advance(ch, 30);
            ch.writeInbound(KeepaliveMessage.INSTANCE); // the peer still talks, so the hold timer is fine
            assertThat(handler.state()).isEqualTo(State.ESTABLISHED);
        }
        advance(ch, 30);
        assertThat(handler.state()).isEqualTo(State.IDLE);
        assertThat(ch.isOpen()).isFalse();
        assertThat(listener.closed).singleElement().asString().contains("Send Hold Timer expired");
        assertThat(blocker.held).contains(new NotificationMessage(8, 0, new byte[0]));
    }

    @Test
    void holdTimerWaitsWhileReadingIsPausedByBackPressure() {
        EmbeddedChannel ch = established(CONFIG, peerOpen(30));
        ch.config().setAutoRead(false); // the RIB is behind: the peer's KEEPALIVEs wait unread
        for (int i = 0; i < 19; i++) {
            advance(ch, 5);
        }
        assertThat(handler.state()).isEqualTo(State.ESTABLISHED);
        assertThat(sent(ch)).containsOnly(KeepaliveMessage.INSTANCE).hasSizeGreaterThanOrEqualTo(9); // every 10 s
        ch.config().setAutoRead(true);
        for (int i = 0; i < 6; i++) {
            advance(ch, 5);
        }
        assertThat(handler.state()).isEqualTo(State.IDLE);
        assertThat(listener.closed).containsExactly("sent NOTIFICATION 4/0 Hold Timer Expired");
    }
}
