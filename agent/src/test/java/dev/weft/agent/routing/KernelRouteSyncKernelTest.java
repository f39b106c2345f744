package dev.weft.agent.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.bgp.server.BestPath;
import dev.weft.bgp.wire.OriginType;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import dev.weft.netlink.FibRoute;
import dev.weft.netlink.Netlink;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link KernelRouteSync} against a real kernel in namespace {@code weft-tn-fib-agent}: v0/v1 and
 * w0/w1 veths (10.99.0.1/24 + fd99::1/64 on v0, 10.98.0.1/24 on w0), a Pod-style device route
 * {@code dev wft0} of the same protocol, and a static route; checked with {@code ip route}.
 */
class KernelRouteSyncKernelTest {
    static final int WEFT = 87;
    static final String NS = "weft-tn-fib-agent";
    static final Duration WAIT = Duration.ofSeconds(10);

    static IpPrefix p(String s) {
        return IpPrefix.parse(s);
    }

    static InetAddress a(String s) {
        return IpAddresses.parse(s);
    }

    static String run(String... cmd) {
        try {
            Process pr = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (pr.waitFor() != 0) {
                throw new AssertionError(String.join(" ", cmd) + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", NS));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    static void deleteNamespace() {
        if (run("ip", "netns", "list").lines().anyMatch(l -> l.split("\\s+")[0].equals(NS))) {
            run("ip", "netns", "del", NS);
        }
    }

    static BestPath best(String prefix, String... nextHops) {
        List<InetAddress> hops = java.util.Arrays.stream(nextHops).map(IpAddresses::parse).toList();
        return new BestPath(p(prefix), hops.get(0), List.of(65000L), hops.get(0), 65000, OriginType.IGP,
                Optional.empty(), 100, List.of(), hops);
    }

    static void await(Supplier<Boolean> cond, Supplier<String> what) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!cond.get()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting; state: " + what.get());
            }
            Thread.sleep(20);
        }
    }

    KernelRouteSync sync;

