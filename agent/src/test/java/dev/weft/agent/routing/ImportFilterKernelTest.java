package dev.weft.agent.routing;

import static dev.weft.agent.routing.KernelRouteSyncKernelTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.agent.datastore.ClusterState;
import dev.weft.agent.datastore.DirectoryDatastore;
import dev.weft.bgp.policy.Policy;
import dev.weft.bgp.server.BestPath;
import dev.weft.bgp.server.BgpSpeaker;
import dev.weft.bgp.server.PeerConfig;
import dev.weft.bgp.server.SpeakerConfig;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import dev.weft.netlink.NetNs;
import dev.weft.netlink.Netlink;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A BGPPeer {@code importFilter} end to end: the agent's {@link RoutingController} (datastore state
 * → plan → speaker) runs in namespace {@code weft-tn-cfg-node} (10.97.0.1) and peers over a veth
 * with a ToR speaker in {@code weft-tn-cfg-tor} (10.97.0.2, AS 65000) that originates five
 * prefixes; the accepted ones reach the Loc-RIB and the node namespace's kernel table, the
 * rejected ones — by a rule, by no rule matching, and the node's own Pod CIDR — stay in the
 * Adj-RIB-In only. Removing the filter (the RFC 8212 default again) brings the filtered ones in,
 * the own Pod CIDR still not.
 */
class ImportFilterKernelTest {
    static final String NODE_NS = "weft-tn-cfg-node";
    static final String TOR_NS = "weft-tn-cfg-tor";
    static final InetAddress NODE = IpAddresses.parse("10.97.0.1");
    static final InetAddress TOR = IpAddresses.parse("10.97.0.2");
    static final List<String> TOR_PREFIXES = List.of("10.70.0.0/24", "10.71.0.0/24", "10.72.0.0/26", "10.244.1.0/24",
            "10.244.2.0/24");

    @TempDir
    Path dir;
    KernelRouteSync kernel;
    RoutingController controller;
    BgpSpeaker tor;

    static String ip(String ns, String... args) {
        return KernelRouteSyncKernelTest.run(Stream.concat(Stream.of("ip", "-n", ns), Stream.of(args))
                .toArray(String[]::new));
    }

    static Path nsPath(String ns) {
        return Path.of("/var/run/netns", ns);
    }

    static void deleteNamespaces() {
        String list = KernelRouteSyncKernelTest.run("ip", "netns", "list");
        for (String ns : List.of(NODE_NS, TOR_NS)) {
            if (list.lines().anyMatch(l -> l.split("\\s+")[0].equals(ns))) {
                KernelRouteSyncKernelTest.run("ip", "netns", "del", ns);
            }
        }
    }

    @BeforeEach
    void setUp() {
        assumeTrue("root".equals(System.getProperty("user.name")), "kernel tests need root");
        deleteNamespaces();
        KernelRouteSyncKernelTest.run("ip", "netns", "add", NODE_NS);
        KernelRouteSyncKernelTest.run("ip", "netns", "add", TOR_NS);
        ip(NODE_NS, "link", "add", "n0", "type", "veth", "peer", "name", "t0", "netns", TOR_NS);
        ip(NODE_NS, "addr", "add", "10.97.0.1/24", "dev", "n0");
        ip(TOR_NS, "addr", "add", "10.97.0.2/24", "dev", "t0");
        for (String ns : List.of(NODE_NS, TOR_NS)) {
            ip(ns, "link", "set", "lo", "up");
            ip(ns, "link", "set", ns.equals(NODE_NS) ? "n0" : "t0", "up");
        }
    }

    @AfterEach
    void tearDown() {
        try {
            if (controller != null) {
                controller.close();
            }
            if (tor != null) {
                tor.close();
            }
            if (kernel != null) {
                kernel.close();
            }
        } finally {
            deleteNamespaces();
        }
    }

