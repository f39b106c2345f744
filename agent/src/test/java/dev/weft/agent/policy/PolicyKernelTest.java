package dev.weft.agent.policy;

import static dev.weft.agent.policy.PolicyFixtures.attachment;
import static dev.weft.agent.policy.PolicyFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.agent.cni.PodPolicyHook;
import dev.weft.dataplane.iptables.DataplaneConfig;
import dev.weft.dataplane.iptables.IptablesDataplane;
import dev.weft.dataplane.iptables.exec.CommandResult;
import dev.weft.dataplane.iptables.exec.CommandRunner;
import dev.weft.dataplane.iptables.exec.NetnsThread;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The whole agent policy path against a real kernel: datastore states → {@link PolicyController}
 * → {@link IptablesDataplane} in a node namespace, Pods attached through the CNI hook, and real
 * TCP connections between Pod namespaces. Namespaces {@code weft-tp-h} (node), {@code weft-tp-a},
 * {@code weft-tp-b} (Pods 10.98.1.2, 10.98.2.2 on veths {@code wfttpa}/{@code wfttpb}, each serving
 * TCP 80 and 81); leftovers of the prefix are deleted first, everything is deleted after.
 */
@Tag("kernel")
class PolicyKernelTest {
    private static final String PREFIX = "weft-tp-";
    private static final String HOST = PREFIX + "h";
    private final Map<String, NetnsThread> pods = new TreeMap<>();
    private final List<ServerSocket> servers = new ArrayList<>();
    private IptablesDataplane dataplane;
    private PolicyController controller;

