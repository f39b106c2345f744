package dev.weft.bgp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.rib.RoutePolicy;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Two speakers over loopback: IPv6 routes over an IPv4 session and over an IPv6 session
 * (MP_REACH_NLRI, RFC 4760), admission of unconfigured and dynamic neighbours, and the restarting
 * speaker's selection deferral (RFC 4724 §4.1).
 */
class SpeakerSessionsTest {
    static final Optional<RoutePolicy> ALL = Optional.of(RoutePolicy.ACCEPT_ALL);
    static final Inet6Address NH6 = (Inet6Address) IpAddresses.parse("fd00:99::1");

    static int freePort(String address) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, IpAddresses.parse(address))) {
            return s.getLocalPort();
        }
    }

    static boolean await(BooleanSupplier cond) throws InterruptedException {
        long end = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < end) {
            if (cond.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return cond.getAsBoolean();
    }

    /** A listens on {@code a}, B connects from {@code b}; A originates {@code prefix}. */
    static void exchange(String a, String b, IpPrefix prefix, SpeakerConfig aConfig) throws Exception {
        int port = freePort(a);
        try (BgpSpeaker sa = BgpSpeaker.start(aConfig.withListen(IpAddresses.parse(a), port));
                BgpSpeaker sb = BgpSpeaker.start(SpeakerConfig.of(65002, IpAddresses.parseIpv4("10.0.0.2"))
                        .withListen(IpAddresses.parse(b), 0))) {
            sa.addPeer(PeerConfig.of(IpAddresses.parse(b), 65002).withPassive(true).withPolicies(ALL, ALL)
                    .withIpv6NextHop(Optional.of(NH6)));
            sb.addPeer(PeerConfig.of(IpAddresses.parse(a), 65001).withPeerPort(port).withLocalAddress(IpAddresses.parse(b))
                    .withPolicies(ALL, ALL));
            sa.originate(prefix);
            assertThat(await(() -> sb.locRib().containsKey(prefix))).as("B learned %s", prefix).isTrue();
            BestPath p = sb.locRib().get(prefix);
            assertThat(p.nextHop()).isEqualTo(NH6);
            assertThat(p.asPath()).containsExactly(65001L);
            assertThat(sb.peers().get(0).families()).containsExactly("ipv4-unicast", "ipv6-unicast");
            assertThat(sb.peers().get(0).prefixesReceived()).isEqualTo(1);
            assertThat(sa.peers().get(0).prefixesAdvertised()).isEqualTo(1);
            sa.withdrawOriginated(prefix);
            assertThat(await(() -> sb.locRib().isEmpty())).isTrue();
        }
    }

    @Test
    void ipv6RoutesOverAnIpv4Session() throws Exception {
        exchange("127.0.0.1", "127.0.0.2", IpPrefix.parse("fd00:10:244:1::/64"),
                SpeakerConfig.of(65001, IpAddresses.parseIpv4("10.0.0.1")));
    }

    @Test
    void ipv6RoutesOverAnIpv6Session() throws Exception {
        exchange("::1", "::1", IpPrefix.parse("fd00:10:244:2::/64"), SpeakerConfig.of(65001, IpAddresses.parseIpv4("10.0.0.1")));
    }

    @Test
    void rfc8212ExportsNothingToEbgpUntilAPolicyIsSetAndSettingItDoesNotResetTheSession() throws Exception {
        int port = freePort("127.0.0.1");
        IpPrefix prefix = IpPrefix.parse("fd00:10:244:4::/64");
        try (BgpSpeaker sa = BgpSpeaker.start(SpeakerConfig.of(65001, IpAddresses.parseIpv4("10.0.0.1"))
                .withListen(IpAddresses.parse("127.0.0.1"), port));
                BgpSpeaker sb = BgpSpeaker.start(SpeakerConfig.of(65002, IpAddresses.parseIpv4("10.0.0.2"))
                        .withListen(IpAddresses.parse("127.0.0.2"), 0))) {
            PeerConfig toB = PeerConfig.of(IpAddresses.parse("127.0.0.2"), 65002).withPassive(true)
                    .withIpv6NextHop(Optional.of(NH6));
            sa.addPeer(toB); // no policy: RFC 8212
            sb.addPeer(PeerConfig.of(IpAddresses.parse("127.0.0.1"), 65001).withPeerPort(port)
                    .withLocalAddress(IpAddresses.parse("127.0.0.2")).withPolicies(ALL, ALL));
            sa.originate(prefix);
            // A's initial table is over when B has its two End-of-RIB markers
            assertThat(await(() -> sb.peers().get(0).updatesReceived() >= 2)).isTrue();
            assertThat(sb.locRib()).isEmpty();
            assertThat(sa.peers().get(0).prefixesAdvertised()).isZero();
            sa.addPeer(toB.withPolicies(ALL, ALL));
            assertThat(await(() -> sb.locRib().containsKey(prefix))).isTrue();
            assertThat(sb.peers().get(0).flaps()).isZero();
            assertThat(sa.peers().get(0).flaps()).isZero();
        }
    }

    @Test
    void requestRouteRefreshMakesThePeerResendItsRoutesAndFailsForAnUnknownPeer() throws Exception {
        int port = freePort("127.0.0.1");
        IpPrefix prefix = IpPrefix.parse("fd00:10:244:7::/64"); // IPv4 loopback next hops are refused (RFC 7606)
        try (BgpSpeaker sa = BgpSpeaker.start(SpeakerConfig.of(65001, IpAddresses.parseIpv4("10.0.0.1"))
                .withListen(IpAddresses.parse("127.0.0.1"), port));
                BgpSpeaker sb = BgpSpeaker.start(SpeakerConfig.of(65002, IpAddresses.parseIpv4("10.0.0.2"))
                        .withListen(IpAddresses.parse("127.0.0.2"), 0))) {
            sa.addPeer(PeerConfig.of(IpAddresses.parse("127.0.0.2"), 65002).withPassive(true).withPolicies(ALL, ALL));
            sb.addPeer(PeerConfig.of(IpAddresses.parse("127.0.0.1"), 65001).withPeerPort(port)
                    .withLocalAddress(IpAddresses.parse("127.0.0.2")).withPolicies(ALL, ALL).withIpv6NextHop(Optional.of(NH6)));
            sb.originate(prefix);
            assertThat(await(() -> sa.locRib().containsKey(prefix))).isTrue();
            long sentByB = sb.peers().get(0).updatesSent();

            sa.requestRouteRefresh(IpAddresses.parse("127.0.0.2"), dev.weft.bgp.wire.AddressFamily.IPV6_UNICAST)
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);

            // B answers (RFC 2918 §4; Enhanced Route Refresh: BoRR, the route, EoRR) and the route stays
            assertThat(await(() -> sb.peers().get(0).updatesSent() > sentByB)).isTrue();
            assertThat(await(() -> sa.peers().get(0).lastError().isEmpty() && sa.locRib().containsKey(prefix))).isTrue();
            assertThat(sa.peers().get(0).flaps()).isZero();
            java.util.concurrent.CompletableFuture<Void> unknown =
                    sa.requestRouteRefresh(IpAddresses.parse("127.0.0.9"), dev.weft.bgp.wire.AddressFamily.IPV4_UNICAST);
            assertThat(unknown).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause().isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aRestartKeepsOurRoutesAtThePeerUntilTheNewSpeakerSendsItsTable() throws Exception {
        int port = freePort("127.0.0.1");
        IpPrefix pods = IpPrefix.parse("fd00:10:244:5::/64");
        SpeakerConfig node = SpeakerConfig.of(65001, IpAddresses.parseIpv4("10.0.0.1")).withListen(IpAddresses.parse("127.0.0.1"), port);
        PeerConfig toTor = PeerConfig.of(IpAddresses.parse("127.0.0.2"), 65002).withPassive(true).withPolicies(ALL, ALL)
                .withIpv6NextHop(Optional.of(NH6));
        try (BgpSpeaker tor = BgpSpeaker.start(SpeakerConfig.of(65002, IpAddresses.parseIpv4("10.0.0.2"))
                .withListen(IpAddresses.parse("127.0.0.2"), 0).withConnectRetry(Duration.ofMillis(200), Duration.ofMillis(400)))) {
            BgpSpeaker first = BgpSpeaker.start(node);
            first.addPeer(toTor);
            first.originate(pods);
            tor.addPeer(PeerConfig.of(IpAddresses.parse("127.0.0.1"), 65001).withPeerPort(port)
                    .withLocalAddress(IpAddresses.parse("127.0.0.2")).withPolicies(ALL, ALL));
            assertThat(await(() -> tor.locRib().containsKey(pods))).isTrue();
            first.shutdownForRestart().get();
            assertThat(await(() -> tor.peers().get(0).gracefulRestart().equals("restarting"))).isTrue();
            assertThat(tor.locRib()).containsKey(pods); // stale, still forwarding
            try (BgpSpeaker second = BgpSpeaker.start(node.withRestarted(true, Duration.ofSeconds(60)))) {
                second.addPeer(toTor);
                second.originate(pods);
                assertThat(await(() -> !second.deferring())).isTrue();
                assertThat(await(() -> tor.peers().get(0).gracefulRestart().equals("helper"))).isTrue();
                assertThat(tor.locRib()).containsKey(pods);
                assertThat(tor.peers().get(0).flaps()).isEqualTo(1);
            }
        }
    }

    @Test
    void anUnconfiguredAddressIsRefusedWithoutReadingItsOpen() throws Exception {
        int port = freePort("127.0.0.1");
        try (BgpSpeaker s = BgpSpeaker.start(SpeakerConfig.of(65001, IpAddresses.parseIpv4("10.0.0.1"))
                .withListen(IpAddresses.parse("127.0.0.1"), port));
                Socket c = new Socket()) {
            c.bind(new InetSocketAddress(IpAddresses.parse("127.0.0.7"), 0));
            c.connect(new InetSocketAddress(IpAddresses.parse("127.0.0.1"), port));
            c.setSoTimeout(10_000);
            byte[] notification = c.getInputStream().readAllBytes(); // CEASE 6/5, then EOF
            assertThat(notification).hasSize(21);
            assertThat(notification[18]).isEqualTo((byte) 3);
            assertThat(notification[19]).isEqualTo((byte) 6);
            assertThat(notification[20]).isEqualTo((byte) 5);
            assertThat(s.peers()).isEmpty();
        }
    }

    @Test
    void aDynamicNeighbourFromTheRangeIsAcceptedAndGoesAwayWithItsSession() throws Exception {
        int port = freePort("127.0.0.1");
        PeerConfig template = PeerConfig.of(IpAddresses.parse("127.0.0.1"), 1).withPolicies(ALL, ALL);
        SpeakerConfig sc = SpeakerConfig.of(65001, IpAddresses.parseIpv4("10.0.0.1")).withListen(IpAddresses.parse("127.0.0.1"), port)
                .withDynamicNeighbors(List.of(new DynamicNeighbor(IpPrefix.parse("127.0.8.0/24"), 65008, template)));
        try (BgpSpeaker s = BgpSpeaker.start(sc);
                BgpSpeaker dyn = BgpSpeaker.start(SpeakerConfig.of(65008, IpAddresses.parseIpv4("10.0.0.8"))
                        .withListen(IpAddresses.parse("127.0.8.8"), 0))) {
            dyn.addPeer(PeerConfig.of(IpAddresses.parse("127.0.0.1"), 65001).withPeerPort(port)
                    .withLocalAddress(IpAddresses.parse("127.0.8.8")));
            assertThat(await(() -> s.peers().size() == 1 && s.peers().get(0).state().equals("Established"))).isTrue();
            assertThat(s.peers().get(0).peerAddress()).isEqualTo(IpAddresses.parse("127.0.8.8"));
            assertThat(s.peers().get(0).peerAs()).isEqualTo(65008);
            dyn.removePeer(IpAddresses.parse("127.0.0.1"));
            assertThat(await(() -> s.peers().isEmpty())).isTrue();
        }
    }

    @Test
    void aRestartingSpeakerDefersSelectionAndAdvertisementUntilEndOfRib() throws Exception {
        int port = freePort("127.0.0.1");
        SpeakerConfig restarted = SpeakerConfig.of(65001, IpAddresses.parseIpv4("10.0.0.1"))
                .withListen(IpAddresses.parse("127.0.0.1"), port).withRestarted(true, Duration.ofSeconds(60));
        try (BgpSpeaker sa = BgpSpeaker.start(restarted);
                BgpSpeaker sb = BgpSpeaker.start(SpeakerConfig.of(65002, IpAddresses.parseIpv4("10.0.0.2"))
                        .withListen(IpAddresses.parse("127.0.0.2"), 0))) {
            assertThat(sa.deferring()).isTrue();
            sa.originate(IpPrefix.parse("fd00:10:244:3::/64"));
            sa.addPeer(PeerConfig.of(IpAddresses.parse("127.0.0.2"), 65002).withPassive(true).withPolicies(ALL, ALL)
                    .withIpv6NextHop(Optional.of(NH6)));
            sb.originate(IpPrefix.parse("fd00:20::/64"));
            sb.addPeer(PeerConfig.of(IpAddresses.parse("127.0.0.1"), 65001).withPeerPort(port)
                    .withLocalAddress(IpAddresses.parse("127.0.0.2")).withPolicies(ALL, ALL)
                    .withIpv6NextHop(Optional.of((Inet6Address) InetAddress.getByName("fd00:99::2"))));
            // B sends its table and End-of-RIB for both families: A's deferral ends well before 60 s
            assertThat(await(() -> !sa.deferring())).isTrue();
            assertThat(await(() -> sb.locRib().containsKey(IpPrefix.parse("fd00:10:244:3::/64")))).isTrue();
            assertThat(sa.locRib()).containsKey(IpPrefix.parse("fd00:20::/64"));
            assertThat(sa.peers().get(0).gracefulRestart()).isEqualTo("helper");
        }
    }
}
