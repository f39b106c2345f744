package dev.weft.bgp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.rib.RoutePolicy;
import dev.weft.bgp.wire.AddressFamily;
import dev.weft.bgp.wire.BgpError;
import dev.weft.bgp.wire.Capability;
import dev.weft.bgp.wire.KeepaliveMessage;
import dev.weft.bgp.wire.NotificationMessage;
import dev.weft.bgp.wire.OpenMessage;
import dev.weft.bgp.wire.OriginType;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Connection collisions against an Established session over real loopback TCP (interop finding
 * O2; {@link CollisionResolver}): the speaker (BGP Identifier 10.0.0.5) connects out to a raw peer
 * on 127.0.0.2 (connection A, brought to Established); the raw peer then connects in (connection
 * B) and sends its OPEN. Which connection survives depends on the Restart State bit, the age of the
 * Established session (its hold time), Graceful Restart and the BGP Identifiers.
 */
class ConnectionCollisionTest {
    static final String SPEAKER = "127.0.0.1";
    static final String PEER = "127.0.0.2";
    static final String HIGHER_ID = "10.0.0.9";
    static final String LOWER_ID = "10.0.0.1";
    static final IpPrefix ROUTE = IpPrefix.parse("192.0.2.0/24");
    static final Optional<RoutePolicy> ALL = Optional.of(RoutePolicy.ACCEPT_ALL);

