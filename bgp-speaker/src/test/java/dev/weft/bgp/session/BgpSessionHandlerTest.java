package dev.weft.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.fsm.State;
import dev.weft.bgp.transport.BgpChannels;
import dev.weft.bgp.transport.BgpDecodeError;
import dev.weft.bgp.wire.AddressFamily;
import dev.weft.bgp.wire.BgpError;
import dev.weft.bgp.wire.BgpMessage;
import dev.weft.bgp.wire.BgpWireException;
import dev.weft.bgp.wire.Capability;
import dev.weft.bgp.wire.CodecOptions;
import dev.weft.bgp.wire.ErrorHandling;
import dev.weft.bgp.wire.KeepaliveMessage;
import dev.weft.bgp.wire.NotificationMessage;
import dev.weft.bgp.wire.OpenMessage;
import dev.weft.bgp.wire.RouteRefreshMessage;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.bgp.wire.Wire;
import dev.weft.common.net.IpAddresses;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The session FSM on an EmbeddedChannel with frozen time (no sockets). */
class BgpSessionHandlerTest {
    static final SessionConfig CONFIG = new SessionConfig(65001, IpAddresses.parseIpv4("10.0.0.2"), 65000, 90, 0);
    static final List<Capability> PEER_CAPS = List.of(Capability.MultiProtocol.IPV4_UNICAST, new Capability.FourOctetAs(65000));

    final RecordingListener listener = new RecordingListener();
    BgpSessionHandler handler;

