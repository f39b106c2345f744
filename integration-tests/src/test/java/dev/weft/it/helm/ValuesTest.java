package dev.weft.it.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the chart's values turn into, and which values it refuses (with which message). */
class ValuesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Container agent(RenderedObjects o) {
        return DaemonSetTest.container(podSpec(o), "weft-agent");
    }

    private static PodSpec podSpec(RenderedObjects o) {
        return o.single(DaemonSet.class).getSpec().getTemplate().getSpec();
    }

    @Test
    void peersAndPoolsBecomeBgpPeerAndIpPoolObjects() {
        RenderedObjects o = ValueSets.PEERS_AND_POOLS.render();
        JsonNode config = RenderedObjects.tree(o.custom("BGPConfiguration").get(0)).path("spec");
        assertThat(config.path("asNumber").asLong()).isEqualTo(65010);
        assertThat(config.path("listenPort").asInt()).isEqualTo(179);
        assertThat(config.path("nodeToNodeMeshEnabled").asBoolean()).isTrue();
        assertThat(config.path("maxPaths").asInt()).isEqualTo(4);

        List<GenericKubernetesResource> peers = o.custom("BGPPeer");
        assertThat(peers).extracting(p -> p.getMetadata().getName()).containsExactly("tor-rack1", "route-reflector");
        JsonNode tor = RenderedObjects.tree(peers.get(0)).path("spec");
        assertThat(tor.path("peerIP").asText()).isEqualTo("172.31.1.1");
        assertThat(tor.path("asNumber").isIntegralNumber()).isTrue();
        assertThat(tor.path("asNumber").asLong()).isEqualTo(65000);
        assertThat(tor.path("nodeSelector").path("matchLabels").path("topology.kubernetes.io/zone").asText()).isEqualTo("rack1");
        assertThat(tor.path("holdTime").asText()).isEqualTo("9s");
        assertThat(tor.path("password").path("secretKeyRef").path("name").asText()).isEqualTo("bgp-secrets");
        assertThat(tor.has("name")).as("the list key 'name' is metadata, not spec").isFalse();
        assertThat(tor.path("maxPrefixes").asInt()).isEqualTo(10000);
        assertThat(tor.path("importFilter")).hasSize(3);
        assertThat(tor.path("importFilter").get(1).path("prefixLength").path("max").asInt()).isEqualTo(24);
        assertThat(tor.path("importFilter").get(2).path("cidr").asText()).isEqualTo("::/0");
        JsonNode rr = RenderedObjects.tree(peers.get(1)).path("spec");
        assertThat(rr.path("peerIP").asText()).isEqualTo("10.0.0.5:1179");
        assertThat(rr.path("node").asText()).isEqualTo("node-a");
        assertThat(rr.path("ebgpMultihop").asInt()).isEqualTo(2);
        assertThat(rr.path("gracefulRestart").asBoolean()).isTrue();

        List<GenericKubernetesResource> pools = o.custom("IPPool");
        assertThat(pools).extracting(p -> p.getMetadata().getName()).containsExactly("default-ipv4", "default-ipv6");
        assertThat(RenderedObjects.tree(pools.get(1)).path("spec").path("cidr").asText()).isEqualTo("fd00:10:244::/56");
        assertThat(RenderedObjects.tree(pools.get(0)).path("spec").path("blockSize").asInt()).isEqualTo(24);
    }

    @Test
    void policyOffCustomPortAndJumboMtu() throws Exception {
        RenderedObjects o = ValueSets.POLICY_OFF_CUSTOM_PORT.render();
        Container agent = agent(o);
        assertThat(agent.getArgs()).contains("--policy-enforcement=false", "--health-listen=0.0.0.0:9199")
                .doesNotContain("--policy-enforcement=true");
        assertThat(agent.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("health");
            assertThat(p.getContainerPort()).isEqualTo(9199);
        });
        assertThat(o.single(DaemonSet.class).getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scrape", "true").containsEntry("prometheus.io/port", "9199");
        assertThat(conflist(o).path("plugins").get(0).path("mtu").asInt()).isEqualTo(9000);
    }

    @Test
    void conflistIsTheChartFileWithTheMtuAndItsChecksumRollsTheAgents() throws Exception {
        JsonNode file = JSON.readTree(Files.readString(Helm.get().chart().resolve("files/10-weft.conflist")));
        RenderedObjects defaults = ValueSets.DEFAULTS.render();
        assertThat(conflist(defaults)).isEqualTo(file); // the lab uses the same file: mtu 1500
        RenderedObjects jumbo = ValueSets.POLICY_OFF_CUSTOM_PORT.render();
        JsonNode changed = conflist(jumbo);
        assertThat(changed.path("plugins").get(0).path("type").asText()).isEqualTo("weft");
        assertThat(changed.path("cniVersion")).isEqualTo(file.path("cniVersion"));
        assertThat(checksum(defaults)).isNotEqualTo(checksum(jumbo)).hasSize(64);
        assertThat(checksum(ValueSets.RESOURCES_SELECTOR_ARGS.render())).isEqualTo(checksum(defaults));
    }

    @Test
    void resourcesNodeSelectorExtraArgsAndEnvReachTheAgent() {
        RenderedObjects o = ValueSets.RESOURCES_SELECTOR_ARGS.render();
        DaemonSet ds = o.single(DaemonSet.class);
        PodSpec pod = podSpec(o);
        Container agent = agent(o);
        assertThat(agent.getResources().getRequests()).containsEntry("cpu", new Quantity("500m"))
                .containsEntry("memory", new Quantity("512Mi"));
        assertThat(agent.getResources().getLimits()).containsEntry("cpu", new Quantity("2"))
                .containsEntry("memory", new Quantity("2Gi"));
        // Helm merges maps with the defaults: the os label stays unless set to null.
        assertThat(pod.getNodeSelector()).isEqualTo(Map.of("node-role.kubernetes.io/worker", "true", "kubernetes.io/os", "linux"));
        assertThat(agent.getArgs()).endsWith("--route-resync=30s", "--startup-grace=120s").contains("--datastore=kubernetes");
        assertThat(DaemonSetTest.env(agent, "KUBERNETES_SERVICE_HOST").orElseThrow().getValue()).isEqualTo("10.0.0.10");
        assertThat(DaemonSetTest.env(agent, "KUBERNETES_SERVICE_PORT").orElseThrow().getValue()).isEqualTo("6443");
        assertThat(DaemonSetTest.env(agent, "NODE_NAME")).isPresent();
        assertThat(pod.getPriorityClassName()).isEqualTo("weft-critical");
        assertThat(ds.getSpec().getUpdateStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isEqualTo(2);
        assertThat(pod.getTolerations()).singleElement().satisfies(t -> {
            assertThat(t.getKey()).isEqualTo("dedicated");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
        String image = "registry.example.org/net/weft@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        assertThat(agent.getImage()).isEqualTo(image);
        assertThat(agent.getImagePullPolicy()).isEqualTo("Always");
        assertThat(pod.getInitContainers().get(0).getImage()).isEqualTo(image);
    }

    @Test
    void unprivilegedAgentGetsExactlyTheListedCapabilities() {
        RenderedObjects o = ValueSets.CAPABILITIES_NO_RBAC.render();
        Container agent = agent(o);
        assertThat(agent.getSecurityContext().getPrivileged()).isFalse();
        assertThat(agent.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(agent.getSecurityContext().getCapabilities().getAdd())
                .containsExactly("NET_ADMIN", "NET_RAW", "SYS_ADMIN", "NET_BIND_SERVICE");
        assertThat(podSpec(o).getHostPID()).isTrue();
        assertThat(agent.getArgs()).contains("--health-listen=[::1]:9099");
        assertThat(o.single(DaemonSet.class).getMetadata().getName()).isEqualTo("weft-net");
        assertThat(o.custom("BGPConfiguration")).isEmpty();
    }

    @Test
    void onDeleteUpdatesCarryNoRollingUpdateBlock() {
        RenderedObjects o = RenderedObjects.parse(Helm.get().template(ValueSets.RELEASE, ValueSets.NAMESPACE,
                "updateStrategy: {type: OnDelete}").orThrow(List.of("template")));
        var strategy = o.single(DaemonSet.class).getSpec().getUpdateStrategy();
        assertThat(strategy.getType()).isEqualTo("OnDelete");
        assertThat(strategy.getRollingUpdate()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            peer without peerIP      | bgp: {peers: [{name: p1, asNumber: 65000}]}          | bgp.peers[0] (p1): peerIP is required
            peer without name        | bgp: {peers: [{peerIP: 10.0.0.1, asNumber: 65000}]}  | bgp.peers[0].name is required
            peer without asNumber    | bgp: {peers: [{name: p1, peerIP: 10.0.0.1}]}         | bgp.peers[0] (p1): asNumber is required
            pool without cidr        | ipPools: [{name: pool1}]                              | ipPools[0] (pool1): cidr is required
            mtu too small            | mtu: 20                                               | mtu must be 68-65535, got 20
            mtu too large            | mtu: 70000                                            | mtu must be 68-65535, got 70000
            no service account name  | serviceAccount: {create: false}                       | serviceAccount.name is required when serviceAccount.create is false
            no image repository      | image: {repository: ''}                               | image.repository is required
            maxPaths zero            | bgp: {maxPaths: 0}                                    | bgp.maxPaths must be 1-64, got 0
            maxPaths too wide        | bgp: {maxPaths: 65}                                   | bgp.maxPaths must be 1-64, got 65
            """)
    void badValuesAreRefusedWithAClearMessage(String what, String values, String message) {
        Helm.Result r = Helm.get().template(ValueSets.RELEASE, ValueSets.NAMESPACE, values);
        assertThat(r.exitCode()).as(what).isNotZero();
        assertThat(r.stderr()).as(what).contains(message);
    }

    @Test
    void notesTellTheOperatorHowToCheckTheInstallation() {
        Helm.Result r = Helm.get().installDryRun(ValueSets.RELEASE, ValueSets.NAMESPACE, ValueSets.PEERS_AND_POOLS.yaml());
        String notes = r.orThrow(List.of("install", "--dry-run=client"));
        assertThat(notes).contains("kubectl -n weft-system get daemonset weft")
                .contains("weftctl status")
                .contains("/metrics")
                .contains("/readyz")
                .contains("tor-rack1, route-reflector")
                .contains("NetworkPolicy enforcement is ON");
        String off = Helm.get().installDryRun(ValueSets.RELEASE, ValueSets.NAMESPACE, ValueSets.POLICY_OFF_CUSTOM_PORT.yaml())
                .orThrow(List.of("install", "--dry-run=client"));
        assertThat(off).contains("NetworkPolicy enforcement is OFF").contains("0.0.0.0:9199").contains("No BGP peers");
    }

    private static JsonNode conflist(RenderedObjects o) throws Exception {
        ConfigMap cm = o.single(ConfigMap.class);
        return JSON.readTree(cm.getData().get("10-weft.conflist"));
    }

    private static String checksum(RenderedObjects o) {
        return o.single(DaemonSet.class).getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/cni-config");
    }
}
