package dev.weft.it.bgp;

import static dev.weft.it.bgp.BgpNetns.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.server.BestPath;
import dev.weft.bgp.server.BgpSpeaker;
import dev.weft.bgp.server.PeerConfig;
import dev.weft.bgp.server.PeerStatus;
import dev.weft.bgp.server.SpeakerConfig;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import dev.weft.netlink.NetNs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two {@link BgpSpeaker}s, each with its event loop thread in its own namespace, both active:
 * their first connections collide and must settle on one session (RFC 4271 §6.8).
 */
class SpeakerToSpeakerTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final IpPrefix BLOCK_A = IpPrefix.parse("10.244.1.0/24");
    static final IpPrefix BLOCK_B = IpPrefix.parse("10.244.2.0/24");

    BgpNetns net;
    BgpSpeaker a;
    BgpSpeaker b;

    @BeforeEach
    void setUp() throws Exception {
        net = new BgpNetns("s");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (BgpSpeaker s : new BgpSpeaker[] {a, b}) {
            if (s != null) {
                s.close();
            }
        }
        net.close();
    }

    static BgpSpeaker start(Path ns, long as, String id) {
        SpeakerConfig c = SpeakerConfig.of(as, IpAddresses.parseIpv4(id)).withConnectRetry(Duration.ofMillis(200), Duration.ofSeconds(1));
        return NetNs.callIn(ns, () -> BgpSpeaker.start(c));
    }

    BgpSpeaker startA(long as) {
        BgpSpeaker s = start(Path.of("/var/run/netns", net.daemonNs), as, BgpNetns.DAEMON_IP);
        s.originate(BLOCK_A);
        return s;
    }

    static PeerStatus status(BgpSpeaker s) {
        return s.peers().get(0);
    }

    void connect(long asA, long asB) throws InterruptedException {
        a = startA(asA);
        b = start(net.speakerNsPath(), asB, BgpNetns.SPEAKER_IP);
        b.originate(BLOCK_B);
        a.addPeer(BgpNetns.acceptAll(PeerConfig.of(IpAddresses.parse(BgpNetns.SPEAKER_IP), asB).withTimers(9, 0)));
        b.addPeer(BgpNetns.acceptAll(PeerConfig.of(IpAddresses.parse(BgpNetns.DAEMON_IP), asA)));
        await(WAIT, () -> status(a).state().equals("Established") && status(b).state().equals("Established"),
                () -> status(a) + " / " + status(b));
    }

    @Test
    void ebgpBothActiveSettleOnOneSessionAndExchangeRoutes() throws Exception {
        connect(65000, 65001);
        await(WAIT, () -> b.locRib().containsKey(BLOCK_A) && a.locRib().containsKey(BLOCK_B), () -> a.locRib() + " / " + b.locRib());
        BestPath fromA = b.locRib().get(BLOCK_A);
        assertThat(fromA.asPath()).containsExactly(65000L);
        assertThat(fromA.nextHop().getHostAddress()).isEqualTo(BgpNetns.DAEMON_IP);
        assertThat(a.locRib().get(BLOCK_B).asPath()).containsExactly(65001L);

        // one session, not flapping: the Established time stays put across several hold-time thirds
        Instant since = status(a).establishedSince().orElseThrow();
        Thread.sleep(4000);
        assertThat(status(a).establishedSince()).contains(since);
        assertThat(status(a).state()).isEqualTo("Established");

        // A shuts down: B hears CEASE 6/2 — as a Hard Reset, both set RFC 8538's N bit — drops A's
        // routes and keeps trying; A comes back
        a.close();
        await(WAIT, () -> b.locRib().isEmpty(), () -> b.locRib().toString());
        assertThat(status(b).lastError()).contains("received NOTIFICATION 6/9 Hard Reset (6/2 Administrative Shutdown)");
        a = startA(65000);
        a.addPeer(BgpNetns.acceptAll(PeerConfig.of(IpAddresses.parse(BgpNetns.SPEAKER_IP), 65001)));
        await(WAIT, () -> b.locRib().containsKey(BLOCK_A), () -> status(b).toString());
    }

    @Test
    void ibgpKeepsTheEmptyPathAndLocalPref() throws Exception {
        connect(65001, 65001);
        await(WAIT, () -> b.locRib().containsKey(BLOCK_A), () -> b.locRib().toString());
        BestPath fromA = b.locRib().get(BLOCK_A);
        assertThat(fromA.asPath()).isEmpty();
        assertThat(fromA.localPref()).isEqualTo(100);
        assertThat(fromA.peerAs()).isEqualTo(65001);
    }

    @Test
    void wrongPeerAsIsRefusedWithBadPeerAs() throws Exception {
        a = startA(65000);
        b = start(net.speakerNsPath(), 65001, BgpNetns.SPEAKER_IP);
        a.addPeer(BgpNetns.acceptAll(PeerConfig.of(IpAddresses.parse(BgpNetns.SPEAKER_IP), 65099)));
        b.addPeer(BgpNetns.acceptAll(PeerConfig.of(IpAddresses.parse(BgpNetns.DAEMON_IP), 65000).withPassive(true)));
        await(WAIT, () -> status(a).lastError().orElse("").contains("2/2"), () -> status(a) + " / " + status(b));
        assertThat(status(a).lastError()).contains("sent NOTIFICATION 2/2 Bad Peer AS");
        await(WAIT, () -> status(b).lastError().orElse("").contains("received NOTIFICATION 2/2"), () -> status(b).toString());
        assertThat(status(b).state()).isNotEqualTo("Established");
    }

    @Test
    void secondListenerOnTheSamePortFailsToStart() {
        a = startA(65000);
        assertThat(a.listenPort()).isEqualTo(179);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> start(Path.of("/var/run/netns", net.daemonNs), 65000, BgpNetns.DAEMON_IP))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining(":179");
    }

    @Test
    void changedPeerConfigRestartsTheSessionWithOtherConfigurationChange() throws Exception {
        connect(65000, 65001);
        Instant since = status(a).establishedSince().orElseThrow();
        a.addPeer(BgpNetns.acceptAll(PeerConfig.of(IpAddresses.parse(BgpNetns.SPEAKER_IP), 65001).withTimers(9, 0))); // same: nothing happens
        assertThat(status(a).establishedSince()).contains(since);
        a.addPeer(BgpNetns.acceptAll(PeerConfig.of(IpAddresses.parse(BgpNetns.SPEAKER_IP), 65001).withTimers(30, 0)));
        await(WAIT, () -> status(b).lastError().orElse("").contains("6/6"), () -> status(b).toString());
        assertThat(status(b).lastError()).contains("received NOTIFICATION 6/6 Other Configuration Change");
        await(WAIT, () -> status(a).state().equals("Established") && status(b).state().equals("Established")
                && b.locRib().containsKey(BLOCK_A), () -> status(a) + " / " + status(b));
    }
}
