package dev.weft.agent.datastore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryDatastoreTest {
    @TempDir
    Path dir;

    static final String NODE = """
            apiVersion: v1
            kind: Node
            metadata:
              name: n1
              labels: {rack: a}
              annotations: {weft.dev/bgp-asn: "65001"}
            spec:
              podCIDRs: [10.244.1.0/24]
            status:
              addresses:
              - {type: Hostname, address: n1}
              - {type: InternalIP, address: 172.31.1.2}
            """;

    @Test
    void readsNodesPeersAndConfiguration() throws IOException {
        Files.writeString(dir.resolve("node.yaml"), NODE);
        Files.writeString(dir.resolve("bgp.yaml"), """
                apiVersion: weft.dev/v1
                kind: BGPConfiguration
                metadata: {name: default}
                spec: {asNumber: 64512, listenPort: 1179}
                ---
                apiVersion: weft.dev/v1
                kind: BGPPeer
                metadata: {name: tor}
                spec:
                  peerIP: 172.31.1.1
                  asNumber: 65000
                  nodeSelector: {matchLabels: {rack: a}}
                  holdTime: 9s
                  keepaliveTime: 3s
                """);
        ClusterState s = new ResourceParserHarness(dir).read();
        assertThat(s.rejections()).isEmpty();
        NodeInfo n = s.nodes().get("n1");
        assertThat(n.asNumber()).contains(65001L);
        assertThat(n.podCidrs()).containsExactly(IpPrefix.parse("10.244.1.0/24"));
        assertThat(n.internalIp()).contains(IpAddresses.parse("172.31.1.2"));
        assertThat(s.defaultBgpConfiguration().flatMap(BgpConfigurationSpec::listenPort)).contains(1179);
        BgpPeerSpec p = s.bgpPeers().get("tor");
        assertThat(p.holdTimeSeconds()).isEqualTo(9);
        assertThat(p.keepaliveSeconds()).isEqualTo(3);
        assertThat(p.appliesTo(n)).isTrue();
        assertThat(p.appliesTo(new NodeInfo("n2", Map.of("rack", "b"), Optional.empty(), List.of(), Optional.empty())))
                .isFalse();
    }

    @Test
    void rejectsBadObjectsOneByOneAndKeepsTheRest() throws IOException {
        Files.writeString(dir.resolve("node.yaml"), NODE);
        Files.writeString(dir.resolve("peers.yaml"), """
                kind: BGPPeer
                metadata: {name: as-zero}
                spec: {peerIP: 10.0.0.1, asNumber: 0}
                ---
                kind: BGPPeer
                metadata: {name: bad-ip}
                spec: {peerIP: 10.0.0.300, asNumber: 65000}
                ---
                kind: BGPPeer
                metadata: {name: hold-two}
                spec: {peerIP: 10.0.0.2, asNumber: 65000, holdTime: 2}
                ---
                kind: BGPPeer
                metadata: {name: bad-op}
                spec: {peerIP: 10.0.0.3, asNumber: 65000, nodeSelector: {matchExpressions: [{key: a, operator: Equals, values: [b]}]}}
                ---
                kind: BGPPeer
                metadata: {name: good}
                spec: {peerIP: 10.0.0.4, asNumber: 4200000000}
                """);
        Files.writeString(dir.resolve("broken.yaml"), "kind: Node\nmetadata: {name: [unclosed\n");
        Files.writeString(dir.resolve("badnode.yaml"), """
                kind: Node
                metadata: {name: n9}
                spec: {podCIDRs: [10.244.9.1/24]}
                """);
        ClusterState s = new ResourceParserHarness(dir).read();
        assertThat(s.bgpPeers()).containsOnlyKeys("good");
        assertThat(s.bgpPeers().get("good").asNumber()).isEqualTo(4_200_000_000L);
        assertThat(s.nodes()).containsOnlyKeys("n1");
        assertThat(s.rejections()).extracting(Rejection::toString).anySatisfy(r -> assertThat(r)
                .contains("as-zero").contains("out of range 1-4294967295"));
        assertThat(s.rejections()).extracting(Rejection::toString)
                .anySatisfy(r -> assertThat(r).contains("bad-ip").contains("spec.peerIP"))
                .anySatisfy(r -> assertThat(r).contains("hold-two").contains("must be 0 or 3-65535"))
                .anySatisfy(r -> assertThat(r).contains("bad-op").contains("unknown operator 'Equals'"))
                .anySatisfy(r -> assertThat(r).contains("broken.yaml").contains("cannot parse"))
                .anySatisfy(r -> assertThat(r).contains("n9").contains("host bits"));
    }

    @Test
    void watchesTheDirectoryAndReportsOnlyChanges() throws Exception {
        LinkedBlockingQueue<ClusterState> seen = new LinkedBlockingQueue<>();
        try (DirectoryDatastore ds = new DirectoryDatastore(dir, seen::add, Duration.ofMillis(20), Duration.ofMillis(200))) {
            ds.start();
            assertThat(seen.poll(1, TimeUnit.SECONDS).nodes()).isEmpty();
            Files.writeString(dir.resolve(".node.yaml.tmp"), NODE);
            Files.move(dir.resolve(".node.yaml.tmp"), dir.resolve("node.yaml"));
            ClusterState s = seen.poll(10, TimeUnit.SECONDS);
            assertThat(s).isNotNull();
            assertThat(s.nodes()).containsOnlyKeys("n1");
            // Periodic re-reads of an unchanged directory deliver nothing.
            assertThat(seen.poll(600, TimeUnit.MILLISECONDS)).isNull();
            Files.delete(dir.resolve("node.yaml"));
            ClusterState gone = seen.poll(10, TimeUnit.SECONDS);
            assertThat(gone).isNotNull();
            assertThat(gone.nodes()).isEmpty();
        }
    }

    @Test
    void anUnreadableDirectoryIsAnOutageThatKeepsTheLastState() throws Exception {
        Path sub = dir.resolve("objects");
        LinkedBlockingQueue<ClusterState> seen = new LinkedBlockingQueue<>();
        try (DirectoryDatastore ds = new DirectoryDatastore(sub, seen::add, Duration.ofMillis(10), Duration.ofHours(1))) {
            assertThat(ds.synced()).isFalse();
            assertThat(ds.health().synced()).isFalse();
            Files.createDirectories(sub);
            Files.writeString(sub.resolve("node.yaml"), NODE);
            ds.start();
            assertThat(ds.synced()).isTrue();
            assertThat(seen.poll()).isNotNull();
            DatastoreHealth ok = ds.health();
            assertThat(ok.healthy()).isTrue();
            assertThat(ok.source()).isEqualTo("dir:" + sub);
            assertThat(ok.lastSync()).isPresent();
            assertThat(ok.snapshots()).isEqualTo(1);

            Files.delete(sub.resolve("node.yaml"));
            Files.delete(sub);
            ClusterState during = ds.reload();
            assertThat(during.nodes()).containsOnlyKeys("n1");
            assertThat(ds.current().nodes()).containsOnlyKeys("n1");
            DatastoreHealth bad = ds.health();
            assertThat(bad.outage()).isTrue();
            assertThat(bad.healthy()).isFalse();
            assertThat(bad.synced()).isTrue();
            assertThat(bad.lastError()).hasValueSatisfying(e -> assertThat(e).contains("cannot list"));
            assertThat(seen).isEmpty();

            Files.createDirectories(sub);
            assertThat(ds.reload().nodes()).isEmpty();
            assertThat(ds.health().outage()).isFalse();
            assertThat(ds.health().lastError()).isPresent();
            assertThat(ds.health().snapshots()).isEqualTo(2);
        }
    }

    /** Reads a directory once, the way the datastore does. */
    record ResourceParserHarness(Path dir) {
        ClusterState read() {
            LinkedBlockingQueue<ClusterState> q = new LinkedBlockingQueue<>();
            try (DirectoryDatastore ds = new DirectoryDatastore(dir, q::add, Duration.ofMillis(10), Duration.ofHours(1))) {
                return ds.reload();
            }
        }
    }
}
