package dev.weft.bgp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.fsm.State;
import dev.weft.bgp.rib.Path;
import dev.weft.bgp.rib.Rib;
import dev.weft.bgp.rib.RibPeer;
import dev.weft.bgp.rib.RoutePolicy;
import dev.weft.bgp.session.BgpSessionHandler;
import dev.weft.bgp.wire.BgpError;
import dev.weft.bgp.wire.BgpMessage;
import dev.weft.bgp.wire.Capability;
import dev.weft.bgp.wire.KeepaliveMessage;
import dev.weft.bgp.wire.NotificationMessage;
import dev.weft.bgp.wire.OpenMessage;
import dev.weft.bgp.wire.OriginType;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Connection handling of one peer on EmbeddedChannels: collision resolution, session loss. */
class PeerControllerTest {
    static final String PEER = "10.0.0.9";
    final EmbeddedChannel loop = new EmbeddedChannel();
    final List<UpdateMessage> toPeer = new ArrayList<>();
    final Rib rib = new Rib(65001, new Rib.Output() {
        @Override
        public void bestPathChanged(IpPrefix prefix, Optional<Path> best) {}

        @Override
        public void send(RibPeer peer, List<UpdateMessage> updates) {
            toPeer.addAll(updates);
        }
    });

    PeerController controller(String localId) {
        SpeakerConfig sc = SpeakerConfig.of(65001, IpAddresses.parseIpv4(localId));
        PeerController pc = new PeerController(PeerConfig.of(IpAddresses.parse(PEER), 65000).withPassive(true)
                .withPolicies(Optional.of(RoutePolicy.ACCEPT_ALL), Optional.of(RoutePolicy.ACCEPT_ALL)), sc,
                loop.eventLoop(), rib);
        pc.start();
        return pc;
    }

    static OpenMessage peerOpen() {
        return OpenMessage.of(65000, 90, IpAddresses.parseIpv4(PEER), List.of(new Capability.FourOctetAs(65000)));
    }

