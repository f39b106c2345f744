package dev.weft.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import dev.weft.model.route.RouteSpec;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The kernel FIB side of BGP: multipath (IPv4, IPv6, IPv4 via IPv6), batched incremental passes,
 * resync after drift and after lost answers, ownership. Namespace {@code weft-tn-fib-k} with a
 * veth v0/v1 (10.99.0.1/24, fd99::1/64 on v0) and a second one w0/w1 (10.98.0.1/24).
 */
@Tag("kernel")
class FibKernelTest extends RouteNetnsFixture {
    FibKernelTest() {
        super("fib-k");
    }

    static IpPrefix p(String s) {
        return IpPrefix.parse(s);
    }

    static InetAddress a(String s) {
        return IpAddresses.parse(s);
    }

    /** A second veth w0/w1: 10.98.0.1/24 and fd98::1/64 on w0. */
    @Override
    List<String> addLinks() {
        ns.ip("link", "add", "w0", "type", "veth", "peer", "name", "w1");
        ns.ip("addr", "add", "10.98.0.1/24", "dev", "w0");
        ns.ip("-6", "addr", "add", "fd98::1/64", "dev", "w0", "nodad");
        return List.of("w0", "w1");
    }

    String ours4() {
        return ns.ip("route", "show", "proto", "87");
    }

    String ours6() {
        return ns.ip("-6", "route", "show", "proto", "87");
    }

    @Test
    void ipv4MultipathRouteIsInstalledReadBackAndItsNextHopSetChanged() {
        FibRoute ecmp = FibRoute.via(p("10.30.0.0/24"), List.of(a("10.99.0.2"), a("10.98.0.2")));
        RouteTableReconciler rec = new RouteTableReconciler(nl, WEFT);
        SyncResult first = rec.apply(List.of(ecmp), true);
        assertThat(first.added()).isEqualTo(1);
        assertThat(first.fullResync()).isTrue();
        String shown = ours4();
        assertThat(shown).contains("10.30.0.0/24").contains("nexthop via 10.98.0.2 dev w0 weight 1")
                .contains("nexthop via 10.99.0.2 dev v0 weight 1");
        KernelRoute k = nl.listRoutes(Netlink.AF_INET, 254, WEFT).get(0);
        assertThat(k.nexthops()).isEqualTo(2);
        assertThat(k.paths()).containsExactlyInAnyOrder(NextHop.via(a("10.99.0.2"), "v0"), NextHop.via(a("10.98.0.2"), "w0"));
        assertThat(k.satisfies(ecmp)).isTrue();

        // a full resync finds it as wanted
        assertThat(rec.syncRoutes(List.of(ecmp), true).unchanged()).isEqualTo(1);

        // weights and a third next hop: replaced in place, incrementally
        FibRoute weighted = FibRoute.of(p("10.30.0.0/24"), List.of(NextHop.via(a("10.99.0.2")).withWeight(3),
                NextHop.via(a("10.98.0.2")), NextHop.via(a("10.99.0.3"))));
        SyncResult second = rec.apply(List.of(weighted), true);
        assertThat(second.replaced()).isEqualTo(1);
        assertThat(second.fullResync()).isFalse();
        assertThat(ours4()).contains("nexthop via 10.99.0.2 dev v0 weight 3").contains("nexthop via 10.99.0.3 dev v0 weight 1");
        assertThat(rec.syncRoutes(List.of(weighted), true).noChange()).isTrue();

        // back to one next hop: a plain route again
        FibRoute single = FibRoute.via(p("10.30.0.0/24"), List.of(a("10.98.0.2")));
        rec.apply(List.of(single), true);
        assertThat(ours4().strip()).isEqualTo("10.30.0.0/24 via 10.98.0.2 dev w0");
        assertThat(rec.apply(List.of(), true).deleted()).isEqualTo(1);
        assertThat(ours4()).isEmpty();
    }