    static boolean await(BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < end) {
            if (cond.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return cond.getAsBoolean();
    }

    static OpenMessage open(String id, int holdTime, Optional<Capability.GracefulRestart> gr) {
        List<Capability> caps = new ArrayList<>(List.of(Capability.MultiProtocol.IPV4_UNICAST,
                new Capability.FourOctetAs(65000)));
        gr.ifPresent(caps::add);
        return OpenMessage.of(65000, holdTime, IpAddresses.parseIpv4(id), caps);
    }

    static Optional<Capability.GracefulRestart> gr(boolean restartState) {
        return Optional.of(new Capability.GracefulRestart(restartState, 60, List.of(
                new Capability.GracefulRestart.Family(AddressFamily.IPV4_UNICAST, true))));
    }

    static UpdateMessage announce() {
        return new UpdateMessage(List.of(), List.of(new PathAttribute.Origin(OriginType.IGP),
                PathAttribute.AsPath.sequence(List.of(65000L)), new PathAttribute.NextHop(IpAddresses.parseIpv4("192.0.2.1"))),
                List.of(ROUTE));
    }

    /** A running speaker, connection A Established with a route learned on it. */
    record Setup(BgpSpeaker speaker, int speakerPort, RawPeer a, Instant establishedSince) implements AutoCloseable {
        PeerStatus status() {
            return speaker.peers().get(0);
        }

        /** Connection B from the peer, its OPEN sent after the speaker's. */
        RawPeer connectB(OpenMessage open) throws Exception {
            RawPeer b = RawPeer.connect(new InetSocketAddress(IpAddresses.parse(PEER), 0),
                    new InetSocketAddress(IpAddresses.parse(SPEAKER), speakerPort));
            assertThat(b.next(OpenMessage.class)).as("the speaker's OPEN on B (it waits in OpenSent)").isPresent();
            assertThat(status().state()).isEqualTo("Established");
            b.send(open);
            return b;
        }

        @Override
        public void close() throws Exception {
            a.close();
            speaker.close();
        }
    }

    static Setup establishA(OpenMessage openA, int holdTime) throws Exception {
        int speakerPort;
        try (ServerSocket s = new ServerSocket(0, 1, IpAddresses.parse(SPEAKER))) {
            speakerPort = s.getLocalPort();
        }
        try (ServerSocket peerListener = new ServerSocket(0, 5, IpAddresses.parse(PEER))) {
            BgpSpeaker speaker = BgpSpeaker.start(SpeakerConfig.of(65001, IpAddresses.parseIpv4("10.0.0.5"))
                    .withListen(IpAddresses.parse(SPEAKER), speakerPort));
            try {
                speaker.addPeer(PeerConfig.of(IpAddresses.parse(PEER), 65000).withPeerPort(peerListener.getLocalPort())
                        .withLocalAddress(IpAddresses.parse(SPEAKER)).withTimers(holdTime, 1).withPolicies(ALL, ALL));
                RawPeer a = RawPeer.accept(peerListener);
                assertThat(a.next(OpenMessage.class)).isPresent();
                a.send(openA, KeepaliveMessage.INSTANCE);
                a.keepAlive();
                a.send(announce());
                assertThat(await(() -> speaker.locRib().containsKey(ROUTE))).as("route learned on A").isTrue();
                PeerStatus st = speaker.peers().get(0);
                assertThat(st.state()).isEqualTo("Established");
                return new Setup(speaker, speakerPort, a, st.establishedSince().orElseThrow());
            } catch (Exception | AssertionError e) {
                speaker.close();
                throw e;
            }
        }
    }

    @Test
    void youngSessionAndAPeerWithTheHigherIdentifierKeepThePeersConnection() throws Exception {
        // RFC 4271 §6.8: the peer (10.0.0.9 > 10.0.0.5) keeps the connection it initiated (B), as it
        // would if it were still in OpenConfirm on A; A is closed only once the peer confirms B
        try (Setup s = establishA(open(HIGHER_ID, 90, gr(false)), 90);
                RawPeer b = s.connectB(open(HIGHER_ID, 90, gr(false)))) {
            assertThat(b.next(KeepaliveMessage.class)).as("B went on to OpenConfirm").isPresent();
            assertThat(s.a().notifications()).as("A untouched until the peer confirms B").isEmpty();
            assertThat(s.status().flaps()).isZero();
            b.send(KeepaliveMessage.INSTANCE);
            assertThat(s.a().next(NotificationMessage.class)).contains(
                    NotificationMessage.of(BgpError.CONNECTION_COLLISION_RESOLUTION));
            assertThat(await(() -> s.status().flaps() == 1 && s.status().state().equals("Established"))).isTrue();
            assertThat(s.status().establishedSince().orElseThrow()).isAfter(s.establishedSince());
            assertThat(b.notifications()).isEmpty();
            // the peer's routes were kept stale across the hand-over; its End-of-RIB on B settles them
            assertThat(s.speaker().locRib()).containsKey(ROUTE);
            b.send(announce(), UpdateMessage.endOfRib(AddressFamily.IPV4_UNICAST));
            assertThat(await(() -> s.status().gracefulRestart().equals("helper"))).isTrue();
            assertThat(s.speaker().locRib()).containsKey(ROUTE);
        }
    }

    @Test
    void aPeerThatKeepsItsEstablishedSessionInsteadLosesNothing() throws Exception {
        // the same collision, but the peer's side of A was already Established, so it dumps B with
        // CEASE 6/7 (RFC 4271 §6.8; BIRD does so): A goes on without a flap (BirdCollisionTest's
        // late-OPEN case, once a double close that cost both sides a flap)
        try (Setup s = establishA(open(HIGHER_ID, 90, gr(false)), 90);
                RawPeer b = s.connectB(open(HIGHER_ID, 90, gr(false)))) {
            assertThat(b.next(KeepaliveMessage.class)).as("B went on to OpenConfirm").isPresent();
            b.send(NotificationMessage.of(BgpError.CONNECTION_COLLISION_RESOLUTION));
            assertThat(b.awaitClosed()).isTrue();
            assertThat(await(() -> s.status().lastNotificationReceived().isPresent())).isTrue();
            s.a().send(UpdateMessage.endOfRib(AddressFamily.IPV4_UNICAST)); // A still carries messages
            PeerStatus st = s.status();
            assertThat(st.state()).isEqualTo("Established");
            assertThat(st.flaps()).isZero();
            assertThat(st.establishedSince()).contains(s.establishedSince());
            assertThat(s.a().closed()).isFalse();
            assertThat(s.a().notifications()).isEmpty();
            assertThat(s.speaker().locRib()).containsKey(ROUTE);
        }
    }

    @Test
    void youngSessionAndAPeerWithTheLowerIdentifierKeepOurConnection() throws Exception {
        // we are dominant (10.0.0.5 > 10.0.0.1): the connection we initiated (A) stays, B gets CEASE 6/7
        try (Setup s = establishA(open(LOWER_ID, 90, gr(false)), 90);
                RawPeer b = s.connectB(open(LOWER_ID, 90, gr(false)))) {
            assertThat(b.next(NotificationMessage.class)).contains(
                    NotificationMessage.of(BgpError.CONNECTION_COLLISION_RESOLUTION));
            assertThat(b.awaitClosed()).isTrue();
            assertThat(s.a().closed()).isFalse();
            assertThat(s.a().notifications()).isEmpty();
            PeerStatus st = s.status();
            assertThat(st.state()).isEqualTo("Established");
            assertThat(st.flaps()).isZero();
            assertThat(st.establishedSince()).contains(s.establishedSince());
            assertThat(s.speaker().locRib()).containsKey(ROUTE);
        }
    }

    @Test
    void theRestartStateBitMeansThePeerRestartedEvenOnAYoungSession() throws Exception {
        // by identifiers A would stay; the R bit says the peer restarted (RFC 4724 §4.2)
        try (Setup s = establishA(open(LOWER_ID, 90, gr(false)), 90);
                RawPeer b = s.connectB(open(LOWER_ID, 90, gr(true)))) {
            assertThat(s.a().awaitClosed()).isTrue();
            assertThat(s.a().notifications()).as("closed without NOTIFICATION").isEmpty();
            assertThat(b.next(KeepaliveMessage.class)).isPresent();
            b.send(KeepaliveMessage.INSTANCE);
            assertThat(await(() -> s.status().flaps() == 1 && s.status().state().equals("Established"))).isTrue();
            assertThat(s.status().gracefulRestart()).isEqualTo("stale");
            assertThat(s.speaker().locRib()).containsKey(ROUTE); // kept stale until B's End-of-RIB
            b.send(UpdateMessage.endOfRib(AddressFamily.IPV4_UNICAST));
            assertThat(await(() -> s.speaker().locRib().isEmpty())).as("not re-announced: gone at End-of-RIB").isTrue();
        }
    }

    @Test
    void anOldSessionWithGracefulRestartMeansThePeerRestarted() throws Exception {
        // hold time 3 s: after 4 s the peer has long left OpenConfirm on A; a new OPEN (no R bit)
        // means it lost A and restarted (RFC 4724 §4.2) — although by identifiers it would keep A
        try (Setup s = establishA(open(LOWER_ID, 3, gr(false)), 3)) {
            Thread.sleep(4000);
            try (RawPeer b = s.connectB(open(LOWER_ID, 3, gr(false)))) {
                assertThat(s.a().awaitClosed()).isTrue();
                assertThat(s.a().notifications()).isEmpty();
                assertThat(b.next(KeepaliveMessage.class)).isPresent();
                b.send(KeepaliveMessage.INSTANCE);
                b.keepAlive();
                assertThat(await(() -> s.status().flaps() == 1 && s.status().state().equals("Established"))).isTrue();
                assertThat(s.status().gracefulRestart()).isEqualTo("stale");
                assertThat(s.status().lastError()).hasValueSatisfying(e -> assertThat(e).contains("RFC 4724 §4.2"));
            }
        }
    }

    @Test
    void anOldSessionWithoutGracefulRestartWinsOverTheNewConnection() throws Exception {
        // by identifiers the peer's B would win; the session is old and without Graceful Restart:
        // Established wins (RFC 4271 §6.8), B gets CEASE 6/7
        try (Setup s = establishA(open(HIGHER_ID, 3, Optional.empty()), 3)) {
            Thread.sleep(4000);
            try (RawPeer b = s.connectB(open(HIGHER_ID, 3, Optional.empty()))) {
                assertThat(b.next(NotificationMessage.class)).contains(
                        NotificationMessage.of(BgpError.CONNECTION_COLLISION_RESOLUTION));
                assertThat(b.awaitClosed()).isTrue();
                PeerStatus st = s.status();
                assertThat(st.state()).isEqualTo("Established");
                assertThat(st.flaps()).isZero();
                assertThat(s.a().closed()).isFalse();
                assertThat(s.speaker().locRib()).containsKey(ROUTE);
            }
        }
    }
}