    EmbeddedChannel connect(SessionConfig config) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        handler = new BgpSessionHandler(config, true, listener);
        ch.pipeline().addLast(handler);
        return ch;
    }

    static OpenMessage peerOpen(int holdTime) {
        return OpenMessage.of(65000, holdTime, IpAddresses.parseIpv4("10.0.0.1"), PEER_CAPS);
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

    /** Connects, exchanges OPENs and KEEPALIVEs: Established with the given peer hold time. */
    EmbeddedChannel established(int peerHoldTime) {
        EmbeddedChannel ch = connect(CONFIG);
        sent(ch);
        ch.writeInbound(peerOpen(peerHoldTime));
        ch.writeInbound(KeepaliveMessage.INSTANCE);
        assertThat(handler.state()).isEqualTo(State.ESTABLISHED);
        sent(ch);
        return ch;
    }

    @Test
    void sendsOpenWhenConnectedAndHoldsFourMinutesInOpenSent() {
        EmbeddedChannel ch = connect(CONFIG);
        assertThat(handler.state()).isEqualTo(State.OPEN_SENT);
        assertThat(sent(ch)).containsExactly(CONFIG.localOpen());
        advance(ch, 239);
        assertThat(sent(ch)).isEmpty();
        assertThat(ch.isOpen()).isTrue();
        advance(ch, 1);
        assertThat(sent(ch)).containsExactly(NotificationMessage.of(BgpError.HOLD_TIMER_EXPIRED));
        assertThat(ch.isOpen()).isFalse();
        assertThat(listener.closed).containsExactly("sent NOTIFICATION 4/0 Hold Timer Expired");
        assertThat(listener.lastStateAtClose).isEqualTo(State.OPEN_SENT);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void openThenKeepaliveReachesEstablished() {
        EmbeddedChannel ch = connect(CONFIG);
        sent(ch);
        ch.writeInbound(peerOpen(30));
        assertThat(handler.state()).isEqualTo(State.OPEN_CONFIRM);
        assertThat(sent(ch)).containsExactly(KeepaliveMessage.INSTANCE);
        assertThat(listener.opens).containsExactly(new NegotiatedSession(65000, IpAddresses.parseIpv4("10.0.0.1"), 30, 10, true, false));
        assertThat(ch.attr(BgpChannels.CODEC_OPTIONS).get()).isEqualTo(CodecOptions.FOUR_OCTET_AS.withExternalPeer(true)
                .withFamilies(java.util.List.of(dev.weft.bgp.wire.AddressFamily.IPV4_UNICAST)));
        ch.writeInbound(KeepaliveMessage.INSTANCE);
        assertThat(handler.state()).isEqualTo(State.ESTABLISHED);
        assertThat(listener.established).isEqualTo(1);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void keepalivesAtAThirdOfTheNegotiatedHoldTime() {
        EmbeddedChannel ch = established(30);
        for (int i = 0; i < 5; i++) {
            advance(ch, 9);
            assertThat(sent(ch)).isEmpty();
            advance(ch, 1);
            assertThat(sent(ch)).containsExactly(KeepaliveMessage.INSTANCE);
            ch.writeInbound(KeepaliveMessage.INSTANCE); // the peer keeps the session alive
        }
        assertThat(handler.state()).isEqualTo(State.ESTABLISHED);
        ch.close();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void sendingAnUpdateRestartsTheKeepaliveTimer() {
        EmbeddedChannel ch = established(30);
        advance(ch, 9);
        handler.send(List.of(UpdateMessage.withdraw(List.of())));
        assertThat(sent(ch)).containsExactly(UpdateMessage.withdraw(List.of()));
        advance(ch, 9);
        assertThat(sent(ch)).isEmpty();
        advance(ch, 1);
        assertThat(sent(ch)).containsExactly(KeepaliveMessage.INSTANCE);
        ch.close();
    }

    @Test
    void configuredKeepaliveWinsWhenShorter() {
        EmbeddedChannel ch = connect(new SessionConfig(65001, IpAddresses.parseIpv4("10.0.0.2"), 65000, 90, 5));
        sent(ch);
        ch.writeInbound(peerOpen(90));
        sent(ch);
        advance(ch, 5);
        assertThat(sent(ch)).containsExactly(KeepaliveMessage.INSTANCE);
        ch.close();
    }

    @Test
    void holdTimerExpiryInEstablishedSendsHoldTimerExpiredAndCloses() {
        EmbeddedChannel ch = established(30);
        advance(ch, 20);
        ch.writeInbound(KeepaliveMessage.INSTANCE); // restarts the hold timer
        advance(ch, 29);
        assertThat(handler.state()).as(listener.closed.toString()).isEqualTo(State.ESTABLISHED);
        sent(ch);
        advance(ch, 1);
        assertThat(sent(ch)).containsExactly(NotificationMessage.of(BgpError.HOLD_TIMER_EXPIRED));
        assertThat(ch.isOpen()).isFalse();
        assertThat(handler.state()).isEqualTo(State.IDLE);
        assertThat(listener.lastStateAtClose).isEqualTo(State.ESTABLISHED);
        assertThat(listener.closed).containsExactly("sent NOTIFICATION 4/0 Hold Timer Expired");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void updatesRestartTheHoldTimerToo() {
        EmbeddedChannel ch = established(30);
        advance(ch, 25);
        ch.writeInbound(UpdateMessage.withdraw(List.of()));
        advance(ch, 25);
        assertThat(handler.state()).isEqualTo(State.ESTABLISHED);
        assertThat(listener.updates).hasSize(1);
        ch.close();
    }

    @Test
    void holdTimeZeroMeansNoKeepalivesAndNoExpiry() {
        EmbeddedChannel ch = established(0);
        assertThat(handler.negotiated().holdTimeSeconds()).isZero();
        advance(ch, 3600);
        assertThat(sent(ch)).isEmpty();
        assertThat(handler.state()).isEqualTo(State.ESTABLISHED);
        ch.close();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void openErrorsSendTheRfcNotificationAndClose() {
        record Case(OpenMessage open, NotificationMessage expected) {}
        var id = IpAddresses.parseIpv4("10.0.0.1");
        List<Case> cases = List.of(
                new Case(OpenMessage.of(65009, 90, id, List.of()), NotificationMessage.of(BgpError.BAD_PEER_AS)),
                new Case(OpenMessage.of(65000, 90, IpAddresses.parseIpv4("0.0.0.0"), List.of()),
                        NotificationMessage.of(BgpError.BAD_BGP_IDENTIFIER)),
                new Case(OpenMessage.of(65000, 2, id, List.of()), NotificationMessage.of(BgpError.UNACCEPTABLE_HOLD_TIME)),
                new Case(OpenMessage.of(65000, 1, id, List.of()), NotificationMessage.of(BgpError.UNACCEPTABLE_HOLD_TIME)),
                new Case(OpenMessage.of(65000, 90, id, List.of(new Capability.MultiProtocol(new AddressFamily(25, 70)))),
                        NotificationMessage.of(BgpError.UNSUPPORTED_CAPABILITY, Wire.hex("01040001 0001"))));
        for (Case c : cases) {
            EmbeddedChannel ch = connect(CONFIG);
            sent(ch);
            ch.writeInbound(c.open());
            assertThat(sent(ch)).as(c.toString()).containsExactly(c.expected());
            assertThat(ch.isOpen()).isFalse();
            assertThat(ch.finish()).isFalse();
        }
    }

    @Test
    void decodeErrorsAreAnsweredWithTheirNotification() {
        EmbeddedChannel ch = connect(CONFIG);
        sent(ch);
        ch.writeInbound(new BgpDecodeError(new BgpWireException(BgpError.UNSUPPORTED_VERSION_NUMBER, Wire.hex("0004"), "v3")));
        assertThat(sent(ch)).containsExactly(NotificationMessage.of(BgpError.UNSUPPORTED_VERSION_NUMBER, Wire.hex("0004")));
        assertThat(ch.isOpen()).isFalse();
        assertThat(listener.closed).containsExactly("sent NOTIFICATION 2/1 Unsupported Version Number");
    }

    @Test
    void softUpdateErrorsKeepTheSession() {
        EmbeddedChannel ch = established(90);
        ch.writeInbound(new BgpDecodeError(new BgpWireException(BgpError.INVALID_ORIGIN_ATTRIBUTE, null,
                ErrorHandling.TREAT_AS_WITHDRAW, "x")), UpdateMessage.withdraw(List.of()));
        assertThat(listener.softErrors).hasSize(1);
        assertThat(listener.updates).hasSize(1);
        assertThat(handler.state()).isEqualTo(State.ESTABLISHED);
        assertThat(sent(ch)).isEmpty();
        ch.close();
    }

    @Test
    void unexpectedMessagesAreFsmErrors() {
        EmbeddedChannel ch = connect(CONFIG);
        sent(ch);
        ch.writeInbound(KeepaliveMessage.INSTANCE);
        assertThat(sent(ch)).containsExactly(NotificationMessage.of(BgpError.FSM_UNEXPECTED_IN_OPEN_SENT));

        ch = connect(CONFIG);
        sent(ch);
        ch.writeInbound(peerOpen(90));
        sent(ch);
        ch.writeInbound(UpdateMessage.withdraw(List.of()));
        assertThat(sent(ch)).containsExactly(NotificationMessage.of(BgpError.FSM_UNEXPECTED_IN_OPEN_CONFIRM));

        ch = established(90);
        ch.writeInbound(peerOpen(90));
        assertThat(sent(ch)).containsExactly(NotificationMessage.of(BgpError.FSM_UNEXPECTED_IN_ESTABLISHED));
        assertThat(listener.lastStateAtClose).isEqualTo(State.ESTABLISHED);
    }

    @Test
    void receivedNotificationClosesWithoutAnswer() {
        EmbeddedChannel ch = established(90);
        ch.writeInbound(NotificationMessage.of(BgpError.ADMINISTRATIVE_SHUTDOWN));
        assertThat(sent(ch)).isEmpty();
        assertThat(ch.isOpen()).isFalse();
        assertThat(listener.closed).containsExactly("received NOTIFICATION 6/2 Administrative Shutdown");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void collisionLoserSendsCeaseConnectionCollisionResolution() {
        listener.acceptOpen = false;
        EmbeddedChannel ch = connect(CONFIG);
        sent(ch);
        ch.writeInbound(peerOpen(90));
        assertThat(sent(ch)).containsExactly(NotificationMessage.of(BgpError.CONNECTION_COLLISION_RESOLUTION));
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void collisionDumpOfAnOpenConfirmConnection() {
        EmbeddedChannel ch = connect(CONFIG);
        sent(ch);
        ch.writeInbound(peerOpen(90));
        sent(ch);
        handler.collisionDump();
        assertThat(sent(ch)).containsExactly(NotificationMessage.of(BgpError.CONNECTION_COLLISION_RESOLUTION));
        assertThat(listener.established).isZero();
    }

    @Test
    void stopSendsTheCeaseAndReportsTheEnd() {
        EmbeddedChannel ch = established(90);
        handler.stop(NotificationMessage.of(BgpError.PEER_DECONFIGURED));
        assertThat(sent(ch)).containsExactly(NotificationMessage.of(BgpError.PEER_DECONFIGURED));
        assertThat(ch.isOpen()).isFalse();
        assertThat(listener.closed).containsExactly("sent NOTIFICATION 6/3 Peer De-configured");
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void peerClosingTheConnectionIsReportedOnce() {
        EmbeddedChannel ch = established(90);
        ch.close();
        assertThat(listener.closed).containsExactly("connection closed by peer");
        assertThat(listener.lastStateAtClose).isEqualTo(State.ESTABLISHED);
        assertThat(handler.state()).isEqualTo(State.IDLE);
    }

    @Test
    void routeRefreshIsPassedOnOnlyForIpv4Unicast() {
        EmbeddedChannel ch = established(90);
        ch.writeInbound(RouteRefreshMessage.IPV4_UNICAST, new RouteRefreshMessage(2, 1));
        assertThat(listener.routeRefreshes).isEqualTo(1);
        ch.close();
    }

    @Test
    void sendWritesOnlyInEstablished() {
        EmbeddedChannel ch = connect(CONFIG);
        sent(ch);
        handler.send(List.of(UpdateMessage.withdraw(List.of())));
        assertThat(sent(ch)).isEmpty();
        ch.writeInbound(peerOpen(90), KeepaliveMessage.INSTANCE);
        sent(ch);
        handler.send(List.of(UpdateMessage.withdraw(List.of()), KeepaliveMessage.INSTANCE));
        assertThat(sent(ch)).containsExactly(UpdateMessage.withdraw(List.of()), KeepaliveMessage.INSTANCE);
        ch.close();
    }

    @Test
    void overTheWireCodecAHeaderErrorIsAnsweredWithBytes() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        BgpChannels.addCodec(ch.pipeline());
        handler = new BgpSessionHandler(CONFIG, false, listener);
        ch.pipeline().addLast(handler);
        ((ByteBuf) ch.readOutbound()).release(); // our OPEN
        byte[] bad = Wire.message(4, new byte[0]);
        bad[0] = 0;
        ch.writeInbound(Unpooled.wrappedBuffer(bad));
        ByteBuf out = ch.readOutbound();
        assertThat(ByteBufUtil.getBytes(out)).isEqualTo(Wire.message(3, Wire.hex("0101")));
        out.release();
        assertThat(ch.isOpen()).isFalse();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void garbageOnTheWireNeverEscapesAsAnException() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 500; i++) {
            EmbeddedChannel ch = new EmbeddedChannel();
            ch.freezeTime();
            BgpChannels.addCodec(ch.pipeline());
            ch.pipeline().addLast(new BgpSessionHandler(CONFIG, false, new RecordingListener()));
            byte[] junk = new byte[19 + random.nextInt(120)];
            random.nextBytes(junk);
            if (random.nextBoolean()) { // a valid marker and length, so the body is what is wrong
                java.util.Arrays.fill(junk, 0, 16, (byte) 0xff);
                junk[16] = (byte) (junk.length >>> 8);
                junk[17] = (byte) junk.length;
                junk[18] = (byte) (1 + random.nextInt(5));
            }
            ch.writeInbound(Unpooled.wrappedBuffer(junk)); // rethrows anything that reached the pipeline's tail
            ch.checkException();
            ch.finishAndReleaseAll();
        }
    }
}
