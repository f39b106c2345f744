package dev.weft.agent.cni;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.common.net.IpPrefix;
import dev.weft.ipam.Ipam;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CNI command semantics of {@link CniHandler} with a real IPAM store and an in-memory driver. */
class CniHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Ipam ipam;
    private final FakePodNetworkDriver driver = new FakePodNetworkDriver();
    private final List<String> events = new ArrayList<>();
    private RuntimeException failPolicy;
    private RuntimeException failListener;
    private CniHandler handler;
    private Path netns;

    @BeforeEach
    void setUp() throws Exception {
        ipam = Ipam.open(tmp.resolve("ipam"), List.of(IpPrefix.parse("10.244.1.0/29")));
        netns = Files.createFile(tmp.resolve("netns-file"));
        PodPolicyHook hook = new PodPolicyHook() {
            @Override
            public void attached(AttachmentRequest request, Attachment attachment) {
                events.add("policy+ " + request.containerId());
                if (failPolicy != null) {
                    throw failPolicy;
                }
            }

            @Override
            public void detached(String containerId, String ifName) {
                events.add("policy- " + containerId);
            }
        };
        PodIpListener listener = new PodIpListener() {
            @Override
            public void podAttached(String ns, String name, String cid, List<IpPrefix> addresses) {
                events.add("ip+ " + ns + "/" + name + " " + addresses);
                if (failListener != null) {
                    throw failListener;
                }
            }

            @Override
            public void podDetached(String ns, String name, String cid) {
                events.add("ip- " + ns + "/" + name);
            }
        };
        handler = new CniHandler(ipam, driver, hook, listener);
    }

    private static String conf(String version) {
        return "{\"cniVersion\":\"" + version + "\",\"name\":\"weft\",\"type\":\"weft\",\"mtu\":1450}";
    }

    private Map<String, String> env(String command, String cid) {
        Map<String, String> env = new HashMap<>();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", cid);
        env.put("CNI_NETNS", netns.toString());
        env.put("CNI_IFNAME", "eth0");
        env.put("CNI_PATH", "/opt/cni/bin");
        env.put("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=x;K8S_POD_NAME=a;K8S_POD_INFRA_CONTAINER_ID=" + cid);
        return env;
    }

    private static JsonNode json(CniResponse r) throws Exception {
        return JSON.readTree(r.stdout());
    }

    private static void assertError(CniResponse r, int code, String msg) throws Exception {
        assertThat(r.exitCode()).as(r.stdout()).isEqualTo(1);
        JsonNode e = json(r);
        assertThat(e.get("code").asInt()).as(r.stdout()).isEqualTo(code);
        assertThat(e.get("msg").asText()).isEqualTo(msg);
    }

    // ------------------------------------------------------------------ error codes

    @Test
    void malformedJsonIsDecodingFailure6() throws Exception {
        CniResponse r = handler.handle(env("ADD", "c1"), "{\"cniVersion\":");
        assertError(r, 6, "failed to decode network configuration");
        assertThat(json(r).has("details")).isTrue();
        assertThat(ipam.leases()).isEmpty();
    }

    @Test
    void nonObjectStdinIsDecodingFailure6() throws Exception {
        assertError(handler.handle(env("ADD", "c1"), "[1,2]"), 6, "failed to decode network configuration");
        assertError(handler.handle(env("ADD", "c1"), ""), 6, "failed to decode network configuration");
    }

    @Test
    void unsupportedVersionIsIncompatible1ListingSupportedVersions() throws Exception {
        CniResponse r = handler.handle(env("ADD", "c1"), conf("9.9.9"));
        assertError(r, 1, "incompatible CNI versions");
        assertThat(json(r).get("cniVersion").asText()).isEqualTo("9.9.9");
        assertThat(json(r).get("details").asText())
                .isEqualTo("config is \"9.9.9\", plugin supports [\"0.3.0\" \"0.3.1\" \"0.4.0\" \"1.0.0\" \"1.1.0\"]");
    }

    @Test
    void missingNetnsIsInvalidEnv4NamingIt() throws Exception {
        Map<String, String> env = env("ADD", "c1");
        env.remove("CNI_NETNS");
        assertError(handler.handle(env, conf("1.1.0")), 4, "required env variables [CNI_NETNS] missing");
        env.remove("CNI_CONTAINERID");
        env.put("CNI_IFNAME", "");
        assertError(handler.handle(env, conf("1.1.0")), 4,
                "required env variables [CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME] missing");
    }

    @Test
    void unknownCommandIsInvalidEnv4() throws Exception {
        assertError(handler.handle(env("FOO", "c1"), conf("1.1.0")), 4, "unknown CNI_COMMAND: FOO");
        Map<String, String> env = env("ADD", "c1");
        env.remove("CNI_COMMAND");
        assertError(handler.handle(env, conf("1.1.0")), 4, "required env variables [CNI_COMMAND] missing");
    }

    @Test
    void badEnvValuesAreInvalidEnv4() throws Exception {
        Map<String, String> env = env("ADD", "-bad");
        assertError(handler.handle(env, conf("1.1.0")), 4, "invalid CNI_CONTAINERID");
        env = env("ADD", "c1");
        env.put("CNI_IFNAME", "eth0:1");
        assertError(handler.handle(env, conf("1.1.0")), 4, "invalid CNI_IFNAME");
        env = env("ADD", "c1");
        env.put("CNI_NETNS", tmp.resolve("no-such-netns").toString());
        assertError(handler.handle(env, conf("1.1.0")), 4, "invalid CNI_NETNS");
        env.put("CNI_NETNS", "relative/path");
        assertError(handler.handle(env, conf("1.1.0")), 4, "invalid CNI_NETNS");
        assertThat(ipam.leases()).isEmpty();
    }

    @Test
    void agentsOwnNamespaceIsRefusedWithCode8UnlessOverridden() throws Exception {
        Map<String, String> env = env("ADD", "c1");
        env.put("CNI_NETNS", "/proc/self/ns/net");
        assertError(handler.handle(env, conf("1.1.0")), 8, "CNI_NETNS is the agent's own network namespace");
        env.put("CNI_NETNS_OVERRIDE", "1");
        assertThat(handler.handle(env, conf("1.1.0")).exitCode()).isZero();
    }

    @Test
    void cniArgsUnknownKeyWithoutIgnoreUnknownIsInvalidEnv4() throws Exception {
        Map<String, String> env = env("ADD", "c1");
        env.put("CNI_ARGS", "K8S_POD_NAME=a;FOO=bar");
        CniResponse r = handler.handle(env, conf("1.1.0"));
        assertError(r, 4, "invalid CNI_ARGS");
        assertThat(json(r).get("details").asText()).contains("FOO");
        env.put("CNI_ARGS", "K8S_POD_NAME");
        assertError(handler.handle(env, conf("1.1.0")), 4, "invalid CNI_ARGS");
        env.put("CNI_ARGS", "IgnoreUnknown=true;FOO=bar;K8S_POD_NAMESPACE=y;K8S_POD_NAME=b");
        assertThat(handler.handle(env, conf("1.1.0")).exitCode()).isZero();
        assertThat(ipam.leases().get(0).owner().podNamespace()).isEqualTo("y");
        assertThat(ipam.leases().get(0).owner().podName()).isEqualTo("b");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"name\":\"weft\",\"type\":\"weft\"}",
        "{\"cniVersion\":1.0,\"name\":\"weft\",\"type\":\"weft\"}",
        "{\"cniVersion\":\"1.0.0\",\"type\":\"weft\"}",
        "{\"cniVersion\":\"1.0.0\",\"name\":\"-weft\",\"type\":\"weft\"}",
        "{\"cniVersion\":\"1.0.0\",\"name\":\"a/b\",\"type\":\"weft\"}",
        "{\"cniVersion\":\"1.0.0\",\"name\":\"weft\"}",
        "{\"cniVersion\":\"1.0.0\",\"name\":\"weft\",\"type\":\"../weft\"}",
        "{\"cniVersion\":\"1.0.0\",\"name\":\"weft\",\"type\":\"weft\",\"mtu\":10}",
        "{\"cniVersion\":\"1.0.0\",\"name\":\"weft\",\"type\":\"weft\",\"mtu\":\"1500\"}",
        "{\"cniVersion\":\"1.0.0\",\"name\":\"weft\",\"type\":\"weft\",\"prevResult\":[]}"
    })
    void badConfigIsInvalidNetworkConfig7(String config) throws Exception {
        CniResponse r = handler.handle(env("ADD", "c1"), config);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(json(r).get("code").asInt()).as(r.stdout()).isEqualTo(7);
        assertThat(json(r).get("details").asText()).isNotEmpty();
        assertThat(ipam.leases()).isEmpty();
    }

    // ------------------------------------------------------------------ results per version

    @Test
    void addResultIn110Format() throws Exception {
        CniResponse r = handler.handle(env("ADD", "c1"), conf("1.1.0"));
        assertThat(r.exitCode()).as(r.stdout()).isZero();
        String host = RoutedPodNetworkDriver.hostIfName("c1", "eth0");
        assertThat(json(r)).isEqualTo(JSON.readTree("{\"cniVersion\":\"1.1.0\","
                + "\"interfaces\":[{\"name\":\"" + host + "\",\"mac\":\"ee:ee:ee:ee:ee:ee\",\"mtu\":1450},"
                + "{\"name\":\"eth0\",\"mac\":\"02:00:00:00:00:01\",\"mtu\":1450,\"sandbox\":\"" + netns + "\"}],"
                + "\"ips\":[{\"address\":\"10.244.1.2/32\",\"interface\":1}],"
                + "\"routes\":[{\"dst\":\"0.0.0.0/0\",\"gw\":\"169.254.1.1\"}],\"dns\":{}}"));
        assertThat(events).containsExactly("policy+ c1", "ip+ x/a [10.244.1.2/32]");
        assertThat(driver.wired.get("c1/eth0").mtu()).isEqualTo(1450);
    }

    @Test
    void addResultIn100FormatHasNoMtuAndNoIpVersion() throws Exception {
        JsonNode r = json(handler.handle(env("ADD", "c1"), conf("1.0.0")));
        assertThat(r.get("cniVersion").asText()).isEqualTo("1.0.0");
        assertThat(r.get("interfaces").get(0).has("mtu")).isFalse();
        assertThat(r.get("ips").get(0).has("version")).isFalse();
        assertThat(r.get("ips").get(0).get("interface").asInt()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.3.0", "0.3.1", "0.4.0"})
    void addResultIn0xFormatHasIpVersion(String version) throws Exception {
        JsonNode r = json(handler.handle(env("ADD", "c1"), conf(version)));
        assertThat(r.get("cniVersion").asText()).isEqualTo(version);
        assertThat(r.get("ips").get(0).get("version").asText()).isEqualTo("4");
        assertThat(r.get("ips").get(0).get("address").asText()).isEqualTo("10.244.1.2/32");
        assertThat(r.get("interfaces").get(1).get("sandbox").asText()).isEqualTo(netns.toString());
    }

    @Test
    void chainedAddKeepsPrevResultFirstAndShiftsInterfaceIndex() throws Exception {
        String config = "{\"cniVersion\":\"1.0.0\",\"name\":\"weft\",\"type\":\"weft\",\"prevResult\":{\"cniVersion\":\"1.0.0\","
                + "\"interfaces\":[{\"name\":\"x0\"}],\"ips\":[{\"address\":\"192.0.2.5/24\",\"interface\":0,\"version\":\"4\"}],"
                + "\"dns\":{\"nameservers\":[\"192.0.2.53\"]}}}";
        JsonNode r = json(handler.handle(env("ADD", "c1"), config));
        assertThat(r.get("interfaces").get(0).get("name").asText()).isEqualTo("x0");
        assertThat(r.get("ips").get(0).has("version")).isFalse();
        assertThat(r.get("ips").get(1).get("interface").asInt()).isEqualTo(2);
        assertThat(r.get("dns").get("nameservers").get(0).asText()).isEqualTo("192.0.2.53");
    }

    @Test
    void versionCommandListsSupportedVersions() throws Exception {
        Map<String, String> env = Map.of("CNI_COMMAND", "VERSION");
        assertThat(json(handler.handle(env, "{\"cniVersion\":\"0.4.0\"}"))).isEqualTo(JSON.readTree(
                "{\"cniVersion\":\"0.4.0\",\"supportedVersions\":[\"0.3.0\",\"0.3.1\",\"0.4.0\",\"1.0.0\",\"1.1.0\"]}"));
        assertThat(json(handler.handle(env, "")).get("cniVersion").asText()).isEqualTo("1.1.0");
    }

    // ------------------------------------------------------------------ idempotence, DEL

    @Test
    void addRetriedWithSameContainerIdReturnsTheSameAttachment() throws Exception {
        CniResponse first = handler.handle(env("ADD", "c1"), conf("1.1.0"));
        CniResponse again = handler.handle(env("ADD", "c1"), conf("1.1.0"));
        assertThat(again.exitCode()).isZero();
        assertThat(json(again)).isEqualTo(json(first));
        assertThat(driver.adds.get()).isEqualTo(1);
        assertThat(ipam.leases()).hasSize(1);
    }

    @Test
    void addRetriedAfterPartialWiringRewiresWithTheSameAddress() throws Exception {
        handler.handle(env("ADD", "c1"), conf("1.1.0"));
        driver.wired.clear(); // e.g. the host end was deleted behind our back
        CniResponse again = handler.handle(env("ADD", "c1"), conf("1.1.0"));
        assertThat(again.exitCode()).isZero();
        assertThat(json(again).get("ips").get(0).get("address").asText()).isEqualTo("10.244.1.2/32");
        assertThat(driver.adds.get()).isEqualTo(2);
    }

    @Test
    void delTwiceAndDelOfUnknownContainerSucceedWithEmptyOutput() throws Exception {
        handler.handle(env("ADD", "c1"), conf("1.1.0"));
        for (int i = 0; i < 2; i++) {
            CniResponse r = handler.handle(env("DEL", "c1"), conf("1.1.0"));
            assertThat(r.exitCode()).as(r.stdout()).isZero();
            assertThat(r.stdout()).isEmpty();
        }
        assertThat(ipam.leases()).isEmpty();
        assertThat(driver.wired).isEmpty();
        assertThat(handler.handle(env("DEL", "never-added"), conf("1.1.0")).exitCode()).isZero();
        assertThat(events).contains("policy- c1", "ip- x/a");
    }

    @Test
    void delWithEmptyOrMissingNetnsSucceeds() throws Exception {
        handler.handle(env("ADD", "c1"), conf("1.1.0"));
        Map<String, String> env = env("DEL", "c1");
        env.put("CNI_NETNS", ""); // containerd sends it empty on DEL
        assertThat(handler.handle(env, conf("1.1.0")).exitCode()).isZero();
        assertThat(ipam.leases()).isEmpty();
        env.remove("CNI_NETNS");
        env.put("CNI_NETNS", tmp.resolve("gone").toString());
        assertThat(handler.handle(env, conf("0.4.0")).exitCode()).isZero();
    }

    @Test
    void delThatCannotRemoveWiringIsTryAgainLaterAndKeepsTheLease() throws Exception {
        handler.handle(env("ADD", "c1"), conf("1.1.0"));
        driver.failDel = new PodNetworkException("delete wft…: EBUSY");
        assertError(handler.handle(env("DEL", "c1"), conf("1.1.0")), 11, "failed to remove the Pod interface");
        assertThat(ipam.leases()).hasSize(1);
        driver.failDel = null;
        assertThat(handler.handle(env("DEL", "c1"), conf("1.1.0")).exitCode()).isZero();
        assertThat(ipam.leases()).isEmpty();
    }

    // ------------------------------------------------------------------ rollback

    @Test
    void failedWiringReleasesTheLease() throws Exception {
        driver.failAdd = new PodNetworkException("create veth: EEXIST");
        CniResponse r = handler.handle(env("ADD", "c1"), conf("1.1.0"));
        assertError(r, 101, "failed to wire the Pod interface");
        assertThat(json(r).get("details").asText()).isEqualTo("create veth: EEXIST");
        assertThat(ipam.leases()).isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void failedPolicyHookUndoesWiringAndLease() throws Exception {
        failPolicy = new IllegalStateException("ipset full");
        assertError(handler.handle(env("ADD", "c1"), conf("1.1.0")), 11, "failed to program NetworkPolicy for the Pod");
        assertThat(driver.wired).isEmpty();
        assertThat(ipam.leases()).isEmpty();
    }

    @Test
    void failedIpReportUndoesEverythingAndIsTryAgainLater() throws Exception {
        failListener = new IllegalStateException("datastore read-only");
        assertError(handler.handle(env("ADD", "c1"), conf("1.1.0")), 11, "failed to record the Pod's IPs");
        assertThat(driver.wired).isEmpty();
        assertThat(ipam.leases()).isEmpty();
        assertThat(events).contains("policy- c1");
    }

    @Test
    void exhaustedPodCidrIsCode100() throws Exception {
        for (int i = 0; i < 5; i++) { // /29 minus network, .1 and broadcast
            assertThat(handler.handle(env("ADD", "c" + i), conf("1.1.0")).exitCode()).isZero();
        }
        CniResponse r = handler.handle(env("ADD", "c9"), conf("1.1.0"));
        assertError(r, 100, "no free Pod address");
        assertThat(json(r).get("details").asText()).contains("10.244.1.0/29");
        assertError(handler.handle(env("STATUS", ""), conf("1.1.0")), 50, "no free Pod address");
    }

    // ------------------------------------------------------------------ CHECK, GC, STATUS

    private String withPrev(String version, CniResponse add) {
        return "{\"cniVersion\":\"" + version + "\",\"name\":\"weft\",\"type\":\"weft\",\"prevResult\":" + add.stdout() + "}";
    }

    @Test
    void checkAfterAddSucceedsAndFailsAfterDel() throws Exception {
        CniResponse add = handler.handle(env("ADD", "c1"), conf("1.0.0"));
        CniResponse ok = handler.handle(env("CHECK", "c1"), withPrev("1.0.0", add));
        assertThat(ok.exitCode()).as(ok.stdout()).isZero();
        assertThat(ok.stdout()).isEmpty();
        driver.wired.clear();
        CniResponse broken = handler.handle(env("CHECK", "c1"), withPrev("1.0.0", add));
        assertError(broken, 102, "attachment check failed");
        assertThat(json(broken).get("details").asText()).contains("is missing");
        handler.handle(env("DEL", "c1"), conf("1.0.0"));
        assertError(handler.handle(env("CHECK", "c1"), withPrev("1.0.0", add)), 102, "attachment has no IP lease");
    }

    @Test
    void checkNeedsPrevResultAndVersion040() throws Exception {
        CniResponse add = handler.handle(env("ADD", "c1"), conf("0.3.1"));
        assertError(handler.handle(env("CHECK", "c1"), conf("1.1.0")), 7, "required prevResult missing");
        assertError(handler.handle(env("CHECK", "c1"), withPrev("0.3.1", add)), 1, "config version does not allow CHECK");
    }

    @Test
    void gcRemovesAttachmentsNotInTheValidList() throws Exception {
        handler.handle(env("ADD", "keep"), conf("1.1.0"));
        handler.handle(env("ADD", "stale"), conf("1.1.0"));
        String gc = "{\"cniVersion\":\"1.1.0\",\"name\":\"weft\",\"type\":\"weft\","
                + "\"cni.dev/valid-attachments\":[{\"containerID\":\"keep\",\"ifname\":\"eth0\"}],"
                + "\"cni.dev/attachments\":[{\"containerID\":\"keep\",\"ifname\":\"eth0\"}]}";
        CniResponse r = handler.handle(Map.of("CNI_COMMAND", "GC", "CNI_PATH", "/opt/cni/bin"), gc);
        assertThat(r.exitCode()).as(r.stdout()).isZero();
        assertThat(ipam.leases()).extracting(l -> l.owner().containerId()).containsExactly("keep");
        assertThat(driver.wired).containsOnlyKeys("keep/eth0");
        assertError(handler.handle(Map.of("CNI_COMMAND", "GC"), conf("1.1.0")), 7, "GC needs cni.dev/valid-attachments");
        assertError(handler.handle(Map.of("CNI_COMMAND", "GC"), conf("1.0.0")), 1, "config version does not allow GC");
    }

    @Test
    void statusIsReadyWhileAddressesAreFree() throws Exception {
        CniResponse r = handler.handle(Map.of("CNI_COMMAND", "STATUS"), conf("1.1.0"));
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEmpty();
        assertError(handler.handle(Map.of("CNI_COMMAND", "STATUS"), conf("1.0.0")), 1, "config version does not allow STATUS");
    }
}
