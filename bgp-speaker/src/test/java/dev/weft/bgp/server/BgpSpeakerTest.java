package dev.weft.bgp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The API without sockets: no listener, passive peers only. */
class BgpSpeakerTest {
    static SpeakerConfig config() {
        return SpeakerConfig.of(65001, IpAddresses.parseIpv4("10.0.0.2")).withListen(IpAddresses.parse("127.0.0.1"), 0);
    }

    @Test
    void originatedPrefixesAreListedAndWithdrawn() {
        try (BgpSpeaker s = BgpSpeaker.start(config())) {
            assertThat(s.listenPort()).isZero();
            s.originate(IpPrefix.parse("10.244.1.0/24"));
            s.originate(IpPrefix.parse("10.244.0.0/24"));
            assertThat(s.originated()).containsExactly(IpPrefix.parse("10.244.0.0/24"), IpPrefix.parse("10.244.1.0/24"));
            s.withdrawOriginated(IpPrefix.parse("10.244.1.0/24"));
            assertThat(s.originated()).containsExactly(IpPrefix.parse("10.244.0.0/24"));
            s.originate(IpPrefix.parse("fd00:10:244:1::/64")); // IPv6 goes in MP_REACH_NLRI
            assertThat(s.originated()).contains(IpPrefix.parse("fd00:10:244:1::/64"));
            s.withdrawOriginated(IpPrefix.parse("fd00:10:244:1::/64"));
            assertThat(s.locRib()).isEmpty();
        }
    }

    @Test
    void peersAreKeyedByAddressAndReconfigured() {
        try (BgpSpeaker s = BgpSpeaker.start(config())) {
            PeerConfig p = PeerConfig.of(IpAddresses.parse("10.0.0.1"), 65000).withPassive(true);
            s.addPeer(p);
            s.addPeer(p);
            assertThat(s.peers()).singleElement().satisfies(st -> {
                assertThat(st.state()).isEqualTo("Active");
                assertThat(st.peerAs()).isEqualTo(65000);
                assertThat(st.lastError()).isEmpty();
            });
            s.addPeer(PeerConfig.of(IpAddresses.parse("10.0.0.1"), 65010).withPassive(true));
            assertThat(s.peers()).singleElement().satisfies(st -> assertThat(st.peerAs()).isEqualTo(65010));
            s.addPeer(PeerConfig.of(IpAddresses.parse("10.0.0.3"), 65001).withPassive(true));
            assertThat(s.peers()).hasSize(2);
            s.removePeer(IpAddresses.parse("10.0.0.1"));
            s.removePeer(IpAddresses.parse("10.0.0.99"));
            assertThat(s.peers()).extracting(PeerStatus::peerAddress).containsExactly(IpAddresses.parse("10.0.0.3"));
        }
    }

    @Test
    void listenerRegistrationReplaysAndRunsOnTheSpeakerThread() {
        try (BgpSpeaker s = BgpSpeaker.start(config())) {
            List<String> threads = new ArrayList<>();
            s.addBestPathListener((prefix, best) -> threads.add(Thread.currentThread().getName()));
            assertThat(threads).isEmpty(); // nothing learned yet
            s.removeBestPathListener((prefix, best) -> { });
        }
    }

    @Test
    void shutdownIsIdempotentAndEndsTheApi() throws Exception {
        BgpSpeaker s = BgpSpeaker.start(config());
        s.shutdown().get();
        assertThat(s.shutdown()).isDone();
        s.close();
        assertThatThrownBy(() -> s.originate(IpPrefix.parse("10.0.0.0/8"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void configsRejectOutOfRangeValues() {
        var id = IpAddresses.parseIpv4("10.0.0.2");
        var any = IpAddresses.parse("0.0.0.0");
        assertThatThrownBy(() -> new SpeakerConfig(0, id, any, 179, Duration.ofSeconds(1), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpeakerConfig(1L << 32, id, any, 179, Duration.ofSeconds(1), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpeakerConfig(65001, IpAddresses.parseIpv4("0.0.0.0"), any, 179, Duration.ofSeconds(1),
                Duration.ofSeconds(2))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpeakerConfig(65001, id, any, 179, Duration.ofSeconds(5), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class);
        PeerConfig p = PeerConfig.of(IpAddresses.parse("10.0.0.1"), 65000);
        assertThat(p.peerPort()).isEqualTo(179);
        assertThat(p.holdTimeSeconds()).isEqualTo(90);
        assertThat(p.keepaliveSeconds()).isEqualTo(30);
        assertThat(p.localAddress()).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> p.withTimers(2, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.withPeerPort(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PeerConfig.of(IpAddresses.parse("10.0.0.1"), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
