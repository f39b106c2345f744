package dev.weft.agent.datastore.kube;

import static dev.weft.agent.datastore.kube.MockApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.datastore.ClusterState;
import dev.weft.agent.datastore.Rejection;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The Kubernetes datastore against fabric8's CRUD mock API server (TLS). */
class KubernetesDatastoreTest {
    static String node(String name, String podCidr, String ip) {
        return """
                apiVersion: v1
                kind: Node
                metadata: {name: %s, labels: {rack: a}}
                spec: {podCIDRs: [%s]}
                status: {addresses: [{type: InternalIP, address: %s}]}
                """.formatted(name, podCidr, ip);
    }

    static String pod(String name, String node, String ip) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: default, labels: {app: %s}}
                spec: {nodeName: %s, containers: [{name: c, image: busybox}]}
                status: {podIP: %s, podIPs: [{ip: %s}], conditions: [{type: Ready, status: "True"}]}
                """.formatted(name, name, node, ip, ip);
    }

    static String peer(String name, String ip, long as) {
        return """
                apiVersion: weft.dev/v1
                kind: BGPPeer
                metadata: {name: %s}
                spec: {peerIP: %s, asNumber: %d, holdTime: 9, keepaliveTime: 3s}
                """.formatted(name, ip, as);
    }

    static final String NAMESPACE = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: default, labels: {team: x}}
            """;
    static final String CONFIG = """
            apiVersion: weft.dev/v1
            kind: BGPConfiguration
            metadata: {name: default}
            spec: {asNumber: 64512, listenPort: 1179}
            """;
    static final String POOL = """
            apiVersion: weft.dev/v1
            kind: IPPool
            metadata: {name: pool}
            spec: {cidr: 10.244.0.0/16, blockSize: 24}
            """;
    static final String POLICY = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: deny, namespace: default}
            spec: {podSelector: {}, policyTypes: [Ingress]}
            """;

    static void apply(KubernetesClient c, String... yaml) {
        for (String y : yaml) {
            c.resource(y).createOr(NonDeletingOperation::update);
        }
    }

    static KubernetesDatastore datastore(KubernetesClient c, List<ClusterState> seen, Duration outageGrace) {
        return new KubernetesDatastore(c, "n1", "weft-system", seen::add, Duration.ofMillis(20), outageGrace);
    }

    @Test
    void objectsCreatedUpdatedAndDeletedThroughTheApiReachTheState() throws Exception {
        try (MockApi api = new MockApi()) {
            KubernetesClient c = api.client();
            apply(c, node("n1", "10.244.1.0/24", "172.31.1.1"), node("n2", "10.244.2.0/24", "172.31.1.2"), NAMESPACE,
                    pod("p1", "n1", "10.244.1.5"), pod("p2", "n2", "10.244.2.5"), CONFIG, peer("tor", "172.31.0.1", 65000),
                    POOL);
            List<ClusterState> seen = new CopyOnWriteArrayList<>();
            try (KubernetesDatastore ds = datastore(api.client(), seen, Duration.ofSeconds(2)).start()) {
                assertThat(ds.awaitSynced(Duration.ofSeconds(30))).isTrue();
                // The first snapshot is already complete: every informer had listed.
                ClusterState first = seen.get(0);
                assertThat(first.nodes()).containsOnlyKeys("n1", "n2");
                assertThat(first.bgpPeers()).containsOnlyKeys("tor");
                assertThat(first.bgpPeers().get("tor").holdTimeSeconds()).isEqualTo(9);
                assertThat(first.defaultBgpConfiguration().flatMap(b -> b.listenPort())).contains(1179);
                assertThat(first.resources("IPPool")).containsOnlyKeys("pool");
                assertThat(first.resources("Namespace")).containsOnlyKeys("default");
                // Without a NetworkPolicy only this node's Pods are watched.
                assertThat(first.resources("Pod")).containsOnlyKeys("default/p1");
                assertThat(first.resources("Pod").get("default/p1").body().at("/status/podIP").asText())
                        .isEqualTo("10.244.1.5");
                assertThat(first.resources("Pod").get("default/p1").body().at("/status/conditions").isMissingNode())
                        .isTrue();
                assertThat(first.rejections()).isEmpty();
                assertThat(api.nodeNameSelectors()).contains("n1");

                apply(c, peer("tor", "172.31.0.1", 65010));
                assertThat(await(() -> ds.current().bgpPeers().get("tor").asNumber() == 65010)).isTrue();

                apply(c, POLICY);
                assertThat(await(() -> ds.current().resources("Pod").containsKey("default/p2"))).isTrue();
                assertThat(ds.current().resources("NetworkPolicy")).containsOnlyKeys("default/deny");

                c.resource(POLICY).delete();
                assertThat(await(() -> ds.current().resources("NetworkPolicy").isEmpty()
                        && ds.current().resources("Pod").keySet().equals(java.util.Set.of("default/p1")))).isTrue();

                c.resource(peer("tor", "172.31.0.1", 65010)).delete();
                c.nodes().withName("n2").delete();
                assertThat(await(() -> ds.current().bgpPeers().isEmpty() && !ds.current().nodes().containsKey("n2")))
                        .isTrue();
                assertThat(ds.health().healthy()).isTrue();
                assertThat(ds.health().snapshots()).isEqualTo(seen.size());
            }
        }
    }

    @Test
    void nothingIsDeliveredBeforeTheFirstSyncEvenWhenTheApiServerIsDownAtStart() throws Exception {
        try (MockApi api = new MockApi()) {
            KubernetesClient c = api.client();
            apply(c, node("n1", "10.244.1.0/24", "172.31.1.1"));
            api.stop();
            List<ClusterState> seen = new CopyOnWriteArrayList<>();
            try (KubernetesDatastore ds = datastore(c, seen, Duration.ofSeconds(1)).start()) {
                assertThat(await(() -> ds.health().outage())).isTrue();
                assertThat(ds.synced()).isFalse();
                assertThat(ds.health().synced()).isFalse();
                assertThat(seen).isEmpty();
                assertThat(ds.current()).isEqualTo(ClusterState.empty());

                api.restart();
                assertThat(ds.awaitSynced(Duration.ofSeconds(30))).isTrue();
                assertThat(ds.current().nodes()).containsOnlyKeys("n1");
                assertThat(await(() -> !ds.health().outage())).isTrue();
                assertThat(ds.health().lastError()).isPresent();
            }
        }
    }

    @Test
    void anOutageKeepsTheLastStateAndTheRelistAfterwardsCatchesUp() throws Exception {
        try (MockApi api = new MockApi()) {
            KubernetesClient c = api.client();
            apply(c, node("n1", "10.244.1.0/24", "172.31.1.1"), pod("p1", "n1", "10.244.1.5"),
                    peer("tor", "172.31.0.1", 65000), peer("spine", "172.31.0.2", 65001));
            List<ClusterState> seen = new CopyOnWriteArrayList<>();
            try (KubernetesDatastore ds = datastore(api.client(), seen, Duration.ofSeconds(1)).start()) {
                assertThat(ds.awaitSynced(Duration.ofSeconds(30))).isTrue();
                assertThat(await(() -> ds.health().healthy())).isTrue();
                ClusterState before = ds.current();
                int delivered = seen.size();

                api.stop();
                assertThat(await(() -> ds.health().outage())).isTrue();
                // Objects change while this agent cannot see the API server.
                KubernetesClient side = api.sideClient();
                side.resource(peer("spine", "172.31.0.2", 65001)).delete();
                apply(side, node("n3", "10.244.3.0/24", "172.31.1.3"));
                Thread.sleep(500);
                assertThat(ds.current()).isEqualTo(before);
                assertThat(seen).hasSize(delivered);
                assertThat(ds.health().synced()).isTrue();
                assertThat(ds.health().lastError()).isPresent();

                api.restart();
                // The informers reconnect and relist: the missed delete and create are seen.
                assertThat(await(() -> ds.current().nodes().containsKey("n3")
                        && !ds.current().bgpPeers().containsKey("spine"))).isTrue();
                assertThat(ds.current().bgpPeers()).containsOnlyKeys("tor");
                assertThat(ds.current().resources("Pod")).containsOnlyKeys("default/p1");
                assertThat(await(() -> !ds.health().outage())).isTrue();
                // And the watches work again.
                apply(c, node("n4", "10.244.4.0/24", "172.31.1.4"));
                assertThat(await(() -> ds.current().nodes().containsKey("n4"))).isTrue();
            }
        }
    }

    @Test
    void invalidWeftObjectsAreRejectedVisiblyAndTheOthersKept() throws Exception {
        try (MockApi api = new MockApi()) {
            KubernetesClient c = api.client();
            apply(c, peer("good", "172.31.0.1", 65000), peer("as-zero", "172.31.0.2", 0),
                    peer("as-big", "172.31.0.3", 4294967296L), peer("bad-ip", "172.31.0.300", 65000), """
                    apiVersion: weft.dev/v1
                    kind: BGPPeer
                    metadata: {name: hold-two}
                    spec: {peerIP: 172.31.0.4, asNumber: 65000, holdTime: 2}
                    """, """
                    apiVersion: weft.dev/v1
                    kind: BGPPeer
                    metadata: {name: keepalive-over-hold}
                    spec: {peerIP: 172.31.0.5, asNumber: 65000, holdTime: 9, keepaliveTime: 10}
                    """, """
                    apiVersion: weft.dev/v1
                    kind: IPPool
                    metadata: {name: host-bits}
                    spec: {cidr: 10.244.0.1/16}
                    """, """
                    apiVersion: weft.dev/v1
                    kind: IPPool
                    metadata: {name: block-too-short}
                    spec: {cidr: 10.245.0.0/16, blockSize: 8}
                    """, """
                    apiVersion: weft.dev/v1
                    kind: BGPConfiguration
                    metadata: {name: default}
                    spec: {asNumber: 0}
                    """, POOL);
            List<ClusterState> seen = new CopyOnWriteArrayList<>();
            try (KubernetesDatastore ds = datastore(api.client(), seen, Duration.ofSeconds(2)).start()) {
                assertThat(ds.awaitSynced(Duration.ofSeconds(30))).isTrue();
                ClusterState s = ds.current();
                assertThat(s.bgpPeers()).containsOnlyKeys("good");
                assertThat(s.resources("IPPool")).containsOnlyKeys("pool");
                assertThat(s.bgpConfigurations()).isEmpty();
                assertThat(s.rejections()).extracting(Rejection::toString)
                        .anySatisfy(r -> assertThat(r).contains("BGPPeer as-zero").contains("out of range 1-4294967295"))
                        .anySatisfy(r -> assertThat(r).contains("BGPPeer as-big").contains("out of range"))
                        .anySatisfy(r -> assertThat(r).contains("BGPPeer bad-ip").contains("spec.peerIP"))
                        .anySatisfy(r -> assertThat(r).contains("BGPPeer hold-two").contains("must be 0 or 3-65535"))
                        .anySatisfy(r -> assertThat(r).contains("keepalive-over-hold").contains("spec.keepaliveTime"))
                        .anySatisfy(r -> assertThat(r).contains("IPPool host-bits").contains("host bits"))
                        .anySatisfy(r -> assertThat(r).contains("IPPool block-too-short").contains("spec.blockSize"))
                        .anySatisfy(r -> assertThat(r).contains("BGPConfiguration default").contains("spec.asNumber"));
                assertThat(s.rejections()).hasSize(8);

                // Fixing an object through the API makes it valid without touching the others.
                apply(c, peer("as-zero", "172.31.0.2", 65002));
                assertThat(await(() -> ds.current().bgpPeers().containsKey("as-zero"))).isTrue();
                assertThat(ds.current().bgpPeers()).containsOnlyKeys("good", "as-zero");
                assertThat(ds.current().rejections()).hasSize(7);
            }
        }
    }

    @Test
    void bgpPeerPasswordsComeFromSecretsOfTheAgentsNamespace() throws Exception {
        try (MockApi api = new MockApi()) {
            KubernetesClient c = api.client();
            apply(c, """
                    apiVersion: weft.dev/v1
                    kind: BGPPeer
                    metadata: {name: tor}
                    spec:
                      peerIP: 172.31.0.1
                      asNumber: 65000
                      password: {secretKeyRef: {name: bgp-auth, key: tor}}
                      gracefulRestart: true
                      restartTime: 90s
                      ebgpMultihop: 2
                      sourceAddress: 172.31.1.1
                    """, """
                    apiVersion: v1
                    kind: Secret
                    metadata: {name: bgp-auth, namespace: other}
                    data: {tor: c2VjcmV0}
                    """);
            List<ClusterState> seen = new CopyOnWriteArrayList<>();
            try (KubernetesDatastore ds = datastore(api.client(), seen, Duration.ofSeconds(2)).start()) {
                assertThat(ds.awaitSynced(Duration.ofSeconds(30))).isTrue();
                // The Secret of another namespace does not count.
                assertThat(ds.current().bgpPeers()).isEmpty();
                assertThat(ds.current().rejections()).extracting(Rejection::toString)
                        .anySatisfy(r -> assertThat(r).contains("BGPPeer tor").contains("Secret 'bgp-auth' not found"));

                apply(c, """
                        apiVersion: v1
                        kind: Secret
                        metadata: {name: bgp-auth, namespace: weft-system}
                        data: {tor: c2VjcmV0}
                        """);
                assertThat(await(() -> ds.current().bgpPeers().containsKey("tor"))).isTrue();
                var p = ds.current().bgpPeers().get("tor");
                assertThat(p.password()).hasValueSatisfying(pw -> assertThat(pw.value()).isEqualTo("secret"));
                assertThat(p.password().get().toString()).doesNotContain("secret\"").contains("redacted");
                assertThat(p.gracefulRestart()).isTrue();
                assertThat(p.restartTimeSeconds()).isEqualTo(90);
                assertThat(p.ebgpMultihop()).contains(2);
                assertThat(p.sourceAddress().map(a -> a.getHostAddress())).contains("172.31.1.1");
                assertThat(ds.current().resources("Secret")).isEmpty();
            }
        }
    }
}