    static List<BgpMessage> sent(EmbeddedChannel ch) {
        List<BgpMessage> out = new ArrayList<>();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            out.add((BgpMessage) o);
        }
        return out;
    }

    @Test
    void passivePeerWaitsInActive() {
        PeerController pc = controller("10.0.0.2");
        assertThat(pc.status().state()).isEqualTo("Active");
        assertThat(pc.status().establishedSince()).isEmpty();
    }

    @Test
    void higherLocalIdentifierKeepsTheConnectionItInitiated() {
        PeerController pc = controller("10.0.0.200");
        EmbeddedChannel out = new EmbeddedChannel();
        BgpSessionHandler outbound = pc.adoptOutbound(out);
        EmbeddedChannel in = new EmbeddedChannel();
        BgpSessionHandler inbound = pc.adoptInbound(in);
        assertThat(pc.status().state()).isEqualTo("OpenSent");
        sent(out);
        sent(in);
        out.writeInbound(peerOpen());
        assertThat(outbound.state()).isEqualTo(State.OPEN_CONFIRM);
        in.writeInbound(peerOpen());
        assertThat(sent(in)).containsExactly(NotificationMessage.of(BgpError.CONNECTION_COLLISION_RESOLUTION));
        assertThat(in.isOpen()).isFalse();
        assertThat(inbound.state()).isEqualTo(State.IDLE);
        out.writeInbound(KeepaliveMessage.INSTANCE);
        assertThat(pc.status().state()).isEqualTo("Established");
        assertThat(out.isOpen()).isTrue();
    }

    @Test
    void lowerLocalIdentifierGivesUpItsOwnConnection() {
        PeerController pc = controller("10.0.0.1");
        EmbeddedChannel out = new EmbeddedChannel();
        BgpSessionHandler outbound = pc.adoptOutbound(out);
        EmbeddedChannel in = new EmbeddedChannel();
        BgpSessionHandler inbound = pc.adoptInbound(in);
        sent(out);
        sent(in);
        out.writeInbound(peerOpen());
        sent(out);
        in.writeInbound(peerOpen());
        assertThat(sent(out)).containsExactly(NotificationMessage.of(BgpError.CONNECTION_COLLISION_RESOLUTION));
        assertThat(outbound.state()).isEqualTo(State.IDLE);
        assertThat(inbound.state()).isEqualTo(State.OPEN_CONFIRM);
        in.writeInbound(KeepaliveMessage.INSTANCE);
        assertThat(pc.status().state()).isEqualTo("Established");
        assertThat(pc.status().lastError()).hasValueSatisfying(e -> assertThat(e).containsIgnoringCase("collision"));
    }

    @Test
    void newConnectionWhileEstablishedIsClosed() {
        PeerController pc = controller("10.0.0.2");
        EmbeddedChannel first = new EmbeddedChannel();
        pc.adoptInbound(first);
        first.writeInbound(peerOpen(), KeepaliveMessage.INSTANCE);
        assertThat(pc.status().state()).isEqualTo("Established");
        EmbeddedChannel second = new EmbeddedChannel();
        assertThat(pc.adoptInbound(second)).isNotNull(); // decided at its OPEN (CollisionResolver)
        assertThat(sent(second)).singleElement().isInstanceOf(OpenMessage.class);
        second.writeInbound(peerOpen()); // no Graceful Restart: the Established session wins (RFC 4271 §6.8)
        assertThat(sent(second)).containsExactly(NotificationMessage.of(BgpError.CONNECTION_COLLISION_RESOLUTION));
        assertThat(second.isOpen()).isFalse();
        assertThat(pc.status().state()).isEqualTo("Established");
    }

    @Test
    void establishedSessionFeedsTheRibAndItsLossWithdraws() {
        PeerController pc = controller("10.0.0.2");
        rib.originate(IpPrefix.parse("10.244.1.0/24"));
        EmbeddedChannel ch = new EmbeddedChannel();
        pc.adoptInbound(ch);
        ch.writeInbound(peerOpen(), KeepaliveMessage.INSTANCE);
        assertThat(toPeer).hasSize(1);
        ch.writeInbound(new UpdateMessage(List.of(), List.of(new PathAttribute.Origin(OriginType.IGP),
                PathAttribute.AsPath.sequence(List.of(65000L)), new PathAttribute.NextHop(IpAddresses.parseIpv4(PEER))),
                List.of(IpPrefix.parse("192.0.2.0/24"))));
        assertThat(rib.locRib()).containsKey(IpPrefix.parse("192.0.2.0/24"));
        PeerStatus s = pc.status();
        assertThat(s.prefixesReceived()).isEqualTo(1);
        assertThat(s.prefixesAdvertised()).isEqualTo(1);
        assertThat(s.establishedSince()).isPresent();
        ch.close();
        assertThat(rib.locRib()).isEmpty();
        s = pc.status();
        assertThat(s.state()).isEqualTo("Active");
        assertThat(s.establishedSince()).isEmpty();
        assertThat(s.lastError()).contains("connection closed by peer");
    }

    @Test
    void malformedUpdateKeepsTheSessionAndReportsTheError() {
        PeerController pc = controller("10.0.0.2");
        EmbeddedChannel ch = new EmbeddedChannel();
        pc.adoptInbound(ch);
        ch.writeInbound(peerOpen(), KeepaliveMessage.INSTANCE);
        ch.writeInbound(new dev.weft.bgp.transport.BgpDecodeError(new dev.weft.bgp.wire.BgpWireException(
                BgpError.INVALID_ORIGIN_ATTRIBUTE, null, dev.weft.bgp.wire.ErrorHandling.TREAT_AS_WITHDRAW, "ORIGIN 7")));
        assertThat(pc.status().state()).isEqualTo("Established");
        assertThat(pc.status().lastError()).hasValueSatisfying(e -> assertThat(e).contains("treat-as-withdraw").contains("3/6"));
    }

    @Test
    void stopSendsTheCeaseAndRefusesNewConnections() {
        PeerController pc = controller("10.0.0.2");
        EmbeddedChannel ch = new EmbeddedChannel();
        pc.adoptInbound(ch);
        ch.writeInbound(peerOpen(), KeepaliveMessage.INSTANCE);
        sent(ch);
        pc.stop(NotificationMessage.of(BgpError.PEER_DECONFIGURED));
        assertThat(sent(ch)).containsExactly(NotificationMessage.of(BgpError.PEER_DECONFIGURED));
        assertThat(pc.status().state()).isEqualTo("Idle");
        assertThat(pc.status().lastError()).contains("sent NOTIFICATION 6/3 Peer De-configured");
        EmbeddedChannel again = new EmbeddedChannel();
        assertThat(pc.adoptInbound(again)).isNull();
        assertThat(again.isOpen()).isFalse();
    }

    @Test
    void connectAttemptsBackOffExponentiallyUpToTheCapAndRestartAfterASession() {
        loop.freezeTime();
        List<Integer> attempts = new ArrayList<>();
        int[] now = {0};
        EmbeddedChannel[] session = {null};
        PeerController.Connector connector = (peer, l, init) -> {
            attempts.add(now[0]);
            if (now[0] < 40) {
                return new EmbeddedChannel().newFailedFuture(new java.net.ConnectException("Connection refused"));
            }
            session[0] = new EmbeddedChannel(init);
            return session[0].newSucceededFuture();
        };
        SpeakerConfig sc = SpeakerConfig.of(65001, IpAddresses.parseIpv4("10.0.0.2"))
                .withConnectRetry(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(8));
        PeerController pc = new PeerController(PeerConfig.of(IpAddresses.parse(PEER), 65000), sc, loop.eventLoop(), rib, Runnable::run, connector);
        pc.start();
        for (now[0] = 1; now[0] <= 40; now[0]++) {
            loop.advanceTimeBy(1, java.util.concurrent.TimeUnit.SECONDS);
            loop.runScheduledPendingTasks();
        }
        // 1 s doubling to the 8 s cap; the attempt at 40 s connects
        assertThat(attempts).containsExactly(0, 1, 3, 7, 15, 23, 31, 39);
        assertThat(pc.status().state()).isIn("Active", "Connect");
        assertThat(pc.status().lastError()).contains("connect to " + PEER + ":179 failed: Connection refused");

        attempts.clear();
        now[0] = 47;
        loop.advanceTimeBy(8, java.util.concurrent.TimeUnit.SECONDS);
        loop.runScheduledPendingTasks();
        assertThat(attempts).containsExactly(47);
        EmbeddedChannel ch = session[0];
        assertThat(pc.status().state()).isEqualTo("OpenSent");
        ch.writeInbound(io.netty.buffer.Unpooled.wrappedBuffer(dev.weft.bgp.wire.Wire.encode(peerOpen(),
                dev.weft.bgp.wire.CodecOptions.TWO_OCTET_AS)), io.netty.buffer.Unpooled.wrappedBuffer(
                dev.weft.bgp.wire.Wire.message(4, new byte[0])));
        assertThat(pc.status().state()).isEqualTo("Established");
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ((io.netty.buffer.ByteBuf) o).release();
        }

        // after a session the backoff starts again from the initial delay
        attempts.clear();
        ch.close();
        assertThat(pc.status().state()).isEqualTo("Idle");
        now[0] = 48;
        loop.advanceTimeBy(1, java.util.concurrent.TimeUnit.SECONDS);
        loop.runScheduledPendingTasks();
        assertThat(attempts).containsExactly(48);
        pc.stop(NotificationMessage.of(BgpError.ADMINISTRATIVE_SHUTDOWN));
    }
}
