package dev.weft.agent.datastore.kube;

import static dev.weft.agent.datastore.kube.KubernetesDatastoreTest.apply;
import static dev.weft.agent.datastore.kube.KubernetesDatastoreTest.peer;
import static dev.weft.agent.datastore.kube.MockApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.crd.BgpPeer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** BGPPeer status written through the status subresource of the CRUD mock server. */
class BgpPeerStatusReporterTest {
    static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    static List<BgpPeer.NodeStatus> nodes(KubernetesClient c, String peer) {
        BgpPeer p = c.resources(BgpPeer.class).withName(peer).get();
        return p == null || p.getStatus() == null || p.getStatus().nodes == null ? List.of() : p.getStatus().nodes;
    }

    static String line(BgpPeer.NodeStatus n) {
        return n.node + " " + n.state + " " + n.since + " " + n.prefixesReceived + "/" + n.prefixesAdvertised;
    }

    @Test
    void eachNodeWritesOnlyItsOwnEntryAndRemovesItWhenThePeerGoes() throws Exception {
        try (MockApi api = new MockApi()) {
            KubernetesClient c = api.client();
            apply(c, peer("tor", "172.31.0.1", 65000), peer("spine", "172.31.0.2", 65001));
            try (BgpPeerStatusReporter n2 = new BgpPeerStatusReporter(api.client(), "n2", Duration.ofMillis(100));
                    BgpPeerStatusReporter n1 = new BgpPeerStatusReporter(api.client(), "n1", Duration.ofMillis(100))) {
                n2.report(Map.of("tor", new PeerSessionState("Active", T0, 0, 0)));
                assertThat(await(() -> nodes(c, "tor").size() == 1)).isTrue();

                n1.report(Map.of("tor", new PeerSessionState("Established", T0.plusSeconds(5), 12, 3),
                        "spine", new PeerSessionState("Connect", T0, 0, 0)));
                assertThat(await(() -> nodes(c, "tor").size() == 2 && nodes(c, "spine").size() == 1)).isTrue();
                assertThat(nodes(c, "tor")).extracting(BgpPeerStatusReporterTest::line).containsExactly(
                        "n1 Established 2026-11-29T10:00:05Z 12/3", "n2 Active 2026-11-29T10:00:00Z 0/0");
                assertThat(nodes(c, "spine")).extracting(BgpPeerStatusReporterTest::line)
                        .containsExactly("n1 Connect 2026-11-29T10:00:00Z 0/0");
                // Only the status changed: the spec is the operator's.
                BgpPeer tor = c.resources(BgpPeer.class).withName("tor").get();
                assertThat(tor.getSpec().asNumber).isEqualTo(65000L);
                assertThat(tor.getSpec().peerIP).isEqualTo("172.31.0.1");

                // spine no longer applies to n1: its entry goes, n2's entry on tor stays.
                n1.report(Map.of("tor", new PeerSessionState("Established", T0.plusSeconds(5), 12, 3)));
                assertThat(await(() -> nodes(c, "spine").isEmpty())).isTrue();
                assertThat(nodes(c, "tor")).extracting(n -> n.node).containsExactly("n1", "n2");

                // A session for a BGPPeer that does not exist is not an error.
                n1.report(Map.of("ghost", new PeerSessionState("Idle", T0, 0, 0)));
                assertThat(await(() -> nodes(c, "tor").size() == 1)).isTrue();
                assertThat(nodes(c, "tor")).extracting(n -> n.node).containsExactly("n2");
                // Once that BGPPeer is created, the same session is written.
                apply(c, peer("ghost", "172.31.0.9", 65009));
                n1.report(Map.of("ghost", new PeerSessionState("Idle", T0, 0, 0)));
                assertThat(await(() -> nodes(c, "ghost").size() == 1)).isTrue();
            }
        }
    }

    @Test
    void writesPerPeerAreRateLimitedAndCoalescedToTheLatestState() throws Exception {
        try (MockApi api = new MockApi()) {
            KubernetesClient c = api.client();
            apply(c, peer("tor", "172.31.0.1", 65000));
            try (BgpPeerStatusReporter r = new BgpPeerStatusReporter(api.client(), "n1", Duration.ofSeconds(2))) {
                for (int i = 0; i < 50; i++) {
                    r.report(Map.of("tor", new PeerSessionState("Established", T0, i, 1)));
                }
                assertThat(await(() -> nodes(c, "tor").size() == 1 && nodes(c, "tor").get(0).prefixesReceived == 49))
                        .isTrue();
                // At most one write at once (of whatever was latest when it ran) and one after the
                // interval with the latest: never one per report.
                assertThat(r.writes()).isBetween(1L, 2L);
                assertThat(line(nodes(c, "tor").get(0))).isEqualTo("n1 Established 2026-11-29T10:00:00Z 49/1");
            }
        }
    }
}
