package dev.weft.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.admin.LiveAgentFixture;
import dev.weft.agent.datastore.ClusterState;
import dev.weft.agent.datastore.DirectoryDatastore;
import dev.weft.agent.datastore.kube.PeerSessionState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerStatusPublisherTest {
    @TempDir
    Path dir;

    @Test
    void reportsTheSessionsOfTheBgpPeersThatApplyToThisNode() throws Exception {
        Path objects = Files.createDirectories(dir.resolve("objects"));
        Files.writeString(objects.resolve("peers.yaml"), """
                kind: Node
                metadata: {name: node-1, labels: {rack: r1}}
                spec: {podCIDRs: [10.244.1.0/24]}
                status: {addresses: [{type: InternalIP, address: 10.0.0.11}]}
                ---
                apiVersion: weft.dev/v1
                kind: BGPPeer
                metadata: {name: tor}
                spec: {peerIP: 10.0.0.1, asNumber: 65000, nodeSelector: {matchLabels: {rack: r1}}}
                ---
                apiVersion: weft.dev/v1
                kind: BGPPeer
                metadata: {name: tor-of-node-2}
                spec: {peerIP: 10.0.0.1, asNumber: 65000, node: node-2}
                ---
                apiVersion: weft.dev/v1
                kind: BGPPeer
                metadata: {name: not-configured-yet}
                spec: {peerIP: 10.0.0.99, asNumber: 65001}
                """);
        ClusterState state = DirectoryDatastore.read(objects);
        assertThat(state.rejections()).isEmpty();
        try (LiveAgentFixture agent = new LiveAgentFixture(dir.resolve("agent"))) {
            PeerStatusPublisher publisher = new PeerStatusPublisher("node-1");
            Instant now = Instant.now();
            Map<String, PeerSessionState> sessions = publisher.sessions(state, agent.node.peers(), now);
            assertThat(sessions).containsOnlyKeys("tor");
            PeerSessionState tor = sessions.get("tor");
            assertThat(tor.state()).isEqualTo("Established");
            assertThat(tor.since()).isEqualTo(agent.node.peers().get(0).establishedSince().orElseThrow());
            assertThat(tor.prefixesReceived()).isEqualTo(1);
            assertThat(tor.prefixesAdvertised()).isEqualTo(1);

            // Another node sees none of them.
            assertThat(new PeerStatusPublisher("node-9").sessions(state, agent.node.peers(), now)).isEmpty();
        }
    }
}