    @Test
    void ipv6MultipathRouteViaGlobalAndLinkLocalNextHops() {
        FibRoute ecmp = FibRoute.of(p("fd30::/64"), List.of(NextHop.via(a("fd99::2")), NextHop.via(a("fe80::2"), "w0")));
        RouteTableReconciler rec = new RouteTableReconciler(nl, WEFT);
        assertThat(rec.apply(List.of(ecmp), true).added()).isEqualTo(1);
        assertThat(ours6()).contains("fd30::/64").contains("nexthop via fd99::2 dev v0 weight 1")
                .contains("nexthop via fe80::2 dev w0 weight 1");
        KernelRoute k = nl.listRoutes(Netlink.AF_INET6, 254, WEFT).get(0);
        assertThat(k.paths()).hasSize(2);
        assertThat(k.priority()).isEqualTo(1024);
        assertThat(rec.syncRoutes(List.of(ecmp), true).unchanged()).isEqualTo(1);

        FibRoute other = FibRoute.of(p("fd30::/64"), List.of(NextHop.via(a("fd99::3")), NextHop.via(a("fd98::3"))));
        SyncResult r = rec.apply(List.of(other), true);
        assertThat(r.replaced()).isEqualTo(1);
        assertThat(ours6()).contains("nexthop via fd99::3").contains("nexthop via fd98::3").doesNotContain("fe80::2");
        assertThat(rec.syncRoutes(List.of(other), true).noChange()).isTrue();

        assertThat(rec.apply(List.of(), true).deleted()).isEqualTo(1);
        assertThat(ours6()).isEmpty();
    }

    @Test
    void ipv4RoutesViaIpv6NextHopsUseRtaVia() {
        FibRoute single = FibRoute.of(p("10.31.0.0/24"), List.of(NextHop.via(a("fe80::5"), "v0")));
        FibRoute ecmp = FibRoute.of(p("10.31.1.0/24"), List.of(NextHop.via(a("fd99::2"), "v0"), NextHop.via(a("fd98::2"), "w0")));
        RouteTableReconciler rec = new RouteTableReconciler(nl, WEFT);
        SyncResult r = rec.apply(List.of(single, ecmp), true);
        assertThat(r.failures()).isEmpty();
        assertThat(r.added()).isEqualTo(2);
        assertThat(ours4()).contains("10.31.0.0/24 via inet6 fe80::5 dev v0")
                .contains("nexthop via inet6 fd99::2 dev v0").contains("nexthop via inet6 fd98::2 dev w0");
        assertThat(rec.syncRoutes(List.of(single, ecmp), true).unchanged()).isEqualTo(2);
        assertThat(rec.apply(List.of(), true).deleted()).isEqualTo(2);
        assertThat(ours4()).isEmpty();
    }