    @BeforeEach
    void setUp() {
        assumeTrue("root".equals(System.getProperty("user.name")), "kernel tests need root");
        deleteNamespace();
        run("ip", "netns", "add", NS);
        ip("link", "set", "lo", "up");
        ip("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        ip("link", "add", "w0", "type", "veth", "peer", "name", "w1");
        ip("link", "add", "wft0", "type", "veth", "peer", "name", "wft0p");
        ip("addr", "add", "10.99.0.1/24", "dev", "v0");
        ip("addr", "add", "10.98.0.1/24", "dev", "w0");
        ip("-6", "addr", "add", "fd99::1/64", "dev", "v0", "nodad");
        for (String l : List.of("v0", "v1", "w0", "w1", "wft0", "wft0p")) {
            ip("link", "set", l, "up");
        }
        // the CNI driver's Pod route and an operator's static route: never Weft BGP's to touch
        ip("route", "add", "10.244.0.5/32", "dev", "wft0", "proto", "87", "scope", "link");
        ip("route", "add", "10.50.0.0/24", "via", "10.99.0.7", "proto", "static");
    }

    @AfterEach
    void tearDown() {
        if (sync != null) {
            sync.close();
        }
        deleteNamespace();
    }

    KernelRouteSync start(Duration resync) {
        Path path = Path.of("/var/run/netns", NS);
        sync = new KernelRouteSync(WEFT, resync, () -> Netlink.openIn(path));
        return sync;
    }

    static String weft4() {
        return ip("route", "show", "proto", "87");
    }

    static String weft6() {
        return ip("-6", "route", "show", "proto", "87");
    }

    @Test
    void aTableLoadSharesOneNextHopSetAndForgetAllRemovesItAll() throws Exception {
        KernelRouteSync k = start(Duration.ofHours(1));
        k.endStartupGrace();
        int n = 20_000; // more than two of the reconciler's netlink chunks
        for (int i = 0; i < n; i++) {
            IpPrefix pre = IpPrefix.of(IpAddresses.fromIpv4Int(0x0a400000 + i), 32);
            k.bestPathChanged(pre, Optional.of(new BestPath(pre, a("10.99.0.2"), List.of(65000L), a("10.99.0.2"),
                    65000, OriginType.IGP, Optional.empty(), 100, List.of(), List.of()))); // a new BestPath each
        }
        await(() -> k.installedCount() == n, () -> "installed " + k.installedCount());
        assertThat(k.installed()).hasSize(n);
        assertThat(k.installed().get(0).gateway()).contains(a("10.99.0.2"));
        List<FibRoute> routes = k.installedRoutes();
        assertThat(routes).hasSize(n).allSatisfy(r -> assertThat(r.nextHops()).isSameAs(routes.get(0).nextHops()));
        assertThat(ip("route", "show", "proto", "87", "10.64.78.31/32")).contains("via 10.99.0.2 dev v0");
        assertThat(k.skipped()).isEmpty();

        // withdrawals and a move in one burst, then the speaker goes away
        k.bestPathChanged(p("10.64.0.1/32"), Optional.empty());
        k.bestPathChanged(p("10.64.0.2/32"), Optional.of(best("10.64.0.2/32", "10.99.0.2", "10.98.0.2")));
        await(() -> k.installedCount() == n - 1 && ip("route", "show", "10.64.0.2/32").contains("nexthop"),
                () -> "installed " + k.installedCount());
        assertThat(ip("route", "show", "10.64.0.1/32")).isBlank();
        k.forgetAll();
        await(() -> k.installedCount() == 0, () -> "installed " + k.installedCount());
        assertThat(weft4()).doesNotContain("10.64.").contains("10.244.0.5 dev wft0"); // the Pod route stays
        assertThat(ip("route", "show", "proto", "static")).contains("10.50.0.0/24");
    }

    @Test
    void bestPathsBecomeRoutesIncludingEcmpAndIpv6AndCloseRemovesOnlyThem() throws Exception {
        KernelRouteSync k = start(Duration.ofHours(1));
        k.endStartupGrace();
        k.bestPathChanged(p("10.60.0.0/24"), Optional.of(best("10.60.0.0/24", "10.99.0.2")));
        k.bestPathChanged(p("10.61.0.0/24"), Optional.of(best("10.61.0.0/24", "10.99.0.2", "10.98.0.2")));
        k.bestPathChanged(p("fd60::/64"), Optional.of(best("fd60::/64", "fd99::2")));
        await(() -> weft4().contains("10.61.0.0/24") && weft6().contains("fd60::/64"), () -> weft4() + weft6());
        assertThat(weft4()).contains("10.60.0.0/24 via 10.99.0.2 dev v0")
                .contains("nexthop via 10.99.0.2 dev v0 weight 1").contains("nexthop via 10.98.0.2 dev w0 weight 1");
        assertThat(weft6()).contains("fd60::/64 via fd99::2 dev v0");
        assertThat(k.installedRoutes()).hasSize(3);

        // the ECMP set shrinks; a prefix is withdrawn
        k.bestPathChanged(p("10.61.0.0/24"), Optional.of(best("10.61.0.0/24", "10.98.0.2")));
        k.bestPathChanged(p("10.60.0.0/24"), Optional.empty());
        await(() -> !weft4().contains("10.60.0.0/24") && !weft4().contains("nexthop"), KernelRouteSyncKernelTest::weft4);
        assertThat(weft4()).contains("10.61.0.0/24 via 10.98.0.2 dev w0");

        k.close();
        sync = null;
        assertThat(weft4()).contains("10.244.0.5 dev wft0").doesNotContain("10.61.0.0");
        assertThat(weft6()).isEmpty();
        assertThat(ip("route", "show")).contains("10.50.0.0/24 via 10.99.0.7");
    }

    @Test
    void afterARestartOldRoutesStayUntilTheSweepGateOpens() throws Exception {
        // routes of a previous run
        ip("route", "add", "10.62.0.0/24", "via", "10.99.0.2", "proto", "87");
        ip("route", "add", "10.63.0.0/24", "via", "10.99.0.2", "proto", "87");
        KernelRouteSync k = start(Duration.ofHours(1));
        assertThat(k.previousRunRoutes()).isEqualTo(2); // the Pod route is not counted
        // the speaker is told it restarted with forwarding state preserved, with ECMP on
        RoutingController rc = new RoutingController("n1", k, RoutingController::defaultConfig);
        NodeRouting plan = new NodeRouting("n1", 65001, IpAddresses.parseIpv4("172.31.1.2"), 179,
                java.util.Set.of(p("10.244.1.0/24")), java.util.Map.of(), RoutingPlanner.DEFAULT_MAX_PATHS);
        assertThat(rc.speakerConfig(plan).restarted()).isTrue();
        assertThat(rc.speakerConfig(plan).maxPaths()).isEqualTo(RoutingPlanner.DEFAULT_MAX_PATHS);
        assertThat(rc.noPeerDeferring()).isTrue(); // no speaker running
        // (the controller installed its own sweep gate; the test replaces it below)
        AtomicBoolean endOfRibFromAll = new AtomicBoolean();
        k.setSweepGate(endOfRibFromAll::get);

        // the re-learned table: one route moved, one gone, one new
        k.bestPathChanged(p("10.63.0.0/24"), Optional.of(best("10.63.0.0/24", "10.98.0.2")));
        k.bestPathChanged(p("10.64.0.0/24"), Optional.of(best("10.64.0.0/24", "10.99.0.2")));
        await(() -> weft4().contains("10.64.0.0/24") && weft4().contains("10.63.0.0/24 via 10.98.0.2"),
                KernelRouteSyncKernelTest::weft4);
        k.endStartupGrace(); // the agent's timer says so, but End-of-RIB is still awaited
        assertThat(k.syncNow(WAIT).orElseThrow().deleted()).isZero();
        assertThat(weft4()).contains("10.62.0.0/24");
        assertThat(k.startupGraceOver()).isFalse();

        endOfRibFromAll.set(true);
        await(k::startupGraceOver, () -> "grace not over");
        await(() -> !weft4().contains("10.62.0.0/24"), KernelRouteSyncKernelTest::weft4);
        assertThat(weft4()).contains("10.63.0.0/24 via 10.98.0.2").contains("10.64.0.0/24")
                .contains("10.244.0.5 dev wft0");
    }

    @Test
    void detachLeavesTheRoutesForTheNextRun() throws Exception {
        KernelRouteSync k = start(Duration.ofHours(1));
        k.endStartupGrace();
        k.bestPathChanged(p("10.69.0.0/24"), Optional.of(best("10.69.0.0/24", "10.99.0.2", "10.98.0.2")));
        await(() -> weft4().contains("10.69.0.0/24"), KernelRouteSyncKernelTest::weft4);
        k.detach();
        sync = null;
        assertThat(weft4()).contains("10.69.0.0/24");
        KernelRouteSync next = start(Duration.ofHours(1));
        assertThat(next.previousRunRoutes()).isEqualTo(1);
        // the same route re-learned: found as it is, nothing written
        next.bestPathChanged(p("10.69.0.0/24"), Optional.of(best("10.69.0.0/24", "10.98.0.2", "10.99.0.2")));
        next.syncNow(WAIT);
        assertThat(next.installedRoutes()).singleElement().satisfies(r -> assertThat(r.nextHops()).hasSize(2));
        assertThat(weft4()).contains("nexthop via 10.99.0.2").contains("nexthop via 10.98.0.2");
    }

    @Test
    void driftIsRepairedByThePeriodicResync() throws Exception {
        KernelRouteSync k = start(Duration.ofMillis(200));
        NodeRouting plan = new NodeRouting("n1", 65001, IpAddresses.parseIpv4("172.31.1.2"), 179,
                java.util.Set.of(), java.util.Map.of(), 1);
        // nothing left by a previous run: a normal start
        assertThat(new RoutingController("n1", k, RoutingController::defaultConfig).speakerConfig(plan).restarted()).isFalse();
        k.endStartupGrace();
        k.bestPathChanged(p("10.65.0.0/24"), Optional.of(best("10.65.0.0/24", "10.99.0.2")));
        await(() -> weft4().contains("10.65.0.0/24"), KernelRouteSyncKernelTest::weft4);
        ip("route", "del", "10.65.0.0/24");
        ip("route", "add", "10.66.0.0/24", "via", "10.99.0.2", "proto", "87"); // a stray of ours
        await(() -> weft4().contains("10.65.0.0/24") && !weft4().contains("10.66.0.0/24"), KernelRouteSyncKernelTest::weft4);
        assertThat(weft4()).contains("10.244.0.5 dev wft0");
    }

    @Test
    void aNextHopWithoutAUsableDeviceIsReportedNotInstalled() throws Exception {
        KernelRouteSync k = start(Duration.ofHours(1));
        k.endStartupGrace();
        // link-local next hop, learned from a peer whose interface is unknown (no connected route)
        k.bestPathChanged(p("fd67::/64"), Optional.of(new BestPath(p("fd67::/64"), a("fe80::9"), List.of(65000L),
                a("fd55::9"), 65000, OriginType.IGP, Optional.empty(), 100, List.of())));
        // link-local next hop learned from a peer on v0: routed via v0
        k.bestPathChanged(p("fd68::/64"), Optional.of(new BestPath(p("fd68::/64"), a("fe80::2"), List.of(65000L),
                a("fd99::2"), 65000, OriginType.IGP, Optional.empty(), 100, List.of())));
        k.syncNow(WAIT);
        assertThat(k.skipped()).containsOnlyKeys(p("fd67::/64"));
        assertThat(weft6()).contains("fd68::/64 via fe80::2 dev v0").doesNotContain("fd67");
    }
}
