package dev.weft.it.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.it.lab.Lab;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Weft as an operator meets it in a cluster, with real parts only except the API server: fabric8's
 * {@link KubernetesMockServer} in CRUD mode (TLS) runs in this JVM with the Weft CRDs from {@code
 * helm/weft/crds} applied; the built {@code weft-agent} runs in namespace {@code wke-node} with
 * {@code --datastore kubernetes --kubeconfig FILE} and {@code NODE_NAME}; BIRD is its ToR in
 * {@code wke-tor}. Everything is configured through the API after the agent started.
 *
 * <p>The agent reaches the API server without any address or route in the root namespace: a
 * {@code socat} in the root namespace relays a Unix socket to the server's loopback port, and one
 * in {@code wke-node} listens on {@code 127.0.0.1:6443} and relays to that socket.
 */
class KubernetesEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NODE = "wke-node";
    private static final String TOR = "wke-tor";
    private static final String POD_NS = "wke-pod";
    private static final String NODE_IP = "172.31.201.2";
    private static final String TOR_IP = "172.31.201.1";
    private static final String POD_CIDR = "10.246.1.0/24";
    private static final String TOR_ROUTE = "10.99.7.0/24";
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private final Path root = Lab.findAbove("lab/weft-lab");

    @Test
    void agentConfiguredThroughTheApiPeersWithBirdAndEnforcesNetworkPolicy() throws Exception {
        for (String built : List.of("agent/target/weft-agent.jar", "cni-plugin/target/dist/weft")) {
            assertThat(root.resolve(built)).as("%s is built (mvn -B -pl agent,cni-plugin -am package)", built)
                    .exists();
        }
        KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), true);
        api.init();
        try (Rig rig = new Rig(); KubernetesClient client = api.createClient()) {
            for (CustomResourceDefinition crd : crds(client)) {
                client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            }
            topology(rig);
            Path kubeconfig = kubeconfig(rig, api.getPort());
            Path admin = rig.dir.resolve("admin.sock");
            Process agent = rig.start("agent", List.of("ip", "netns", "exec", NODE, "env", "NODE_NAME=" + NODE,
                    "java", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-jar", root.resolve("agent/target/weft-agent.jar").toString(),
                    "--datastore", "kubernetes", "--kubeconfig", kubeconfig.toString(),
                    "--health-listen", "127.0.0.1:9099", "--admin-socket", admin.toString(),
                    "--cni-socket", rig.dir.resolve("cni.sock").toString(),
                    "--ipam-dir", rig.dir.resolve("ipam").toString(),
                    "--bgppeer-status-interval", "1s", "--policy-resync", "2s"));
            java.util.function.Supplier<String> why = () -> "agent log:\n" + rig.log("agent") + "\nbird log:\n"
                    + rig.log("bird");

            // 1. BGP, configured through the API.
            client.resource(yaml("""
                    apiVersion: weft.dev/v1
                    kind: BGPConfiguration
                    metadata: {name: default}
                    spec: {asNumber: 64512, listenPort: 179, nodeToNodeMeshEnabled: false}
                    """)).create();
            client.resource(yaml("""
                    apiVersion: v1
                    kind: Node
                    metadata:
                      name: %s
                      labels: {kubernetes.io/hostname: %s}
                      annotations: {weft.dev/bgp-asn: "65101"}
                    spec: {podCIDR: %s, podCIDRs: [%s]}
                    status: {addresses: [{type: InternalIP, address: %s}, {type: Hostname, address: %s}]}
                    """.formatted(NODE, NODE, POD_CIDR, POD_CIDR, NODE_IP, NODE))).create();
            client.resource(yaml("""
                    apiVersion: weft.dev/v1
                    kind: BGPPeer
                    metadata: {name: tor}
                    spec: {node: %s, peerIP: %s, asNumber: 65000, holdTime: 9s, keepaliveTime: 3s}
                    """.formatted(NODE, TOR_IP))).create();

            // Not ready while the configured peer (BIRD, not started yet) is not Established.
            assertThat(Rig.await(LIMIT, () -> http(rig, "/readyz").matches("(?s)503\n.*no BGP session Established.*")))
                    .as(() -> "/readyz before BIRD runs: " + http(rig, "/readyz") + "\n" + rig.log("agent")).isTrue();
            String bird = startBird(rig);
            assertThat(Rig.await(LIMIT, () -> birdc(rig, bird, "show", "protocols", "weft").contains("Established")))
                    .as(() -> "BIRD sees the session Established\n" + why.get()).isTrue();
            assertThat(Rig.await(LIMIT, () -> birdc(rig, bird, "show", "route", POD_CIDR).contains(POD_CIDR)))
                    .as(() -> "BIRD learned the node's Pod CIDR\n" + birdc(rig, bird, "show", "route", "all")).isTrue();
            JsonNode[] status = new JsonNode[1];
            assertThat(Rig.await(LIMIT, () -> {
                status[0] = weftctlStatus(rig, admin);
                JsonNode p = peer(status[0]);
                return p != null && p.path("state").asText().equals("Established")
                        && p.path("prefixesReceived").asInt() == 1;
            })).as(() -> "weftctl status -o json: " + status[0] + "\n" + why.get()).isTrue();
            assertThat(status[0].path("node").asText()).isEqualTo(NODE);
            assertThat(status[0].path("localAs").asLong()).isEqualTo(65101);
            assertThat(status[0].path("originated").toString()).contains(POD_CIDR);
            assertThat(Rig.await(LIMIT, () -> rig.in(NODE, "ip", "route", "show", TOR_ROUTE).stdout()
                    .contains("via " + TOR_IP)))
                    .as(() -> "kernel route to the ToR prefix\n" + rig.in(NODE, "ip", "route").stdout()).isTrue();
            JsonNode[] nodes = new JsonNode[1];
            assertThat(Rig.await(LIMIT, () -> {
                GenericKubernetesResource p = client.genericKubernetesResources("weft.dev/v1", "BGPPeer")
                        .withName("tor").get();
                nodes[0] = JSON.valueToTree(p.getAdditionalProperties().getOrDefault("status", Map.of())).path("nodes");
                return nodes[0].size() == 1 && nodes[0].get(0).path("state").asText().equals("Established");
            })).as(() -> "BGPPeer status.nodes[] written by the agent: " + nodes[0] + "\n" + why.get()).isTrue();
            assertThat(nodes[0].get(0).path("node").asText()).isEqualTo(NODE);

            // 2. Health and metrics.
            assertThat(Rig.await(LIMIT, () -> http(rig, "/readyz").startsWith("200")))
                    .as(() -> "/readyz: " + http(rig, "/readyz")).isTrue();
            String metrics = http(rig, "/metrics");
            assertThat(metrics).startsWith("200");
            assertThat(metrics).containsPattern("weft_bgp_session_state\\{[^}]*peer=\"" + TOR_IP
                    + "\"[^}]*state=\"Established\"[^}]*} 1");
            assertThat(metrics).containsPattern("weft_bgp_prefixes_received\\{[^}]*peer=\"" + TOR_IP + "\"[^}]*} 1");

            // 3. A Pod wired through the CNI plugin, and a NetworkPolicy selecting it.
            client.resource(yaml("""
                    apiVersion: v1
                    kind: Namespace
                    metadata: {name: shop, labels: {kubernetes.io/metadata.name: shop}}
                    """)).create();
            String before = rig.in(NODE, "iptables-save").stdout();
            // The policy comes first: fabric8's CRUD mock cannot evaluate the agent's spec.nodeName field
            // selector for this node's Pods (it matches nothing), so without a policy (which makes the agent
            // watch all Pods) the Pod would never reach the agent (see /work/notes/k8s-findings.md).
            client.resource(yaml("""
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata: {name: web-from-client, namespace: shop}
                    spec:
                      podSelector: {matchLabels: {app: web}}
                      policyTypes: [Ingress]
                      ingress:
                      - from: [{podSelector: {matchLabels: {app: client}}}]
                        ports: [{protocol: TCP, port: 80}]
                    """)).create();
            client.resource(yaml("""
                    apiVersion: v1
                    kind: Pod
                    metadata: {name: web, namespace: shop, labels: {app: web}}
                    spec: {nodeName: %s, containers: [{name: server, image: nginx, ports: [{containerPort: 80}]}]}
                    status: {phase: Pending}
                    """.formatted(NODE))).create();
            String podIp = cniAdd(rig);
            assertThat(podIp).startsWith("10.246.1.");
            client.pods().inNamespace("shop").withName("web").editStatus(p -> {
                p.getStatus().setPhase("Running");
                p.getStatus().setPodIP(podIp);
                p.getStatus().setPodIPs(List.of(new PodIP(podIp)));
                return p;
            });
            String[] rules = new String[1];
            assertThat(Rig.await(LIMIT, () -> {
                rules[0] = rig.in(NODE, "iptables-save").stdout();
                return rules[0].contains("\"shop/web-from-client ingress[0] from[0] ports[0]\"")
                        && rules[0].contains("\"shop/web\"");
            })).as(() -> "iptables-save in " + NODE + " holds the policy for shop/web:\n" + rules[0] + "\n"
                    + rig.log("agent")).isTrue();
            // The Pod's dispatch rule names the host side of its veth, the interface its /32 is routed to.
            Matcher dispatch = Pattern.compile("-A WEFT-DISPATCH-TO -o (\\S+) .*\"shop/web\" -g (WEFT-TO-\\S+)")
                    .matcher(rules[0]);
            assertThat(dispatch.find()).as(rules[0]).isTrue();
            assertThat(rig.in(NODE, "ip", "route", "get", podIp).stdout()).contains("dev " + dispatch.group(1));
            Matcher allowRule = Pattern.compile("-A (WEFT-PI-\\S+) -p tcp .*\"shop/web-from-client ingress\\[0] "
                    + "from\\[0] ports\\[0]\" -m set --match-set (weft-\\S+) src -m tcp --dport 80 -g WEFT-ALLOW")
                    .matcher(rules[0]);
            assertThat(allowRule.find()).as(rules[0]).isTrue();
            assertThat(rules[0]).contains("-A " + dispatch.group(2) + " -m comment --comment")
                    .containsPattern("-A " + dispatch.group(2) + " .* -j " + allowRule.group(1));
            String ipset = allowRule.group(2);
            assertThat(rig.in(NODE, "ipset", "list", "-n").stdout().lines()).as("ipsets in %s", NODE).contains(ipset);
            List<String> policyChains = chains(rules[0]).stream().filter(c -> !chains(before).contains(c)).toList();
            assertThat(policyChains).contains(dispatch.group(2), allowRule.group(1));

            // 4. Deleting the policy removes its rules and its IP set.
            client.network().v1().networkPolicies().inNamespace("shop").withName("web-from-client").delete();
            assertThat(Rig.await(LIMIT, () -> {
                rules[0] = rig.in(NODE, "iptables-save").stdout();
                return policyChains.stream().noneMatch(chains(rules[0])::contains)
                        && !rules[0].contains("shop/web-from-client");
            })).as(() -> "policy chains " + policyChains + " gone:\n" + rules[0]).isTrue();
            assertThat(Rig.await(LIMIT, () -> !rig.in(NODE, "ipset", "list", "-n").stdout().lines()
                    .anyMatch(ipset::equals))).as("ipset %s removed", ipset).isTrue();
            assertThat(agent.isAlive()).as("agent still running\n%s", rig.log("agent")).isTrue();
        } finally {
            api.destroy();
        }
    }

    /** The CRDs the chart installs ({@code helm/weft/crds/*.yaml}), parsed by fabric8. */
    private List<CustomResourceDefinition> crds(KubernetesClient client) throws Exception {
        try (Stream<Path> files = Files.list(root.resolve("helm/weft/crds"))) {
            List<Path> yamls = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            assertThat(yamls).hasSizeGreaterThanOrEqualTo(3);
            return yamls.stream().map(p -> {
                try {
                    return client.getKubernetesSerialization().unmarshal(Files.readString(p),
                            CustomResourceDefinition.class);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    private static java.io.InputStream yaml(String text) {
        return new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** {@code wke-tor} —veth— {@code wke-node}; relays for the API server through a Unix socket. */
    private static void topology(Rig rig) throws Exception {
        rig.netns(TOR);
        rig.netns(NODE);
        rig.ok("ip", "-n", TOR, "link", "add", "n1", "type", "veth", "peer", "name", "uplink0", "netns", NODE);
        rig.ok("ip", "-n", TOR, "addr", "add", TOR_IP + "/24", "dev", "n1");
        rig.ok("ip", "-n", NODE, "addr", "add", NODE_IP + "/24", "dev", "uplink0");
        rig.ok("ip", "-n", TOR, "link", "set", "n1", "up");
        rig.ok("ip", "-n", NODE, "link", "set", "uplink0", "up");
        rig.ok("ip", "-n", TOR, "route", "add", "blackhole", TOR_ROUTE);
    }

    private static Path kubeconfig(Rig rig, int apiPort) throws Exception {
        Path sock = rig.dir.resolve("api.sock");
        rig.start("socat-root", List.of("socat", "UNIX-LISTEN:" + sock + ",fork", "TCP:127.0.0.1:" + apiPort));
        rig.start("socat-node", List.of("ip", "netns", "exec", NODE, "socat",
                "TCP-LISTEN:6443,bind=127.0.0.1,fork,reuseaddr", "UNIX-CONNECT:" + sock));
        Path file = rig.dir.resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster: {server: "https://127.0.0.1:6443", insecure-skip-tls-verify: true}
                users:
                - name: weft-agent
                  user: {token: wke-token}
                contexts:
                - name: mock
                  context: {cluster: mock, user: weft-agent, namespace: weft-system}
                current-context: mock
                """);
        return file;
    }

    /** BIRD 2 as the ToR (the lab's template: AS 65000, fast timers), exporting {@link #TOR_ROUTE}. */
    private static String startBird(Rig rig) throws Exception {
        Path conf = rig.dir.resolve("bird.conf");
        String ctl = rig.dir.resolve("bird.ctl").toString();
        Files.writeString(conf, """
                router id %s;
                protocol device { scan time 10; }
                protocol static own { ipv4; route %s blackhole; }
                protocol bgp weft {
                  local %s as 65000;
                  neighbor %s as 65101;
                  hold time 9; keepalive time 3; connect delay time 1; connect retry time 2; error wait time 1, 10;
                  ipv4 { import all; export all; next hop self; };
                }
                """.formatted(TOR_IP, TOR_ROUTE, TOR_IP, NODE_IP));
        rig.start("bird", List.of("ip", "netns", "exec", TOR, "bird", "-f", "-c", conf.toString(), "-s", ctl,
                "-P", rig.dir.resolve("bird.pid").toString()));
        assertThat(Rig.await(Duration.ofSeconds(10), () -> Files.exists(Path.of(ctl))))
                .as("BIRD control socket\n%s", rig.log("bird")).isTrue();
        return ctl;
    }

    private static String birdc(Rig rig, String ctl, String... cmd) {
        List<String> full = new java.util.ArrayList<>(List.of("birdc", "-s", ctl));
        full.addAll(List.of(cmd));
        return Rig.run(full, Map.of()).all();
    }

    /** {@code weftctl status -o json} through the agent's admin socket (the real launcher). */
    private JsonNode weftctlStatus(Rig rig, Path admin) {
        Rig.Result r = Rig.run(List.of(root.resolve("agent/src/main/dist/weftctl").toString(), "status", "-o", "json",
                "--socket", admin.toString()), Map.of());
        try {
            return r.exitCode() == 0 ? JSON.readTree(r.stdout()) : JSON.createObjectNode().put("error", r.all());
        } catch (java.io.IOException e) {
            return JSON.createObjectNode().put("error", r.all());
        }
    }

    private static JsonNode peer(JsonNode status) {
        for (JsonNode p : status.path("peers")) {
            if (p.path("address").asText().equals(TOR_IP)) {
                return p;
            }
        }
        return null;
    }

    /** {@code CODE\nBODY} of a GET to the agent's health endpoint, from inside its namespace. */
    private static String http(Rig rig, String path) {
        Rig.Result r = rig.in(NODE, "curl", "-s", "--max-time", "3", "-w", "\n%{http_code}",
                "http://127.0.0.1:9099" + path);
        String out = r.stdout();
        int nl = out.lastIndexOf('\n');
        return nl < 0 ? "000\n" + r.all() : out.substring(nl + 1).trim() + "\n" + out.substring(0, nl);
    }

    /** CNI ADD for shop/web with the real plugin, run in the node's namespace; returns the Pod's IPv4. */
    private String cniAdd(Rig rig) throws Exception {
        rig.netns(POD_NS);
        String conf = """
                {"cniVersion": "1.0.0", "name": "weft", "type": "weft", "mtu": 1500}
                """;
        Rig.Result r = Rig.run(List.of("ip", "netns", "exec", NODE,
                        root.resolve("cni-plugin/target/dist/weft").toString()),
                Map.of("CNI_COMMAND", "ADD", "CNI_CONTAINERID", "wke0000000000000000000000000000000000000000000001",
                        "CNI_NETNS", "/var/run/netns/" + POD_NS, "CNI_IFNAME", "eth0", "CNI_PATH", "/usr/lib/cni",
                        "CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=shop;K8S_POD_NAME=web",
                        "WEFT_CNI_SOCKET", rig.dir.resolve("cni.sock").toString()), conf);
        assertThat(r.exitCode()).as("CNI ADD: %s\n%s", r.all(), rig.log("agent")).isZero();
        String address = JSON.readTree(r.stdout()).path("ips").path(0).path("address").asText();
        return address.substring(0, address.indexOf('/'));
    }

    /** Chain names declared in {@code iptables-save} output ({@code :NAME ...}) that are Weft's. */
    private static List<String> chains(String save) {
        return save.lines().filter(l -> l.startsWith(":WEFT-")).map(l -> l.substring(1, l.indexOf(' '))).distinct()
                .toList();
    }
}