    @Test
    void invalidNextHopsAreRejectedBeforeTheKernel() {
        assertThatThrownBy(() -> FibRoute.of(p("fd30::/64"), List.of(NextHop.via(a("10.99.0.2")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IPv4 gateway");
        assertThatThrownBy(() -> FibRoute.of(p("10.30.0.0/24"), List.of(NextHop.via(a("fd99::2")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a device");
        assertThatThrownBy(() -> NextHop.via(a("fe80::1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("link-local");
        assertThatThrownBy(() -> FibRoute.via(p("10.30.0.0/24"), List.of(a("10.99.0.2"), a("10.99.0.2"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> FibRoute.of(p("10.30.0.0/24"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no next hop");
        assertThatThrownBy(() -> NextHop.via(a("10.99.0.2")).withWeight(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FibRoute.of(p("10.30.0.0/24"), List.of(NextHop.dev("v0"), NextHop.via(a("10.99.0.2")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no gateway");
        // the order of next hops does not matter
        assertThat(FibRoute.via(p("10.30.0.0/24"), List.of(a("10.99.0.2"), a("10.98.0.2"))))
                .isEqualTo(FibRoute.via(p("10.30.0.0/24"), List.of(a("10.98.0.2"), a("10.99.0.2"))));
    }

    static List<FibRoute> hosts(String prefix24, int n, String gw) {
        List<FibRoute> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(FibRoute.via(p(prefix24 + "." + (i / 250) + "." + (i % 250 + 1) + "/32"), List.of(a(gw))));
        }
        return out;
    }

    @Test
    void incrementalPassesWriteOnlyTheDifferenceInBatches() {
        List<FibRoute> want = new ArrayList<>(hosts("10.40", 3000, "10.99.0.2"));
        RouteTableReconciler rec = new RouteTableReconciler(nl, WEFT);
        SyncResult first = rec.apply(want, true);
        assertThat(first.added()).isEqualTo(3000);
        assertThat(first.inSync()).isTrue();
        assertThat(ours4().lines()).hasSize(3000);

        // withdraw 100, move 100 to another gateway, add 100
        List<FibRoute> next = new ArrayList<>(want.subList(100, 3000));
        for (int i = 100; i < 200; i++) {
            next.set(i - 100, FibRoute.via(want.get(i).destination(), List.of(a("10.98.0.2"))));
        }
        next.addAll(hosts("10.41", 100, "10.99.0.3"));
        SyncResult second = rec.apply(next, true);
        assertThat(second.fullResync()).isFalse();
        assertThat(second.deleted()).isEqualTo(100);
        assertThat(second.replaced()).isEqualTo(100);
        assertThat(second.added()).isEqualTo(100);
        assertThat(second.unchanged()).isEqualTo(2800);
        assertThat(ours4().lines()).hasSize(3000);
        assertThat(ns.ip("route", "show", "proto", "87", "via", "10.98.0.2").lines()).hasSize(100);
        assertThat(rec.syncRoutes(next, true).noChange()).isTrue();
        assertThat(rec.apply(List.of(), true).deleted()).isEqualTo(3000);
    }

    @Test
    void changeSetsTouchOnlyTheChangedDestinations() {
        List<FibRoute> want = hosts("10.48", 1000, "10.99.0.2");
        RouteTableReconciler rec = new RouteTableReconciler(nl, WEFT);
        Map<IpPrefix, Optional<FibRoute>> first = new HashMap<>();
        want.forEach(r -> first.put(r.destination(), Optional.of(r)));
        SyncResult initial = rec.applyChanges(254, first, true);
        assertThat(initial.fullResync()).isTrue(); // nothing known yet: a dump first
        assertThat(initial.added()).isEqualTo(1000);

        Map<IpPrefix, Optional<FibRoute>> changes = new HashMap<>();
        changes.put(want.get(0).destination(), Optional.empty());
        changes.put(want.get(1).destination(), Optional.of(FibRoute.via(want.get(1).destination(),
                List.of(a("10.99.0.2"), a("10.98.0.2")))));
        FibRoute fresh = FibRoute.via(p("10.49.0.1/32"), List.of(a("10.99.0.3")));
        changes.put(fresh.destination(), Optional.of(fresh));
        SyncResult r = rec.applyChanges(254, changes, true);
        assertThat(r.fullResync()).isFalse();
        assertThat(r.deleted()).isEqualTo(1);
        assertThat(r.replaced()).isEqualTo(1);
        assertThat(r.added()).isEqualTo(1);
        assertThat(r.unchanged()).isZero(); // the 998 others were not even looked at
        assertThat(ours4().lines().filter(l -> !l.startsWith("\t") && !l.startsWith(" "))).hasSize(1000);
        assertThat(ns.ip("route", "show", "10.48.0.2/32")).contains("nexthop via 10.98.0.2");

        // the remembered desired set is what a full resync converges to
        rec.requestResync();
        SyncResult full = rec.applyChanges(254, Map.of(), true);
        assertThat(full.fullResync()).isTrue();
        assertThat(full.noChange()).isTrue();
        assertThat(full.unchanged()).isEqualTo(1000);

        // add-only: a removed destination keeps its route until deleting is allowed
        rec.applyChanges(254, Map.of(fresh.destination(), Optional.empty()), false);
        assertThat(ours4()).contains("10.49.0.1");
        assertThat(rec.applyChanges(254, Map.of(), true).deleted()).isEqualTo(1);
        assertThat(ours4()).doesNotContain("10.49.0.1");

        assertThatThrownBy(() -> rec.applyChanges(254, Map.of(p("10.49.0.2/32"), Optional.of(fresh)), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10.49.0.2/32");
        assertThatThrownBy(() -> rec.applyChanges(100, Map.of(fresh.destination(), Optional.of(fresh)), true))
                .isInstanceOf(IllegalArgumentException.class);
        rec.apply(List.of(), true);
    }

    @Test
    void compactChangesShareOneNextHopListAndConvergeLikeFibRoutes() {
        RouteTableReconciler rec = new RouteTableReconciler(nl, WEFT);
        List<NextHop> via2 = new ArrayList<>(List.of(NextHop.via(a("10.99.0.2")))); // not canonical: interned
        int n = RouteTableReconciler.CHUNK + 1000; // even: half of them move below
        RouteChanges all = new RouteChanges();
        for (int i = 0; i < n; i++) {
            all.putIpv4(PrefixMap.ipv4Key(0x0a370000 + i, 32), via2);
        }
        all.put(p("fd37::/64"), List.of(NextHop.via(a("fd99::2"))));
        SyncResult first = rec.syncTable(254, all, true);
        assertThat(first.fullResync()).isTrue();
        assertThat(first.added()).isEqualTo(n + 1);
        assertThat(rec.installedCount()).isEqualTo(n + 1);
        List<FibRoute> installed = rec.installed();
        FibRoute one = installed.stream().filter(r -> r.destination().equals(p("10.55.0.7/32"))).findFirst().orElseThrow();
        FibRoute two = installed.stream().filter(r -> r.destination().equals(p("10.55.1.7/32"))).findFirst().orElseThrow();
        assertThat(one.nextHops()).isSameAs(two.nextHops()); // one list for every route via 10.99.0.2

        // more changes than one netlink chunk: every one written, none looked up twice
        RouteChanges moved = new RouteChanges();
        List<NextHop> ecmp = List.of(NextHop.via(a("10.99.0.2")), NextHop.via(a("10.98.0.2")));
        for (int i = 0; i < n; i++) {
            moved.putIpv4(PrefixMap.ipv4Key(0x0a370000 + i, 32), i % 2 == 0 ? ecmp : via2);
        }
        long lastKey = PrefixMap.ipv4Key(0x0a370000 + n - 1, 32);
        moved.removeIpv4(lastKey);
        SyncResult r = rec.applyChanges(254, moved, true);
        assertThat(r.fullResync()).isFalse();
        assertThat(r.replaced()).isEqualTo(n / 2);
        assertThat(r.unchanged()).isEqualTo(n / 2 - 1); // the last one was then removed
        assertThat(r.deleted()).isEqualTo(1);
        assertThat(ns.ip("route", "show", "10.55.0.2/32")).contains("nexthop via 10.98.0.2");
        assertThat(ns.ip("route", "show", PrefixMap.ipv4Prefix(lastKey).toString())).isBlank();

        // an invalid next-hop set is refused before anything is written or remembered
        RouteChanges bad = new RouteChanges().put(p("10.56.0.0/24"), List.of(NextHop.via(a("10.99.0.3"))))
                .put(p("fd38::/64"), List.of(NextHop.via(a("10.99.0.2"))));
        assertThatThrownBy(() -> rec.applyChanges(254, bad, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IPv4 gateway");
        assertThatThrownBy(() -> rec.applyChanges(0, new RouteChanges(), true))
                .isInstanceOf(IllegalArgumentException.class);
        rec.requestResync();
        SyncResult full = rec.applyChanges(254, new RouteChanges(), true);
        assertThat(full.noChange()).isTrue();
        assertThat(full.unchanged()).isEqualTo(n);
        assertThat(ours4()).doesNotContain("10.56.0.0");

        assertThat(rec.syncTable(254, new RouteChanges(), true).deleted()).isEqualTo(n);
        assertThat(ours4()).isBlank();
        assertThat(ours6()).isBlank();
    }

    @Test
    void driftIsRepairedByTheNextFullResync() {
        List<FibRoute> want = hosts("10.42", 50, "10.99.0.2");
        RouteTableReconciler rec = new RouteTableReconciler(nl, WEFT);
        rec.apply(want, true);
        ns.ip("route", "del", "10.42.0.1/32");
        ns.ip("route", "change", "10.42.0.2/32", "via", "10.99.0.9", "proto", "87");
        ns.ip("route", "add", "10.42.9.9/32", "via", "10.99.0.2", "proto", "87");
        // an incremental pass trusts its own record of the kernel
        assertThat(rec.apply(want, true).noChange()).isTrue();
        rec.requestResync();
        SyncResult r = rec.apply(want, true);
        assertThat(r.fullResync()).isTrue();
        assertThat(r.added()).isEqualTo(1);
        assertThat(r.replaced()).isEqualTo(1);
        assertThat(r.deleted()).isEqualTo(1);
        assertThat(ns.ip("route", "show", "10.42.0.2/32")).contains("via 10.99.0.2");
        assertThat(ours4().lines()).hasSize(50);
    }

    @Test
    void lostBatchAnswersLeadToAFullResync() {
        // A socket with a tiny receive queue: the ESRCH answers of 2000 deletes cannot all be queued.
        try (Netlink small = NetNs.callIn(ns.path(), () -> Netlink.over(NetlinkSocket.open(64 * 1024, 4096)))) {
            List<FibRoute> want = hosts("10.43", 2000, "10.99.0.2");
            RouteTableReconciler rec = new RouteTableReconciler(small, WEFT);
            assertThat(rec.apply(want, true).added()).isEqualTo(2000);
            ns.ip("route", "flush", "proto", "87"); // behind its back
            List<RouteOp> deletes = rec.installed().stream().map(f -> RouteOp.delete(new KernelRoute(
                    f.asRouteSpec().orElseThrow(), WEFT, 0, 0, false, 1))).toList();
            assertThatThrownBy(() -> small.routeBatch(deletes)).isInstanceOf(NetlinkException.class)
                    .satisfies(e -> assertThat(((NetlinkException) e).errno()).isEqualTo(NetlinkException.ENOBUFS));
            SyncResult r = rec.apply(List.of(), true);
            // the deletes' answers overflowed the queue (ENOBUFS): the reconciler re-read the kernel
            assertThat(r.fullResync()).isTrue();
            assertThat(r.inSync()).isTrue();
            assertThat(ours4()).isEmpty();
            // and the socket still works
            assertThat(rec.apply(hosts("10.43", 10, "10.99.0.2"), true).added()).isEqualTo(10);
        }
    }

    @Test
    void aDumpFailingWithEnobufsIsReadAgain() {
        // a 256-byte receive buffer: the first dump's datagram does not fit (ENOBUFS), the buffer grows
        try (Netlink tiny = NetNs.callIn(ns.path(), () -> Netlink.over(NetlinkSocket.open(256)))) {
            ns.ip("route", "add", "10.49.9.0/24", "via", "10.99.0.2", "proto", "87");
            RouteTableReconciler rec = new RouteTableReconciler(tiny, WEFT);
            SyncResult r = rec.apply(hosts("10.49", 100, "10.99.0.2"), true);
            assertThat(r.fullResync()).isTrue();
            assertThat(r.added()).isEqualTo(100);
            assertThat(r.deleted()).isEqualTo(1);
            assertThat(r.inSync()).isTrue();
        }
    }

    @Test
    void refusedRoutesInABatchAreReportedAndTheRestIsInstalled() {
        List<FibRoute> want = new ArrayList<>(hosts("10.44", 500, "10.99.0.2"));
        FibRoute unreachable = FibRoute.via(p("10.45.0.0/24"), List.of(a("192.0.2.1")));
        FibRoute noDevice = FibRoute.of(p("10.45.1.0/24"), List.of(NextHop.dev("nope0")));
        want.add(250, unreachable);
        want.add(noDevice);
        RouteTableReconciler rec = new RouteTableReconciler(nl, WEFT);
        SyncResult r = rec.apply(want, true);
        assertThat(r.added()).isEqualTo(500);
        assertThat(r.failures()).extracting(SyncResult.Failure::route).containsExactlyInAnyOrder(unreachable, noDevice);
        assertThat(r.failures()).filteredOn(f -> f.route().equals(unreachable)).singleElement()
                .satisfies(f -> assertThat(f.error().getMessage()).contains("10.45.0.0/24").contains("Nexthop has invalid gateway"));
        assertThat(ours4().lines()).hasSize(500);
        // after a refusal the next pass re-reads the kernel and retries
        ns.ip("addr", "add", "192.0.2.2/24", "dev", "v0");
        try {
            SyncResult retry = rec.apply(want, true);
            assertThat(retry.fullResync()).isTrue();
            assertThat(retry.added()).isEqualTo(1);
            assertThat(retry.failures()).extracting(SyncResult.Failure::route).containsExactly(noDevice);
        } finally {
            ns.ip("addr", "del", "192.0.2.2/24", "dev", "v0");
        }
    }

    @Test
    void routesItDoesNotOwnAreNeverTouched() {
        // a static route, and a Pod route of the CNI driver (same protocol, excluded by the predicate)
        ns.ip("route", "add", "10.46.0.0/24", "via", "10.99.0.5", "proto", "static");
        ns.ip("route", "add", "10.46.1.7/32", "dev", "w0", "proto", "87");
        RouteTableReconciler rec = new RouteTableReconciler(nl, WEFT, Set.of(RouteSpec.MAIN_TABLE),
                k -> k.spec().device().map(d -> !d.equals("w0")).orElse(true));
        FibRoute onStatic = FibRoute.via(p("10.46.0.0/24"), List.of(a("10.99.0.2")));
        FibRoute onPod = FibRoute.via(p("10.46.1.7/32"), List.of(a("10.99.0.2")));
        FibRoute free = FibRoute.via(p("10.46.2.0/24"), List.of(a("10.99.0.2")));
        SyncResult r = rec.apply(List.of(onStatic, onPod, free), true);
        assertThat(r.conflicts()).containsExactlyInAnyOrder(onStatic, onPod);
        assertThat(r.added()).isEqualTo(1);

        // a foreign route appearing after the last dump is not replaced by an incremental create
        ns.ip("route", "add", "10.46.3.0/24", "via", "10.99.0.6", "proto", "static");
        FibRoute late = FibRoute.via(p("10.46.3.0/24"), List.of(a("10.99.0.2")));
        SyncResult r2 = rec.apply(List.of(onStatic, onPod, free, late), true);
        assertThat(r2.fullResync()).isFalse();
        assertThat(r2.conflicts()).contains(late);
        assertThat(ns.ip("route", "show", "10.46.3.0/24")).contains("via 10.99.0.6").contains("proto static");

        assertThat(rec.apply(List.of(), true).deleted()).isEqualTo(1);
        assertThat(rec.syncRoutes(List.of(), true).noChange()).isTrue();
        String all = ns.ip("route", "show");
        assertThat(all).contains("10.46.0.0/24 via 10.99.0.5").contains("10.46.1.7 dev w0 proto weft")
                .contains("10.46.3.0/24 via 10.99.0.6").doesNotContain("10.46.2.0");
    }

    @Test
    void addOnlyPassesKeepLeftoversUntilDeletingIsAllowed() {
        // routes of a previous run
        ns.ip("route", "add", "10.47.0.0/24", "via", "10.99.0.2", "proto", "87");
        ns.ip("route", "add", "10.47.1.0/24", "via", "10.99.0.2", "proto", "87");
        RouteTableReconciler rec = new RouteTableReconciler(nl, WEFT);
        FibRoute moved = FibRoute.via(p("10.47.1.0/24"), List.of(a("10.98.0.2")));
        FibRoute fresh = FibRoute.via(p("10.47.2.0/24"), List.of(a("10.99.0.2")));
        SyncResult grace = rec.apply(List.of(moved, fresh), false);
        assertThat(grace.deleted()).isZero();
        assertThat(grace.replaced()).isEqualTo(1);
        assertThat(grace.added()).isEqualTo(1);
        assertThat(ours4()).contains("10.47.0.0/24").contains("10.47.1.0/24 via 10.98.0.2").contains("10.47.2.0/24");
        assertThat(rec.apply(List.of(moved, fresh), false).noChange()).isTrue();

        SyncResult after = rec.apply(List.of(moved, fresh), true);
        assertThat(after.fullResync()).isFalse();
        assertThat(after.deleted()).isEqualTo(1);
        assertThat(ours4()).doesNotContain("10.47.0.0/24");
        assertThat(rec.syncRoutes(List.of(moved, fresh), true).noChange()).isTrue();
    }
}