    @BeforeEach
    void setUp() {
        cleanup();
        check(run("ip", "netns", "add", HOST));
        ns(HOST, "ip", "link", "set", "lo", "up");
        ns(HOST, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        int n = 1;
        for (String p : List.of("a", "b")) {
            String pns = PREFIX + p;
            check(run("ip", "netns", "add", pns));
            String dev = "wfttp" + p;
            check(run("ip", "-n", HOST, "link", "add", dev, "type", "veth", "peer", "name", "eth0", "netns", pns));
            ns(pns, "ip", "link", "set", "lo", "up");
            ns(pns, "ip", "addr", "add", "10.98." + n + ".2/24", "dev", "eth0");
            ns(pns, "ip", "link", "set", "eth0", "up");
            ns(pns, "ip", "route", "add", "default", "via", "10.98." + n + ".1");
            ns(HOST, "ip", "addr", "add", "10.98." + n + ".1/24", "dev", dev);
            ns(HOST, "ip", "link", "set", dev, "up");
            NetnsThread t = NetnsThread.enter(Path.of("/var/run/netns", pns));
            pods.put(p, t);
            for (int port : new int[] {80, 81}) {
                ServerSocket s = t.call(() -> {
                    ServerSocket ss = new ServerSocket();
                    ss.bind(new InetSocketAddress(port));
                    return ss;
                });
                servers.add(s);
                Thread acceptor = new Thread(() -> serve(s), "accept-" + pns + "-" + port);
                acceptor.setDaemon(true);
                acceptor.start();
            }
            for (int i = 0; i < 50 && !run("ip", "netns", "exec", pns, "ping", "-c", "1", "-W", "1", "10.98." + n + ".1").ok(); i++) {
                // wait for carrier and neighbour resolution
            }
            n++;
        }
        dataplane = IptablesDataplane.create(DataplaneConfig.defaults().withRunner(CommandRunner.inNetns(HOST)));
        controller = new PolicyController("node-1", PolicyDataplanes.iptables(dataplane), Duration.ofSeconds(1)).start();
    }

    @AfterEach
    void tearDown() {
        if (controller != null) {
            controller.close();
        }
        if (dataplane != null) {
            dataplane.close();
        }
        for (ServerSocket s : servers) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        pods.values().forEach(NetnsThread::close);
        cleanup();
    }

    private static final String PODS = """
            kind: Namespace
            metadata: {name: x}
            ---
            kind: Pod
            metadata: {namespace: x, name: a, labels: {pod: a}}
            spec: {nodeName: node-1}
            status: {podIP: 10.98.1.2}
            ---
            kind: Pod
            metadata: {namespace: x, name: b, labels: {pod: b}}
            spec: {nodeName: node-1}
            status: {podIP: 10.98.2.2}
            """;

    private static final String DENY_INGRESS = """
            ---
            kind: NetworkPolicy
            metadata: {namespace: x, name: deny-ingress}
            spec: {podSelector: {}, policyTypes: [Ingress]}
            """;

    private static final String ALLOW_A_TO_B_80 = """
            ---
            kind: NetworkPolicy
            metadata: {namespace: x, name: allow-a-to-b}
            spec:
              podSelector: {matchLabels: {pod: b}}
              ingress: [{from: [{podSelector: {matchLabels: {pod: a}}}], ports: [{port: 80}]}]
            """;

    private SyncResult state(String yaml) throws Exception {
        controller.onState(PolicyFixtures.state(yaml));
        SyncResult r = controller.requestSync().get(30, TimeUnit.SECONDS);
        System.out.printf("sync #%d: compute %.1f ms, apply %.1f ms%n", r.sequence(), r.computeTime().toNanos() / 1e6,
                r.applyTime().toNanos() / 1e6);
        return r;
    }

    @Test
    void policiesFromTheDatastoreAreEnforcedOnRealPackets() throws Exception {
        PodPolicyHook hook = controller.podPolicyHook(Duration.ofSeconds(20));
        state(PODS);
        hook.attached(request("ca", "x", "a", "10.98.1.2"), attachment("wfttpa", "10.98.1.2"));
        hook.attached(request("cb", "x", "b", "10.98.2.2"), attachment("wfttpb", "10.98.2.2"));
        assertThat(connects("a", "10.98.2.2", 80)).as("a -> b:80, no policy").isTrue();
        assertThat(connects("b", "10.98.1.2", 80)).as("b -> a:80, no policy").isTrue();

        state(PODS + DENY_INGRESS);
        assertThat(connects("a", "10.98.2.2", 80)).as("a -> b:80, deny-ingress").isFalse();
        assertThat(connects("b", "10.98.1.2", 80)).as("b -> a:80, deny-ingress").isFalse();

        SyncResult allowing = state(PODS + DENY_INGRESS + ALLOW_A_TO_B_80);
        assertThat(connects("a", "10.98.2.2", 80)).as("a -> b:80, allowed").isTrue();
        assertThat(connects("a", "10.98.2.2", 81)).as("a -> b:81, other port").isFalse();
        assertThat(connects("b", "10.98.1.2", 80)).as("b -> a:80, still denied").isFalse();

        // A label change: a is no longer pod=a.
        SyncResult relabel = state(PODS.replace("{pod: a}", "{pod: a2}") + DENY_INGRESS + ALLOW_A_TO_B_80);
        assertThat(relabel.desiredState()).isNotEqualTo(allowing.desiredState()); // the IP set lost a's address
        assertThat(connects("a", "10.98.2.2", 80)).as("a -> b:80 after a's label change").isFalse();

        state(PODS);
        assertThat(connects("a", "10.98.2.2", 81)).as("a -> b:81, policies deleted").isTrue();
        assertThat(connects("b", "10.98.1.2", 80)).as("b -> a:80, policies deleted").isTrue();
    }

    @Test
    void aPodIsPolicedFromItsFirstPacketAfterAdd() throws Exception {
        PodPolicyHook hook = controller.podPolicyHook(Duration.ofSeconds(20));
        state(PODS + DENY_INGRESS);
        hook.attached(request("ca", "x", "a", "10.98.1.2"), attachment("wfttpa", "10.98.1.2"));
        // Only b's ADD stands between b and the world: right after it returns, b is isolated.
        hook.attached(request("cb", "x", "b", "10.98.2.2"), attachment("wfttpb", "10.98.2.2"));
        assertThat(connects("a", "10.98.2.2", 80)).isFalse();
        hook.detached("cb", "eth0");
        controller.requestSync().get(30, TimeUnit.SECONDS);
        assertThat(connects("a", "10.98.2.2", 80)).as("b's endpoint removed: no binding, not policed").isTrue();
    }

    @Test
    void anAddTheDataplaneCannotProgramFails() throws Exception {
        PodPolicyHook hook = controller.podPolicyHook(Duration.ofSeconds(20));
        state(PODS + DENY_INGRESS);
        // An interface without the dataplane's "wft" prefix cannot be rendered.
        assertThatThrownBy(() -> hook.attached(request("cb", "x", "b", "10.98.2.2"), attachment("eth7", "10.98.2.2")))
                .isInstanceOf(PolicyNotProgrammedException.class).hasMessageContaining("x/b");
    }

    @Test
    void aLabelChangeWrittenToTheDatastoreDirectoryReachesTheKernel(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("cluster.yaml"), PODS + DENY_INGRESS + ALLOW_A_TO_B_80);
        PodPolicyHook hook = controller.podPolicyHook(Duration.ofSeconds(20));
        try (var store = new dev.weft.agent.datastore.DirectoryDatastore(dir, controller::onState, Duration.ofMillis(50),
                Duration.ofSeconds(5)).start()) {
            hook.attached(request("ca", "x", "a", "10.98.1.2"), attachment("wfttpa", "10.98.1.2"));
            hook.attached(request("cb", "x", "b", "10.98.2.2"), attachment("wfttpb", "10.98.2.2"));
            assertThat(connects("a", "10.98.2.2", 80)).isTrue();
            var before = controller.lastSync().orElseThrow().desiredState();
            Path tmp = dir.resolve(".cluster.yaml.tmp");
            java.nio.file.Files.writeString(tmp, PODS.replace("{pod: a}", "{pod: a2}") + DENY_INGRESS + ALLOW_A_TO_B_80);
            long t0 = System.nanoTime();
            java.nio.file.Files.move(tmp, dir.resolve("cluster.yaml"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            long deadline = t0 + TimeUnit.SECONDS.toNanos(30);
            while (controller.lastSync().orElseThrow().desiredState().equals(before) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            SyncResult r = controller.lastSync().orElseThrow();
            System.out.printf("label change: file renamed -> kernel programmed in %d ms (compute %.1f ms, apply %.1f ms)%n",
                    ms, r.computeTime().toNanos() / 1e6, r.applyTime().toNanos() / 1e6);
            assertThat(r.desiredState()).isNotEqualTo(before);
            assertThat(connects("a", "10.98.2.2", 80)).as("a -> b:80 after the label change").isFalse();
        }
    }

    private boolean connects(String from, String to, int port) {
        return pods.get(from).call(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(to, port), 1000);
                s.setSoTimeout(1000);
                return s.getInputStream().read() == 'k';
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static void serve(ServerSocket s) {
        while (!s.isClosed()) {
            try (Socket c = s.accept()) {
                c.getOutputStream().write('k');
            } catch (IOException e) {
                // closed or client gone
            }
        }
    }

    private static void cleanup() {
        for (String line : run("ip", "netns", "list").stdout().split("\n")) {
            String n = line.trim().split("\\s+")[0];
            if (n.startsWith(PREFIX)) {
                run("ip", "netns", "del", n);
            }
        }
    }

    private static String ns(String ns, String... cmd) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(cmd));
        return check(run(full.toArray(String[]::new)));
    }

    private static String check(CommandResult r) {
        if (!r.ok()) {
            throw new AssertionError(r.describe());
        }
        return r.stdout();
    }

    private static CommandResult run(String... cmd) {
        return CommandRunner.local().run(List.of(cmd), null);
    }
}
