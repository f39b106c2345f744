package dev.weft.agent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.weft.agent.datastore.Resource;
import dev.weft.common.net.IpAddresses;
import dev.weft.policy.input.ContainerPort;
import dev.weft.policy.input.LabelSelector;
import dev.weft.policy.input.LabelSelectorRequirement;
import dev.weft.policy.input.NetworkPolicyInfo;
import dev.weft.policy.input.PeerInfo;
import dev.weft.policy.input.PodInfo;
import dev.weft.policy.input.PortInfo;
import dev.weft.policy.input.RuleInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyInputsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Resource resource(String yaml) throws Exception {
        JsonNode n = YAML.readTree(yaml);
        String kind = n.path("kind").asText();
        String ns = n.path("metadata").path("namespace").asText(kind.equals("Namespace") ? "" : "default");
        return new Resource(kind, ns, n.path("metadata").path("name").asText(), n, Path.of("/d/" + kind + ".yaml"));
    }

    static PolicyInputs.Result convert(String... yamls) throws Exception {
        List<Resource> rs = new java.util.ArrayList<>();
        for (String y : yamls) {
            rs.add(resource(y));
        }
        return PolicyInputs.fromResources(rs);
    }

    @Test
    void podKeepsLabelsIpsNodeAndContainerPorts() throws Exception {
        PolicyInputs.Result r = convert("""
                kind: Pod
                metadata: {namespace: x, name: a, labels: {app: web}}
                spec:
                  nodeName: node-1
                  containers:
                  - name: c1
                    ports:
                    - {name: http, containerPort: 80, protocol: TCP}
                    - {containerPort: 53, protocol: UDP}
                  - name: c2
                    ports:
                    - {name: metrics, containerPort: 9090}
                status:
                  phase: Running
                  podIP: 10.244.1.2
                  podIPs: [{ip: 10.244.1.2}, {ip: "fd00::2"}]
                """);
        assertThat(r.rejections()).isEmpty();
        PodInfo p = r.state().pods().get(0);
        assertThat(p.namespace()).isEqualTo("x");
        assertThat(p.name()).isEqualTo("a");
        assertThat(p.labels()).isEqualTo(Map.of("app", "web"));
        assertThat(p.nodeName()).isEqualTo("node-1");
        assertThat(p.ips()).containsExactly(IpAddresses.parse("10.244.1.2"), IpAddresses.parse("fd00::2"));
        assertThat(p.containerPorts()).containsExactly(new ContainerPort("http", 80, "TCP"),
                new ContainerPort(null, 53, "UDP"), new ContainerPort("metrics", 9090, null));
    }

    @Test
    void podFallsBackToPodIpAndMayHaveNone() throws Exception {
        PolicyInputs.Result r = convert("""
                kind: Pod
                metadata: {namespace: x, name: a}
                status: {podIP: 10.244.1.9}
                """, """
                kind: Pod
                metadata: {namespace: x, name: pending}
                status: {phase: Pending}
                """);
        assertThat(r.state().pods()).hasSize(2);
        assertThat(r.state().pods().get(0).ips()).containsExactly(IpAddresses.parse("10.244.1.9"));
        assertThat(r.state().pods().get(1).ips()).isEmpty();
        assertThat(r.state().pods().get(1).nodeName()).isNull();
    }

    @Test
    void hostNetworkAndFinishedPodsAreLeftOut() throws Exception {
        PolicyInputs.Result r = convert("""
                kind: Pod
                metadata: {namespace: x, name: host}
                spec: {hostNetwork: true, containers: [{name: c}]}
                status: {phase: Running, podIP: 172.31.1.2}
                """, """
                kind: Pod
                metadata: {namespace: x, name: done}
                status: {phase: Succeeded, podIP: 10.244.1.3}
                """, """
                kind: Pod
                metadata: {namespace: x, name: failed}
                status: {phase: Failed, podIP: 10.244.1.4}
                """, """
                kind: Pod
                metadata: {namespace: x, name: running}
                status: {phase: Running, podIP: 10.244.1.3}
                """);
        assertThat(r.rejections()).isEmpty();
        assertThat(r.state().pods()).extracting(PodInfo::name).containsExactly("running");
    }

    @Test
    void unconvertibleObjectsAreRejectedOthersKept() throws Exception {
        PolicyInputs.Result r = convert("""
                kind: Pod
                metadata: {namespace: x, name: badip}
                status: {podIP: 10.244.1.999}
                """, """
                kind: Pod
                metadata: {namespace: x, name: badport}
                spec: {containers: [{name: c, ports: [{containerPort: eighty}]}]}
                """, """
                kind: NetworkPolicy
                metadata: {namespace: x, name: badtype}
                spec: {podSelector: {}, ingress: "everything"}
                """, """
                kind: Pod
                metadata: {namespace: x, name: good}
                status: {podIP: 10.244.1.5}
                """);
        assertThat(r.state().pods()).extracting(PodInfo::name).containsExactly("good");
        assertThat(r.state().policies()).isEmpty();
        assertThat(r.rejections()).extracting(InputRejection::object)
                .containsExactly("Pod x/badip", "Pod x/badport", "NetworkPolicy x/badtype");
        assertThat(r.rejections().get(0).reason()).contains("status.podIP").contains("10.244.1.999");
        assertThat(r.rejections().get(0).source()).isEqualTo("Pod.yaml");
    }

    @Test
    void namespacesGetTheirMetadataNameLabel() throws Exception {
        PolicyInputs.Result r = convert("""
                kind: Namespace
                metadata: {name: x, labels: {team: a, kubernetes.io/metadata.name: wrong}}
                """, """
                kind: Namespace
                metadata: {name: y}
                """);
        assertThat(r.state().namespaces().get(0).labels())
                .isEqualTo(Map.of("team", "a", "kubernetes.io/metadata.name", "x"));
        assertThat(r.state().namespaces().get(1).labels()).isEqualTo(Map.of("kubernetes.io/metadata.name", "y"));
    }

    @Test
    void policyTypesOmittedOrEmptyIsNullOtherwiseRaw() throws Exception {
        PolicyInputs.Result r = convert("""
                kind: NetworkPolicy
                metadata: {namespace: x, name: omitted}
                spec: {podSelector: {}}
                """, """
                kind: NetworkPolicy
                metadata: {namespace: x, name: empty}
                spec: {podSelector: {}, policyTypes: []}
                """, """
                kind: NetworkPolicy
                metadata: {namespace: x, name: raw}
                spec: {podSelector: {}, policyTypes: [Egress, ingress]}
                """);
        assertThat(r.state().policies()).extracting(NetworkPolicyInfo::policyTypes)
                .containsExactly(null, null, List.of("Egress", "ingress"));
    }

    @Test
    void emptyRuleListDiffersFromOneEmptyRule() throws Exception {
        PolicyInputs.Result r = convert("""
                kind: NetworkPolicy
                metadata: {namespace: x, name: deny}
                spec: {podSelector: {matchLabels: {app: web}}, ingress: []}
                """, """
                kind: NetworkPolicy
                metadata: {namespace: x, name: allow}
                spec: {podSelector: {}, ingress: [{}], egress: [{}]}
                """);
        NetworkPolicyInfo deny = r.state().policies().get(0);
        NetworkPolicyInfo allow = r.state().policies().get(1);
        assertThat(deny.podSelector()).isEqualTo(LabelSelector.of(Map.of("app", "web")));
        assertThat(deny.ingress()).isEmpty();
        assertThat(deny.egress()).isEmpty();
        assertThat(allow.podSelector()).isEqualTo(LabelSelector.ALL);
        assertThat(allow.ingress()).hasSize(1);
        assertThat(allow.ingress().get(0).peers()).isEmpty();
        assertThat(allow.ingress().get(0).ports()).isEmpty();
        assertThat(allow.egress()).hasSize(1);
    }

    @Test
    void peersKeepAbsentVersusEmptySelectorsAndRawStrings() throws Exception {
        PolicyInputs.Result r = convert("""
                kind: NetworkPolicy
                metadata: {namespace: x, name: p}
                spec:
                  podSelector: {}
                  ingress:
                  - from:
                    - podSelector: {}
                    - namespaceSelector: {matchExpressions: [{key: team, operator: in, values: [a]}]}
                      podSelector: {matchLabels: {app: db}}
                    - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
                    - ipBlock: {cidr: not-a-cidr}
                """);
        List<PeerInfo> peers = r.state().policies().get(0).ingress().get(0).peers();
        assertThat(peers.get(0).podSelector()).isEqualTo(LabelSelector.ALL);
        assertThat(peers.get(0).namespaceSelector()).isNull();
        assertThat(peers.get(0).ipBlock()).isNull();
        assertThat(peers.get(1).namespaceSelector().matchExpressions())
                .containsExactly(new LabelSelectorRequirement("team", "in", List.of("a")));
        assertThat(peers.get(1).podSelector()).isEqualTo(LabelSelector.of(Map.of("app", "db")));
        assertThat(peers.get(2).ipBlock().cidr()).isEqualTo("10.0.0.0/8");
        assertThat(peers.get(2).ipBlock().except()).containsExactly("10.1.0.0/16");
        assertThat(peers.get(2).podSelector()).isNull();
        assertThat(peers.get(3).ipBlock().cidr()).isEqualTo("not-a-cidr");
    }

    @Test
    void portsAreNumbersNamesRangesWithRawProtocol() throws Exception {
        PolicyInputs.Result r = convert("""
                kind: NetworkPolicy
                metadata: {namespace: x, name: p}
                spec:
                  podSelector: {}
                  egress:
                  - ports:
                    - {port: 80}
                    - {port: http, protocol: UDP}
                    - {port: 8000, endPort: 8080, protocol: SCTP}
                    - {protocol: tcp}
                    - {port: "81"}
                """);
        RuleInfo rule = r.state().policies().get(0).egress().get(0);
        assertThat(rule.peers()).isEmpty();
        assertThat(rule.ports()).containsExactly(new PortInfo(null, 80, null, null), new PortInfo("UDP", null, "http", null),
                new PortInfo("SCTP", 8000, null, 8080), new PortInfo("tcp", null, null, null),
                new PortInfo(null, null, "81", null));
    }

    @Test
    void datastoreStateIsConvertedByKind() throws Exception {
        dev.weft.agent.datastore.ResourceParser parser = new dev.weft.agent.datastore.ResourceParser();
        dev.weft.agent.datastore.ClusterState s = parser.toState(List.of(resource("""
                kind: Namespace
                metadata: {name: x}
                """), resource("""
                kind: Pod
                metadata: {name: a}
                status: {podIP: 10.244.1.2}
                """), resource("""
                kind: NetworkPolicy
                metadata: {name: p}
                spec: {podSelector: {}}
                """)), List.of());
        PolicyInputs.Result r = PolicyInputs.fromDatastore(s);
        assertThat(r.state().namespaces()).hasSize(1);
        assertThat(r.state().pods().get(0).namespace()).isEqualTo("default");
        assertThat(r.state().policies().get(0).key()).isEqualTo("default/p");
    }

    @Test
    void tenThousandPodsConvert() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Resource> rs = new java.util.ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            JsonNode pod = json.readTree(("{\"kind\":\"Pod\",\"metadata\":{\"namespace\":\"ns%d\",\"name\":\"p%d\","
                    + "\"labels\":{\"app\":\"a%d\",\"tier\":\"web\"}},\"spec\":{\"nodeName\":\"node-%d\",\"containers\":"
                    + "[{\"name\":\"c\",\"ports\":[{\"name\":\"http\",\"containerPort\":8080}]}]},"
                    + "\"status\":{\"phase\":\"Running\",\"podIP\":\"10.%d.%d.%d\"}}")
                    .formatted(i % 100, i, i % 10, i % 50, 1 + i / 65536, i / 256 % 256, i % 256));
            rs.add(new Resource("Pod", "ns" + (i % 100), "p" + i, pod, null));
        }
        long t0 = System.nanoTime();
        PolicyInputs.Result r = PolicyInputs.fromResources(rs);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("PolicyInputs: 10,000 Pods converted in " + ms + " ms");
        PolicyInputCache cache = new PolicyInputCache();
        dev.weft.agent.datastore.ClusterState s1 = new dev.weft.agent.datastore.ResourceParser().toState(rs, List.of());
        PolicyInputs.Result first = cache.convert(s1);
        List<Resource> changed = new java.util.ArrayList<>(rs);
        JsonNode relabelled = rs.get(42).body().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) relabelled.path("metadata").path("labels")).put("tier", "db");
        changed.set(42, new Resource("Pod", rs.get(42).namespace(), rs.get(42).name(), relabelled, null));
        dev.weft.agent.datastore.ClusterState s2 = new dev.weft.agent.datastore.ResourceParser().toState(changed, List.of());
        long t1 = System.nanoTime();
        PolicyInputs.Result second = cache.convert(s2);
        System.out.println("PolicyInputCache: 10,000 Pods, one relabelled, reconverted in " + (System.nanoTime() - t1) / 1_000_000 + " ms");
        PodInfo p42 = second.state().pods().stream().filter(p -> p.name().equals("p42")).findFirst().orElseThrow();
        PodInfo p43 = second.state().pods().stream().filter(p -> p.name().equals("p43")).findFirst().orElseThrow();
        assertThat(p42.labels()).containsEntry("tier", "db");
        assertThat(p43).isSameAs(first.state().pods().stream().filter(p -> p.name().equals("p43")).findFirst().orElseThrow());
        assertThat(second.state().pods()).hasSize(10_000);
        assertThat(r.rejections()).isEmpty();
        assertThat(r.state().pods()).hasSize(10_000);
        assertThat(r.state().pods().get(9_999).containerPorts()).containsExactly(new ContainerPort("http", 8080, null));
    }
}