    ClusterState state(String filter) throws IOException {
        Files.writeString(dir.resolve("objects.yaml"), """
                kind: Node
                metadata: {name: n1, annotations: {weft.dev/bgp-asn: "65001"}}
                spec: {podCIDRs: [10.244.1.0/24]}
                status: {addresses: [{type: InternalIP, address: 10.97.0.1}]}
                ---
                kind: BGPPeer
                metadata: {name: tor}
                spec:
                  peerIP: 10.97.0.2
                  asNumber: 65000
                  holdTime: 30
                %s
                """.formatted(filter.indent(2)));
        try (DirectoryDatastore ds = new DirectoryDatastore(dir, s -> {}, Duration.ofMillis(10), Duration.ofHours(1))) {
            ClusterState s = ds.reload();
            assertThat(s.rejections()).isEmpty();
            return s;
        }
    }

    static String weftRoutes() {
        return ip(NODE_NS, "route", "show", "proto", "87");
    }

    @Test
    void rejectedPrefixesStayOutOfTheLocRibAndTheKernel() throws Exception {
        tor = NetNs.callIn(nsPath(TOR_NS), () -> BgpSpeaker.start(SpeakerConfig.of(65000, IpAddresses.parseIpv4("10.97.0.2"))
                .withConnectRetry(Duration.ofMillis(200), Duration.ofSeconds(1))));
        tor.addPeer(PeerConfig.of(NODE, 65001).withPassive(true)
                .withPolicies(Optional.of(Policy.acceptAll()), Optional.of(Policy.acceptAll())));
        TOR_PREFIXES.forEach(p -> tor.originate(IpPrefix.parse(p)));

        kernel = new KernelRouteSync(87, Duration.ofHours(1), () -> Netlink.openIn(nsPath(NODE_NS)));
        kernel.endStartupGrace();
        controller = new RoutingController("n1", kernel,
                plan -> RoutingController.defaultConfig(plan).withConnectRetry(Duration.ofMillis(200), Duration.ofSeconds(1)));
        ClusterState filtered = state("""
                importFilter:
                - {action: Reject, matchOperator: In, cidr: 10.71.0.0/16}
                - {action: Accept, matchOperator: In, cidr: 10.0.0.0/8, prefixLength: {max: 24}}
                """);
        // the speaker starts (and its sockets live) in the node's namespace
        NetNs.runIn(nsPath(NODE_NS), () -> controller.onState(filtered));
        BgpSpeaker node = controller.speaker().orElseThrow();
        Supplier<String> what = () -> node.peers() + " loc-rib " + node.locRib().keySet() + " kernel " + weftRoutes();
        await(() -> node.peers().stream().anyMatch(p -> p.prefixesReceived() == TOR_PREFIXES.size()), what);
        await(() -> weftRoutes().contains("10.244.2.0/24"), what);

        Map<IpPrefix, BestPath> loc = node.locRib();
        assertThat(loc).containsKeys(IpPrefix.parse("10.70.0.0/24"), IpPrefix.parse("10.244.2.0/24"));
        assertThat(loc).doesNotContainKeys(IpPrefix.parse("10.71.0.0/24"), IpPrefix.parse("10.72.0.0/26"));
        assertThat(Optional.ofNullable(loc.get(IpPrefix.parse("10.244.1.0/24"))).map(BestPath::peerAddress))
                .as("the node's own Pod CIDR is never taken from the ToR").isNotEqualTo(Optional.of(TOR));
        String routes = weftRoutes();
        assertThat(routes).contains("10.70.0.0/24 via 10.97.0.2 dev n0").contains("10.244.2.0/24 via 10.97.0.2 dev n0")
                .doesNotContain("10.71.0.0").doesNotContain("10.72.0.0").doesNotContain("10.244.1.0");

        // filter removed: the RFC 8212 default (everything but the own Pod CIDRs), applied to the
        // Adj-RIB-In without a new speaker or a session reset
        Optional<java.time.Instant> since = node.peers().get(0).establishedSince();
        controller.onState(state(""));
        assertThat(controller.speaker()).containsSame(node);
        await(() -> weftRoutes().contains("10.71.0.0/24") && weftRoutes().contains("10.72.0.0/26"), what);
        assertThat(weftRoutes()).doesNotContain("10.244.1.0");
        assertThat(node.peers().get(0).establishedSince()).as("the session was not reset").isEqualTo(since).isPresent();
    }
}
