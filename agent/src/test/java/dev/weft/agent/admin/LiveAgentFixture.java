package dev.weft.agent.admin;

import dev.weft.agent.datastore.ClusterState;
import dev.weft.agent.datastore.DirectoryDatastore;
import dev.weft.bgp.rib.RoutePolicy;
import dev.weft.bgp.server.BgpSpeaker;
import dev.weft.bgp.server.PeerConfig;
import dev.weft.bgp.server.SpeakerConfig;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import dev.weft.ipam.Ipam;
import dev.weft.ipam.LeaseOwner;
import dev.weft.model.route.RouteSpec;
import dev.weft.netlink.KernelRoute;
import dev.weft.netlink.NetNs;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A live agent's admin side for tests, with real parts: two BGP speakers in a network namespace of
 * their own ({@code wops-…}, addresses 10.0.0.1 and 10.0.0.11 on its loopback; the node, AS 64512,
 * connecting from 10.0.0.11 to its ToR, AS 65000, listening on 10.0.0.1:179), the node
 * originating its Pod CIDR and learning the ToR's; a real IPAM store with two leases; the
 * datastore state read from YAML by the directory datastore; and the admin server on a socket in
 * {@code dir}. The kernel FIB reader answers with {@link #kernelRoutes} (tests must not program
 * routes in the root namespace).
 */
public final class LiveAgentFixture implements AutoCloseable {
    public static final String NODE = "node-1";
    public static final IpPrefix NODE_BLOCK = IpPrefix.parse("10.244.1.0/24");
    public static final IpPrefix TOR_PREFIX = IpPrefix.parse("10.244.2.0/24");

    public final Path socket;
    public final Path datastoreDir;
    public final BgpSpeaker node;
    public final BgpSpeaker tor;
    public final Ipam ipam;
    public final AtomicReference<ClusterState> state = new AtomicReference<>();
    public final AtomicReference<List<KernelRoute>> kernelRoutes = new AtomicReference<>(List.of());
    public final AtomicReference<Optional<Ipam>> ipamRef;
    public final AdminServer server;
    /** eBGP exchanges nothing without explicit policies (RFC 8212 §3). */
    private static final Optional<RoutePolicy> ACCEPT = Optional.of(RoutePolicy.ACCEPT_ALL);
    private final String netns;

    /** Starts everything and waits (up to 30 s) for the session to be Established and the ToR's prefix learned. */
    public LiveAgentFixture(Path dir) throws IOException, InterruptedException {
        datastoreDir = Files.createDirectories(dir.resolve("datastore"));
        Files.writeString(datastoreDir.resolve("cluster.yaml"), """
                kind: Node
                metadata: {name: node-1}
                spec: {podCIDR: 10.244.1.0/24, podCIDRs: [10.244.1.0/24]}
                status: {addresses: [{type: InternalIP, address: 10.0.0.11}]}
                ---
                apiVersion: weft.dev/v1
                kind: IPPool
                metadata: {name: default-ipv4}
                spec: {cidr: 10.244.0.0/16}
                ---
                kind: Namespace
                metadata: {name: x}
                ---
                kind: Namespace
                metadata: {name: y}
                ---
                kind: Pod
                metadata: {namespace: x, name: a, labels: {app: client}}
                spec: {nodeName: node-1, containers: [{name: c}]}
                status: {podIP: 10.244.1.2}
                ---
                kind: Pod
                metadata: {namespace: y, name: b, labels: {app: web}}
                spec: {nodeName: node-2, containers: [{name: c, ports: [{name: http, containerPort: 80}]}]}
                status: {podIP: 10.244.2.2}
                ---
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {namespace: y, name: deny-all}
                spec: {podSelector: {}, policyTypes: [Ingress]}
                """);
        state.set(DirectoryDatastore.read(datastoreDir));

        ipam = Ipam.open(dir.resolve("ipam"), List.of(NODE_BLOCK));
        ipam.allocate(new LeaseOwner("c0ffee0000000001", "eth0", "x", "a"));
        ipam.allocate(new LeaseOwner("c0ffee0000000002", "eth0", "", ""));
        ipamRef = new AtomicReference<>(Optional.of(ipam));

        removeLeftoverNamespaces();
        netns = "wops-" + Long.toHexString(System.nanoTime() & 0xffffffL);
        ip("netns", "add", netns);
        ip("-n", netns, "link", "set", "lo", "up");
        ip("-n", netns, "addr", "add", "10.0.0.1/32", "dev", "lo");
        ip("-n", netns, "addr", "add", "10.0.0.11/32", "dev", "lo");
        Inet4Address torAddress = (Inet4Address) IpAddresses.parse("10.0.0.1");
        Inet4Address nodeAddress = (Inet4Address) IpAddresses.parse("10.0.0.11");
        Path ns = Path.of("/var/run/netns", netns);
        // Speakers started from a thread inside the namespace run there (their event loop inherits it).
        tor = NetNs.callIn(ns, () -> BgpSpeaker.start(new SpeakerConfig(65000, torAddress, torAddress, 179,
                Duration.ofSeconds(1), Duration.ofSeconds(2))));
        tor.addPeer(PeerConfig.of(nodeAddress, 64512).withPassive(true).withPolicies(ACCEPT, ACCEPT));
        tor.originate(TOR_PREFIX);
        node = NetNs.callIn(ns, () -> BgpSpeaker.start(new SpeakerConfig(64512, nodeAddress,
                InetAddress.getByName("0.0.0.0"), 0, Duration.ofSeconds(1), Duration.ofSeconds(2))));
        node.originate(NODE_BLOCK);
        node.addPeer(PeerConfig.of(torAddress, 65000).withLocalAddress(nodeAddress).withPolicies(ACCEPT, ACCEPT));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!node.locRib().containsKey(TOR_PREFIX) || node.peers().get(0).prefixesAdvertised() == 0) {
            if (System.nanoTime() > deadline) {
                String peers = node.peers().toString();
                close();
                throw new IllegalStateException("BGP session in " + netns + " did not come up: " + peers);
            }
            Thread.sleep(50);
        }
        kernelRoutes.set(List.of(
                new KernelRoute(RouteSpec.via(TOR_PREFIX, torAddress), 87, 0, 0, false, 1),
                new KernelRoute(RouteSpec.dev(IpPrefix.parse("10.244.1.2/32"), "wft0a1b2c3d4e5"), 87, 0, 253, false, 1)));
        socket = dir.resolve("run/weft-admin.sock");
        AdminViews views = new AdminViews(NODE, () -> Optional.of(node), () -> "", ipamRef::get, state::get,
                kernelRoutes::get, Clock.systemUTC());
        server = AdminServer.start(socket, views.endpoints());
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (node != null) {
            node.close();
        }
        if (tor != null) {
            tor.close();
        }
        try {
            ip("netns", "del", netns);
        } catch (IOException | RuntimeException e) {
            // removed at the next start
        }
    }

    private static void removeLeftoverNamespaces() throws IOException {
        String[] names = new File("/var/run/netns").list();
        for (String n : names == null ? new String[0] : names) {
            if (n.startsWith("wops-")) {
                ip("netns", "del", n);
            }
        }
    }

    private static void ip(String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + out.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
