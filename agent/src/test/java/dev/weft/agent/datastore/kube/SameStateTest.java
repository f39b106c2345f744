package dev.weft.agent.datastore.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.datastore.ClusterState;
import dev.weft.agent.datastore.DirectoryDatastore;
import dev.weft.agent.datastore.Rejection;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same objects through a directory and through the API give the same validated state. */
class SameStateTest {
    @TempDir
    Path dir;

    static final List<String> OBJECTS = List.of(
            KubernetesDatastoreTest.node("n1", "10.244.1.0/24", "172.31.1.1"),
            KubernetesDatastoreTest.node("n2", "10.244.2.0/24", "172.31.1.2"),
            KubernetesDatastoreTest.NAMESPACE, KubernetesDatastoreTest.CONFIG, KubernetesDatastoreTest.POOL,
            KubernetesDatastoreTest.POLICY,
            KubernetesDatastoreTest.pod("p1", "n1", "10.244.1.5"), KubernetesDatastoreTest.pod("p2", "n2", "10.244.2.5"),
            """
            apiVersion: weft.dev/v1
            kind: BGPPeer
            metadata: {name: tor}
            spec:
              peerIP: 172.31.0.1:1179
              asNumber: 65000
              nodeSelector: {matchExpressions: [{key: rack, operator: In, values: [a]}]}
              holdTime: 1m
              gracefulRestart: true
              ebgpMultihop: 3
              password: {secretKeyRef: {name: bgp, key: tor}}
            """, """
            apiVersion: v1
            kind: Secret
            metadata: {name: bgp, namespace: weft-system}
            data: {tor: czNjcmV0}
            """,
            KubernetesDatastoreTest.peer("as-zero", "172.31.0.2", 0));

    @Test
    void directoryAndKubernetesDatastoresAgree() throws Exception {
        for (int i = 0; i < OBJECTS.size(); i++) {
            Files.writeString(dir.resolve("o" + i + ".yaml"), OBJECTS.get(i));
        }
        List<ClusterState> seen = new CopyOnWriteArrayList<>();
        try (MockApi api = new MockApi();
                DirectoryDatastore fromDir = new DirectoryDatastore(dir, seen::add, Duration.ofMillis(10),
                        Duration.ofHours(1), "weft-system")) {
            KubernetesClient c = api.client();
            OBJECTS.forEach(o -> KubernetesDatastoreTest.apply(c, o));
            ClusterState d = fromDir.reload();
            try (KubernetesDatastore k = KubernetesDatastoreTest.datastore(api.client(), seen, Duration.ofSeconds(2))
                    .start()) {
                assertThat(k.awaitSynced(Duration.ofSeconds(30))).isTrue();
                ClusterState s = k.current();
                assertThat(s.nodes()).isEqualTo(d.nodes());
                assertThat(s.bgpPeers()).isEqualTo(d.bgpPeers()).containsOnlyKeys("tor");
                assertThat(s.bgpConfigurations()).isEqualTo(d.bgpConfigurations());
                for (String kind : List.of("Pod", "Namespace", "NetworkPolicy", "IPPool")) {
                    assertThat(s.resources(kind).keySet()).as(kind).isEqualTo(d.resources(kind).keySet());
                    s.resources(kind).forEach((key, r) -> assertThat(r.body().get("spec"))
                            .as(kind + " " + key).isEqualTo(d.resources(kind).get(key).body().get("spec")));
                }
                assertThat(s.rejections()).extracting(Rejection::object, Rejection::reason)
                        .isEqualTo(d.rejections().stream().map(r -> org.assertj.core.groups.Tuple.tuple(r.object(),
                                r.reason())).toList());
            }
        }
    }
}
