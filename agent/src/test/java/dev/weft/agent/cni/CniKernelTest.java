package dev.weft.agent.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.common.net.IpPrefix;
import dev.weft.ipam.Ipam;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CNI calls exactly as a runtime makes them — the real {@code weft} launcher as a child process,
 * env + stdin JSON — against a {@link CniServer} in this JVM with real routed wiring. The node
 * side (host veth ends, host routes) lives in namespace {@code weft-tc-node}, Pods in
 * {@code weft-tc-*}; nothing is created in the root namespace.
 */
@Tag("kernel")
class CniKernelTest {
    private static final String PREFIX = "weft-tc-";
    private static final String NODE = PREFIX + "node";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path dir;
    private static Ipam ipam;
    private static RoutedPodNetworkDriver driver;
    private static CniServer server;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root for network namespaces");
        deleteLeftovers();
        netns(NODE);
        sh("ip", "netns", "exec", NODE, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        // Like a real node, the node namespace has a default route (here into a veth pair that
        // stays inside it): proxy ARP answers for 169.254.1.1 only if the node has a route to it
        // through another interface than the Pod's.
        sh("ip", "-n", NODE, "link", "add", "uplink0", "type", "veth", "peer", "name", "uplink1");
        sh("ip", "-n", NODE, "addr", "add", "192.0.2.1/30", "dev", "uplink0");
        sh("ip", "-n", NODE, "link", "set", "uplink0", "up");
        sh("ip", "-n", NODE, "link", "set", "uplink1", "up");
        sh("ip", "-n", NODE, "route", "add", "default", "via", "192.0.2.2", "dev", "uplink0");
        dir = Files.createTempDirectory("weft-cni-kernel");
        ipam = Ipam.open(dir.resolve("ipam"), List.of(IpPrefix.parse("10.250.1.0/24")));
        driver = new RoutedPodNetworkDriver(Optional.of(Path.of("/var/run/netns", NODE)), 87);
        server = CniServer.start(dir.resolve("cni.sock"), new CniHandler(ipam, driver, PodPolicyHook.NO_OP, PodIpListener.NO_OP));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
            if (driver != null) {
                driver.close();
            }
        } finally {
            deleteLeftovers();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static String sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    private static boolean ok(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    private static Path netns(String name) throws Exception {
        ok("ip", "netns", "del", name);
        sh("ip", "netns", "add", name);
        sh("ip", "-n", name, "link", "set", "lo", "up");
        return Path.of("/var/run/netns", name);
    }

    private static void deleteLeftovers() throws Exception {
        for (String line : sh("ip", "netns", "list").split("\n")) {
            String n = line.trim().split("\\s+")[0];
            if (n.startsWith(PREFIX)) {
                ok("ip", "netns", "del", n);
            }
        }
    }

    private static String conf(String version) {
        return "{\"cniVersion\":\"" + version + "\",\"name\":\"weft\",\"type\":\"weft\",\"mtu\":1400}";
    }

    private static Map<String, String> env(String command, String cid, Path netns) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", cid);
        if (netns != null) {
            env.put("CNI_NETNS", netns.toString());
        }
        env.put("CNI_IFNAME", "eth0");
        env.put("CNI_PATH", "/opt/cni/bin:/usr/lib/cni");
        env.put("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=x;K8S_POD_NAME=" + cid + ";K8S_POD_INFRA_CONTAINER_ID=" + cid);
        env.put("WEFT_CNI_SOCKET", server.socket().toString());
        return env;
    }

    private static CniPluginProcess.Result plugin(Map<String, String> env, String stdin) throws Exception {
        return CniPluginProcess.run(env, stdin);
    }

    private static JsonNode ok(CniPluginProcess.Result r) throws Exception {
        assertThat(r.exitCode()).as("stdout=%s stderr=%s", r.stdout(), r.stderr()).isZero();
        return r.stdout().isEmpty() ? null : JSON.readTree(r.stdout());
    }

    private static void assertCode(CniPluginProcess.Result r, int code) throws Exception {
        assertThat(r.exitCode()).as(r.stdout()).isEqualTo(1);
        assertThat(r.stderr()).as("errors go to stdout, not stderr").isEmpty();
        assertThat(JSON.readTree(r.stdout()).get("code").asInt()).as(r.stdout()).isEqualTo(code);
    }

    private static String podIp(JsonNode result) {
        return result.get("ips").get(0).get("address").asText().replace("/32", "");
    }

    private static boolean nodeHasLink(String name) throws Exception {
        return ok("ip", "-n", NODE, "link", "show", "dev", name);
    }

    // ------------------------------------------------------------------ tests

    @Test
    void addCheckDelRoundTripWiresTwoPodsThatReachEachOther() throws Exception {
        Path p1 = netns(PREFIX + "rt1");
        Path p2 = netns(PREFIX + "rt2");
        JsonNode r1 = ok(plugin(env("ADD", "rt1", p1), conf("1.1.0")));
        JsonNode r2 = ok(plugin(env("ADD", "rt2", p2), conf("1.1.0")));
        String host1 = RoutedPodNetworkDriver.hostIfName("rt1", "eth0");
        String ip1 = podIp(r1);
        String ip2 = podIp(r2);

        // result describes the kernel state
        assertThat(r1.get("interfaces").get(0).get("name").asText()).isEqualTo(host1);
        assertThat(r1.get("interfaces").get(1).get("sandbox").asText()).isEqualTo(p1.toString());
        assertThat(sh("ip", "-n", NODE, "link", "show", "dev", host1))
                .contains(r1.get("interfaces").get(0).get("mac").asText()).contains("mtu 1400").contains("state UP");
        assertThat(sh("ip", "-n", PREFIX + "rt1", "link", "show", "dev", "eth0"))
                .contains(r1.get("interfaces").get(1).get("mac").asText()).contains("mtu 1400");
        assertThat(sh("ip", "-n", PREFIX + "rt1", "-4", "addr", "show", "dev", "eth0")).contains("inet " + ip1 + "/32");
        assertThat(sh("ip", "-n", PREFIX + "rt1", "route", "show"))
                .contains("default via 169.254.1.1 dev eth0").contains("169.254.1.1 dev eth0");
        assertThat(sh("ip", "-n", NODE, "route", "show", "proto", "87")).contains(ip1 + " dev " + host1);
        assertThat(sh("ip", "netns", "exec", NODE, "cat", "/proc/sys/net/ipv4/conf/" + host1 + "/proxy_arp").trim()).isEqualTo("1");
        assertThat(ok("ip", "link", "show", "dev", host1)).as("nothing in the root namespace").isFalse();

        // traffic between the two Pods is routed by the node namespace
        assertThat(ok("ip", "netns", "exec", PREFIX + "rt1", "ping", "-c", "1", "-W", "3", ip2)).isTrue();

        // CHECK with the ADD result as prevResult
        String check = "{\"cniVersion\":\"1.1.0\",\"name\":\"weft\",\"type\":\"weft\",\"mtu\":1400,\"prevResult\":" + r1 + "}";
        assertThat(ok(plugin(env("CHECK", "rt1", p1), check))).isNull();

        // DEL removes everything of rt1 and keeps rt2
        assertThat(ok(plugin(env("DEL", "rt1", p1), conf("1.1.0")))).isNull();
        assertThat(nodeHasLink(host1)).isFalse();
        assertThat(ok("ip", "-n", PREFIX + "rt1", "link", "show", "dev", "eth0")).isFalse();
        assertThat(sh("ip", "-n", NODE, "route", "show", "proto", "87")).doesNotContain(ip1 + " ").contains(ip2 + " ");
        assertThat(ipam.find("rt1", "eth0")).isEmpty();
        assertCode(plugin(env("CHECK", "rt1", p1), check), 102);
        ok(plugin(env("DEL", "rt2", p2), conf("1.1.0")));
    }

    @Test
    void parallelAddsAndDelsThroughThePluginWireDistinctPods() throws Exception {
        int n = 8;
        List<Path> namespaces = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            namespaces.add(netns(PREFIX + "par" + i));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            List<java.util.concurrent.Future<CniPluginProcess.Result>> adds = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                Map<String, String> env = env("ADD", "par" + i, namespaces.get(i));
                adds.add(pool.submit(() -> plugin(env, conf("1.1.0"))));
            }
            java.util.Set<String> ips = new java.util.HashSet<>();
            for (int i = 0; i < n; i++) {
                JsonNode r = ok(adds.get(i).get());
                ips.add(podIp(r));
                assertThat(nodeHasLink(RoutedPodNetworkDriver.hostIfName("par" + i, "eth0"))).isTrue();
            }
            assertThat(ips).hasSize(n);
            List<java.util.concurrent.Future<CniPluginProcess.Result>> dels = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                Map<String, String> env = env("DEL", "par" + i, namespaces.get(i));
                dels.add(pool.submit(() -> plugin(env, conf("1.1.0"))));
            }
            for (int i = 0; i < n; i++) {
                ok(dels.get(i).get());
                assertThat(nodeHasLink(RoutedPodNetworkDriver.hostIfName("par" + i, "eth0"))).isFalse();
                assertThat(ipam.find("par" + i, "eth0")).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void dualStackPodsReachEachOtherOverIpv4AndIpv6() throws Exception {
        sh("ip", "netns", "exec", NODE, "sysctl", "-q", "-w", "net.ipv6.conf.all.forwarding=1");
        Ipam dualStack = Ipam.open(dir.resolve("ipam-ds"),
                List.of(IpPrefix.parse("10.250.2.0/24"), IpPrefix.parse("fd00:250:2::/120")));
        Path p1 = netns(PREFIX + "ds1");
        Path p2 = netns(PREFIX + "ds2");
        try (RoutedPodNetworkDriver d = new RoutedPodNetworkDriver(Optional.of(Path.of("/var/run/netns", NODE)), 87);
                CniServer s = CniServer.start(dir.resolve("ds.sock"),
                        new CniHandler(dualStack, d, PodPolicyHook.NO_OP, PodIpListener.NO_OP))) {
            Map<String, String> e1 = env("ADD", "ds1", p1);
            Map<String, String> e2 = env("ADD", "ds2", p2);
            e1.put("WEFT_CNI_SOCKET", s.socket().toString());
            e2.put("WEFT_CNI_SOCKET", s.socket().toString());
            JsonNode r1 = ok(plugin(e1, conf("1.1.0")));
            JsonNode r2 = ok(plugin(e2, conf("1.1.0")));
            assertThat(r1.get("ips")).extracting(ip -> ip.get("address").asText())
                    .containsExactly("10.250.2.2/32", "fd00:250:2::2/128");
            assertThat(r1.get("routes")).extracting(rt -> rt.get("dst").asText() + " " + rt.get("gw").asText())
                    .containsExactly("0.0.0.0/0 169.254.1.1", "::/0 fe80::1");
            assertThat(sh("ip", "-n", PREFIX + "ds1", "-6", "route", "show")).contains("default via fe80::1 dev eth0");
            String v6of2 = r2.get("ips").get(1).get("address").asText().replace("/128", "");
            assertThat(ok("ip", "netns", "exec", PREFIX + "ds1", "ping", "-6", "-c", "1", "-W", "3", v6of2)).isTrue();
            assertThat(ok("ip", "netns", "exec", PREFIX + "ds1", "ping", "-c", "1", "-W", "3", podIp(r2))).isTrue();
            e1.put("CNI_COMMAND", "CHECK");
            ok(plugin(e1, "{\"cniVersion\":\"1.1.0\",\"name\":\"weft\",\"type\":\"weft\",\"mtu\":1400,\"prevResult\":" + r1 + "}"));
            e1.put("CNI_COMMAND", "DEL");
            e2.put("CNI_COMMAND", "DEL");
            ok(plugin(e1, conf("1.1.0")));
            ok(plugin(e2, conf("1.1.0")));
            assertThat(dualStack.leases()).isEmpty();
            assertThat(sh("ip", "-n", NODE, "-6", "route", "show", "proto", "87")).doesNotContain("fd00:250:2::");
        }
    }

    @Test
    void checkSeesKernelDriftAndAddRepairsAPartialAttachment() throws Exception {
        Path p = netns(PREFIX + "drift");
        JsonNode r = ok(plugin(env("ADD", "drift", p), conf("1.0.0")));
        String host = RoutedPodNetworkDriver.hostIfName("drift", "eth0");
        String ip = podIp(r);
        String check = "{\"cniVersion\":\"1.0.0\",\"name\":\"weft\",\"type\":\"weft\",\"mtu\":1400,\"prevResult\":" + r + "}";
        sh("ip", "-n", NODE, "route", "del", ip + "/32", "dev", host);
        CniPluginProcess.Result drift = plugin(env("CHECK", "drift", p), check);
        assertCode(drift, 102);
        assertThat(JSON.readTree(drift.stdout()).get("details").asText()).contains("host route " + ip + "/32 dev " + host);

        sh("ip", "-n", NODE, "link", "del", host); // takes the Pod's eth0 with it: a partial attachment
        JsonNode again = ok(plugin(env("ADD", "drift", p), conf("1.0.0")));
        assertThat(podIp(again)).isEqualTo(ip);
        assertThat(ok(plugin(env("CHECK", "drift", p),
                "{\"cniVersion\":\"1.0.0\",\"name\":\"weft\",\"type\":\"weft\",\"mtu\":1400,\"prevResult\":" + again + "}")))
                .isNull();
        ok(plugin(env("DEL", "drift", p), conf("1.0.0")));
    }

    @Test
    void resultsInEachSupportedVersionsFormat() throws Exception {
        Path p = netns(PREFIX + "ver");
        for (String v : List.of("0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0")) {
            JsonNode r = ok(plugin(env("ADD", "ver", p), conf(v)));
            assertThat(r.get("cniVersion").asText()).isEqualTo(v);
            JsonNode ip = r.get("ips").get(0);
            assertThat(ip.has("version")).as(v).isEqualTo(v.startsWith("0."));
            assertThat(ip.get("interface").asInt()).isEqualTo(1);
            assertThat(r.get("interfaces").get(1).has("mtu")).as(v).isEqualTo(v.equals("1.1.0"));
            assertThat(r.get("routes").get(0).get("gw").asText()).isEqualTo("169.254.1.1");
            ok(plugin(env("DEL", "ver", p), conf(v)));
        }
    }

    @Test
    void badInputGetsTheSpecsCodesAndLeavesNothing() throws Exception {
        Path p = netns(PREFIX + "bad");
        assertCode(plugin(env("ADD", "bad", p), "{\"cniVersion\":\"1.1.0\",\"name\":"), 6);
        CniPluginProcess.Result incompatible = plugin(env("ADD", "bad", p), conf("9.9.9"));
        assertCode(incompatible, 1);
        assertThat(JSON.readTree(incompatible.stdout()).get("details").asText()).contains("\"1.1.0\"");
        Map<String, String> noNetns = env("ADD", "bad", null);
        CniPluginProcess.Result missing = plugin(noNetns, conf("1.1.0"));
        assertCode(missing, 4);
        assertThat(JSON.readTree(missing.stdout()).get("msg").asText()).isEqualTo("required env variables [CNI_NETNS] missing");
        assertCode(plugin(env("FOO", "bad", p), conf("1.1.0")), 4);
        assertCode(plugin(env("ADD", "bad", p), "{\"cniVersion\":\"1.1.0\",\"name\":\"bad name\",\"type\":\"weft\"}"), 7);
        assertThat(ipam.find("bad", "eth0")).isEmpty();
        assertThat(nodeHasLink(RoutedPodNetworkDriver.hostIfName("bad", "eth0"))).isFalse();
    }

    @Test
    void failedWiringLeavesNoVethAndNoLease() throws Exception {
        Path p = netns(PREFIX + "taken");
        // CNI_IFNAME already taken (no dummy module here: a veth pair inside the Pod namespace)
        sh("ip", "-n", PREFIX + "taken", "link", "add", "eth0", "type", "veth", "peer", "name", "eth0peer");
        CniPluginProcess.Result r = plugin(env("ADD", "taken", p), conf("1.1.0"));
        assertCode(r, 101);
        assertThat(JSON.readTree(r.stdout()).get("details").asText()).contains("eth0 already exists");
        assertThat(ipam.find("taken", "eth0")).isEmpty();
        assertThat(nodeHasLink(RoutedPodNetworkDriver.hostIfName("taken", "eth0"))).isFalse();

        Path notANetns = Files.createFile(dir.resolve("not-a-netns"));
        assertCode(plugin(env("ADD", "notns", notANetns), conf("1.1.0")), 101);
        assertThat(ipam.find("notns", "eth0")).isEmpty();
        assertThat(nodeHasLink(RoutedPodNetworkDriver.hostIfName("notns", "eth0"))).isFalse();
    }

    @Test
    void addRetriedWithTheSameContainerIdReturnsTheSameAttachment() throws Exception {
        Path p = netns(PREFIX + "again");
        CniPluginProcess.Result first = plugin(env("ADD", "again", p), conf("1.0.0"));
        CniPluginProcess.Result second = plugin(env("ADD", "again", p), conf("1.0.0"));
        assertThat(ok(second)).isEqualTo(ok(first));
        assertThat(ipam.find("again", "eth0")).hasSize(1);
        ok(plugin(env("DEL", "again", p), conf("1.0.0")));
    }

    @Test
    void delTwiceDelWithNetnsGoneAndEmptyNetnsSucceed() throws Exception {
        Path p = netns(PREFIX + "gone");
        JsonNode r = ok(plugin(env("ADD", "gone", p), conf("1.1.0")));
        String host = RoutedPodNetworkDriver.hostIfName("gone", "eth0");
        sh("ip", "netns", "del", PREFIX + "gone"); // the runtime removed the sandbox first
        assertThat(ok(plugin(env("DEL", "gone", p), conf("1.1.0")))).isNull();
        assertThat(nodeHasLink(host)).isFalse();
        assertThat(sh("ip", "-n", NODE, "route", "show", "proto", "87")).doesNotContain(podIp(r) + " ");
        assertThat(ipam.find("gone", "eth0")).isEmpty();
        assertThat(ok(plugin(env("DEL", "gone", p), conf("1.1.0")))).isNull();
        Map<String, String> containerd = env("DEL", "gone", null);
        containerd.put("CNI_NETNS", ""); // containerd's DEL
        assertThat(ok(plugin(containerd, conf("1.1.0")))).isNull();
        assertThat(ok(plugin(env("DEL", "never-added", null), conf("0.4.0")))).isNull();
    }

    @Test
    void agentUnreachableIsTryAgainLaterNamingTheSocket() throws Exception {
        Path p = netns(PREFIX + "down");
        for (String command : List.of("ADD", "DEL")) {
            Map<String, String> env = env(command, "down", p);
            Path none = dir.resolve("no-agent.sock");
            env.put("WEFT_CNI_SOCKET", none.toString());
            CniPluginProcess.Result r = plugin(env, conf("1.1.0"));
            assertCode(r, 11);
            assertThat(JSON.readTree(r.stdout()).get("details").asText()).contains(none.toString());
        }
    }

    @Test
    void versionIsAnsweredByThePluginItself() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", "VERSION");
        env.put("WEFT_CNI_SOCKET", dir.resolve("no-agent.sock").toString());
        JsonNode v = ok(plugin(env, "{\"cniVersion\":\"1.0.0\"}"));
        assertThat(v.get("supportedVersions")).extracting(JsonNode::asText)
                .containsExactly("0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0");
        CniPluginProcess.Result about = CniPluginProcess.run(Map.of(), "", "--version");
        assertThat(about.exitCode()).isZero();
        assertThat(about.stderr()).startsWith("CNI weft plugin v0.1.0\nCNI protocol versions supported: 0.3.0, 0.3.1");
    }
}
