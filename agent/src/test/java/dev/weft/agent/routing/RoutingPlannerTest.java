package dev.weft.agent.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.datastore.ClusterState;
import dev.weft.agent.datastore.DirectoryDatastore;
import dev.weft.bgp.policy.Policy;
import dev.weft.bgp.policy.PrefixList;
import dev.weft.bgp.server.PeerConfig;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoutingPlannerTest {
    @TempDir
    Path dir;

    private ClusterState state(String yaml) throws IOException {
        Files.writeString(dir.resolve("objects.yaml"), yaml);
        try (DirectoryDatastore ds = new DirectoryDatastore(dir, s -> {}, Duration.ofMillis(10), Duration.ofHours(1))) {
            return ds.reload();
        }
    }

    private static String node(String name, int i, String asn) {
        return """
                ---
                kind: Node
                metadata:
                  name: %s
                  labels: {rack: r%d}
                  annotations: {%s}
                spec: {podCIDRs: [10.244.%d.0/24, "fd00:244:%d::/64"]}
                status: {addresses: [{type: InternalIP, address: 172.31.%d.2}]}
                """.formatted(name, i, asn == null ? "" : "weft.dev/bgp-asn: \"" + asn + "\"", i, i, i);
    }

    @Test
    void perNodeAsAnnouncesDualStackPodCidrsAndSelectsPeers() throws IOException {
        ClusterState s = state(node("n1", 1, "65001") + node("n2", 2, null) + """
                ---
                kind: BGPConfiguration
                metadata: {name: default}
                spec: {asNumber: 64600}
                ---
                kind: BGPPeer
                metadata: {name: tor-n1}
                spec: {node: n1, peerIP: 172.31.1.1, asNumber: 65000, holdTime: 9, keepaliveTime: 3}
                ---
                kind: BGPPeer
                metadata: {name: rack2}
                spec: {nodeSelector: {matchLabels: {rack: r2}}, peerIP: 172.31.2.1, asNumber: 65000}
                ---
                kind: BGPPeer
                metadata: {name: everyone}
                spec: {peerIP: 192.0.2.10, asNumber: 65100}
                ---
                kind: BGPPeer
                metadata: {name: self}
                spec: {peerIP: 172.31.1.2, asNumber: 65001}
                """);
        NodeRouting n1 = RoutingPlanner.plan("n1", s, new StringBuilder()).orElseThrow();
        assertThat(n1.localAs()).isEqualTo(65001);
        assertThat(n1.routerId()).isEqualTo(IpAddresses.parse("172.31.1.2"));
        assertThat(n1.listenPort()).isEqualTo(179);
        assertThat(n1.originated()).containsExactlyInAnyOrder(IpPrefix.parse("10.244.1.0/24"),
                IpPrefix.parse("fd00:244:1::/64"));
        assertThat(n1.maxPaths()).isEqualTo(RoutingPlanner.DEFAULT_MAX_PATHS);
        assertThat(n1.peers()).containsOnlyKeys(IpAddresses.parse("172.31.1.1"), IpAddresses.parse("192.0.2.10"));
        assertThat(n1.peers().get(IpAddresses.parse("172.31.1.1")).holdTimeSeconds()).isEqualTo(9);
        assertThat(n1.peers().get(IpAddresses.parse("172.31.1.1")).keepaliveSeconds()).isEqualTo(3);

        NodeRouting n2 = RoutingPlanner.plan("n2", s, new StringBuilder()).orElseThrow();
        assertThat(n2.localAs()).isEqualTo(64600);
        // "self" points at n1's address: skipped on n1, a normal peer for n2.
        assertThat(n2.peers()).containsOnlyKeys(IpAddresses.parse("172.31.2.1"), IpAddresses.parse("192.0.2.10"),
                IpAddresses.parse("172.31.1.2"));
        assertThat(n2.peers().get(IpAddresses.parse("172.31.2.1")).holdTimeSeconds()).isEqualTo(90);
    }

    @Test
    void bgpPeerFieldsMapOntoThePeerConfig() throws IOException {
        ClusterState s = state(node("n1", 1, "65001") + """
                ---
                kind: Secret
                apiVersion: v1
                metadata: {name: bgp-secrets, namespace: default}
                data: {tor: czNjcjN0}
                ---
                kind: BGPPeer
                metadata: {name: tor}
                spec:
                  peerIP: 172.31.1.1
                  asNumber: 65000
                  password: {secretKeyRef: {name: bgp-secrets, key: tor}}
                  gracefulRestart: true
                  restartTime: 300s
                  ebgpMultihop: 3
                  sourceAddress: 172.31.1.2
                ---
                kind: BGPPeer
                metadata: {name: plain}
                spec: {peerIP: "fd00:31::1", asNumber: 65000}
                ---
                kind: BGPPeer
                metadata: {name: no-gr}
                spec: {peerIP: "fd00:31::2", asNumber: 65000, gracefulRestart: false}
                """);
        assertThat(s.rejections()).isEmpty();
        NodeRouting n1 = RoutingPlanner.plan("n1", s, new StringBuilder()).orElseThrow();
        PeerConfig tor = n1.peers().get(IpAddresses.parse("172.31.1.1"));
        assertThat(tor.md5Password()).contains("s3cr3t");
        assertThat(tor.gracefulRestartTimeSeconds()).isEqualTo(300);
        assertThat(tor.ebgpMultihopTtl()).isEqualTo(3);
        assertThat(tor.localAddress()).contains(IpAddresses.parse("172.31.1.2"));
        assertThat(tor.toString()).doesNotContain("s3cr3t");

        PeerConfig plain = n1.peers().get(IpAddresses.parse("fd00:31::1"));
        assertThat(plain.md5Password()).isEmpty();
        assertThat(plain.gracefulRestartTimeSeconds()).isEqualTo(120); // gracefulRestart defaults to on, 120 s
        assertThat(plain.ebgpMultihopTtl()).isZero();
        assertThat(plain.localAddress()).isEmpty();
        assertThat(n1.peers().get(IpAddresses.parse("fd00:31::2")).gracefulRestartTimeSeconds())
                .as("gracefulRestart: false advertises no Graceful Restart capability").isZero();
    }

    @Test
    void everyPeerGetsExplicitPoliciesExportingOnlyOwnPodCidrs() throws IOException {
        ClusterState s = state(node("n1", 1, "65001") + """
                ---
                kind: BGPPeer
                metadata: {name: tor}
                spec: {peerIP: 172.31.1.1, asNumber: 65000}
                """);
        NodeRouting n1 = RoutingPlanner.plan("n1", s, new StringBuilder()).orElseThrow();
        PeerConfig tor = n1.peers().get(IpAddresses.parse("172.31.1.1"));
        assertThat(tor.exportPolicy()).contains(Policy.agentExportDefault(n1.originated().stream().sorted().toList()));
        assertThat(RoutingPlanner.plan("n1", s, new StringBuilder()).orElseThrow()).isEqualTo(n1); // stable
        PrefixList filter = RoutingPlanner.importFilter(n1.originated());
        assertThat(tor.importPolicy()).contains(Policy.agentImportDefault(filter));
        assertThat(filter.permits(IpPrefix.parse("10.244.2.0/24"))).isTrue();
        assertThat(filter.permits(IpPrefix.parse("0.0.0.0/0"))).isTrue();
        assertThat(filter.permits(IpPrefix.parse("fd00:244:2::/64"))).isTrue();
        // never a route to our own Pods through someone else
        assertThat(filter.permits(IpPrefix.parse("10.244.1.0/24"))).isFalse();
        assertThat(filter.permits(IpPrefix.parse("10.244.1.7/32"))).isFalse();
        assertThat(filter.permits(IpPrefix.parse("fd00:244:1::5/128"))).isFalse();
    }

    @Test
    void aPeerWhosePasswordSecretIsMissingIsRejectedNotConfiguredWithoutIt() throws IOException {
        ClusterState s = state(node("n1", 1, "65001") + """
                ---
                kind: BGPPeer
                metadata: {name: tor}
                spec:
                  peerIP: 172.31.1.1
                  asNumber: 65000
                  password: {secretKeyRef: {name: missing, key: tor}}
                """);
        assertThat(s.rejections()).isNotEmpty();
        assertThat(RoutingPlanner.plan("n1", s, new StringBuilder()).orElseThrow().peers()).isEmpty();
    }

    @Test
    void meshAddsEveryOtherNode() throws IOException {
        ClusterState s = state(node("n1", 1, "65001") + node("n2", 2, "65002") + """
                ---
                kind: BGPConfiguration
                metadata: {name: default}
                spec: {nodeToNodeMeshEnabled: true}
                """);
        NodeRouting n1 = RoutingPlanner.plan("n1", s, new StringBuilder()).orElseThrow();
        assertThat(n1.peers()).containsOnlyKeys(IpAddresses.parse("172.31.2.2"));
        assertThat(n1.peers().get(IpAddresses.parse("172.31.2.2")).peerAs()).isEqualTo(65002);
    }

    @Test
    void explainsWhyThereIsNoPlan() throws IOException {
        ClusterState s = state("""
                kind: Node
                metadata: {name: bare}
                """);
        StringBuilder why = new StringBuilder();
        assertThat(RoutingPlanner.plan("bare", s, why)).isEqualTo(Optional.empty());
        assertThat(why).contains("no IPv4 InternalIP");
        why.setLength(0);
        assertThat(RoutingPlanner.plan("ghost", s, why)).isEmpty();
        assertThat(why).contains("ghost not found");
    }

    @Test
    void importFilterMaxPrefixesAndMaxPathsMapOntoTheSpeaker() throws IOException {
        ClusterState s = state(node("n1", 1, "65001") + node("n2", 2, "65002") + """
                ---
                kind: BGPConfiguration
                metadata: {name: default}
                spec: {maxPaths: 2, nodeToNodeMeshEnabled: true}
                ---
                kind: BGPPeer
                metadata: {name: tor}
                spec:
                  peerIP: 172.31.1.1
                  asNumber: 65000
                  maxPrefixes: 1000
                  maxPrefixesRestartTime: 5m
                  importFilter:
                  - {action: Accept, matchOperator: Equal, cidr: 0.0.0.0/0}
                  - {action: Accept, matchOperator: In, cidr: 10.0.0.0/8, prefixLength: {max: 24}}
                ---
                kind: BGPPeer
                metadata: {name: limit-only}
                spec: {peerIP: 172.31.1.3, asNumber: 65000, maxPrefixes: 10}
                """);
        assertThat(s.rejections()).isEmpty();
        NodeRouting n1 = RoutingPlanner.plan("n1", s, new StringBuilder()).orElseThrow();
        assertThat(n1.maxPaths()).isEqualTo(2);
        PeerConfig tor = n1.peers().get(IpAddresses.parse("172.31.1.1"));
        assertThat(tor.maxPrefixes()).isEqualTo(1000);
        assertThat(tor.maxPrefixRestart()).contains(Duration.ofMinutes(5));
        Policy in = (Policy) tor.importPolicy().orElseThrow();
        assertThat(in.name()).isEqualTo("import-filter");
        assertThat(in.acceptByDefault()).isFalse();
        assertThat(in.statements()).extracting(st -> st.name())
                .containsExactly("own-pod-cidrs", "importFilter[0]", "importFilter[1]");
        PeerConfig limitOnly = n1.peers().get(IpAddresses.parse("172.31.1.3"));
        assertThat(limitOnly.maxPrefixes()).isEqualTo(10);
        assertThat(limitOnly.maxPrefixRestart()).isEmpty();
        // RFC 8212 default kept for a peer without importFilter and for node-to-node mesh peers
        Policy safe = Policy.agentImportDefault(RoutingPlanner.importFilter(n1.originated()));
        assertThat(limitOnly.importPolicy()).contains(safe);
        assertThat(n1.peers().get(IpAddresses.parse("172.31.2.2")).importPolicy()).contains(safe);
        assertThat(n1.peers().get(IpAddresses.parse("172.31.2.2")).maxPrefixes()).isZero();
        assertThat(RoutingPlanner.plan("n1", s, new StringBuilder()).orElseThrow()).isEqualTo(n1); // stable

        ClusterState noConfig = state(node("n1", 1, "65001"));
        assertThat(RoutingPlanner.plan("n1", noConfig, new StringBuilder()).orElseThrow().maxPaths())
                .isEqualTo(RoutingPlanner.DEFAULT_MAX_PATHS);
    }

    @Test
    void invalidFilterMaxPathsOrLimitIsRejectedVisiblyAndTheRestIsKept() throws IOException {
        ClusterState s = state(node("n1", 1, "65001") + """
                ---
                kind: BGPConfiguration
                metadata: {name: default}
                spec: {maxPaths: 0}
                ---
                kind: BGPConfiguration
                metadata: {name: too-wide}
                spec: {maxPaths: 65}
                ---
                kind: BGPPeer
                metadata: {name: bad-cidr}
                spec:
                  peerIP: 172.31.1.1
                  asNumber: 65000
                  importFilter: [{action: Accept, matchOperator: In, cidr: 10.0.0.0/33}]
                ---
                kind: BGPPeer
                metadata: {name: min-over-max}
                spec:
                  peerIP: 172.31.1.3
                  asNumber: 65000
                  importFilter: [{action: Accept, matchOperator: In, cidr: 10.0.0.0/8, prefixLength: {min: 28, max: 24}}]
                ---
                kind: BGPPeer
                metadata: {name: zero-limit}
                spec: {peerIP: 172.31.1.4, asNumber: 65000, maxPrefixes: 0}
                ---
                kind: BGPPeer
                metadata: {name: fine}
                spec: {peerIP: 172.31.1.5, asNumber: 65000, importFilter: []}
                """);
        assertThat(s.rejections()).extracting(r -> r.toString()).anySatisfy(r -> assertThat(r)
                .contains("default").contains("spec.maxPaths 0 out of range 1-64"));
        assertThat(s.rejections()).extracting(r -> r.toString()).anySatisfy(r -> assertThat(r)
                .contains("too-wide").contains("spec.maxPaths 65"));
        assertThat(s.rejections()).extracting(r -> r.toString()).anySatisfy(r -> assertThat(r)
                .contains("bad-cidr").contains("spec.importFilter[0]: cidr"));
        assertThat(s.rejections()).extracting(r -> r.toString()).anySatisfy(r -> assertThat(r)
                .contains("min-over-max").contains("min <= max"));
        assertThat(s.rejections()).extracting(r -> r.toString()).anySatisfy(r -> assertThat(r)
                .contains("zero-limit").contains("spec.maxPrefixes 0"));
        assertThat(s.rejections()).hasSize(5);
        NodeRouting n1 = RoutingPlanner.plan("n1", s, new StringBuilder()).orElseThrow();
        assertThat(n1.peers()).containsOnlyKeys(IpAddresses.parse("172.31.1.5"));
        assertThat(n1.maxPaths()).isEqualTo(RoutingPlanner.DEFAULT_MAX_PATHS);
    }
}
