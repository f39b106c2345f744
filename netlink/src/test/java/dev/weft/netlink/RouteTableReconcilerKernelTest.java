package dev.weft.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import dev.weft.model.route.RouteSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The reconciler against a real kernel in namespace {@code weft-tn-rc}, checked with {@code ip route}. */
@Tag("kernel")
class RouteTableReconcilerKernelTest extends RouteNetnsFixture {
    static final RouteSpec A = RouteSpec.via(IpPrefix.parse("10.20.1.0/24"), IpAddresses.parse("10.99.0.2"));
    static final RouteSpec B = RouteSpec.via(IpPrefix.parse("10.20.2.0/24"), IpAddresses.parse("10.99.0.3"));
    static final RouteSpec C = RouteSpec.dev(IpPrefix.parse("10.20.3.7/32"), "v0");
    static final RouteSpec V6 = RouteSpec.via(IpPrefix.parse("fd20::/64"), IpAddresses.parse("fd99::2"));

    RouteTableReconcilerKernelTest() {
        super("rc");
    }

    /** Besides the fixture's flush: the tables the multi-table tests write to. */
    @BeforeEach
    void flushTables() {
        ns.ipIgnoringFailure("route", "flush", "table", "100");
        ns.ipIgnoringFailure("route", "flush", "table", "200");
    }

    String ours() {
        return ns.ip("route", "show", "proto", "87") + ns.ip("-6", "route", "show", "proto", "87");
    }

    @Test
    void anOwnershipPredicateLeavesTheOtherProducersRoutesOfTheSameProtocolAlone() {
        // The CNI driver's Pod routes (dev-only) and the BGP routes (via a gateway) share protocol 87.
        nl.replaceRoute(C, WEFT);
        RouteTableReconciler bgp = new RouteTableReconciler(nl, WEFT, Set.of(RouteSpec.MAIN_TABLE),
                k -> k.spec().gateway().isPresent());
        SyncResult r = bgp.sync(List.of(A));
        assertThat(r.inSync()).isTrue();
        assertThat(ours()).contains("10.20.1.0/24 via 10.99.0.2 dev v0", "10.20.3.7 dev v0 scope link");
        SyncResult empty = bgp.sync(List.of());
        assertThat(empty.deleted()).isEqualTo(1);
        assertThat(ours()).contains("10.20.3.7 dev v0 scope link").doesNotContain("10.20.1.0/24");
    }

    @Test
    void addsMissingRoutesAndASecondSyncChangesNothing() {
        RouteTableReconciler rec = new RouteTableReconciler(nl, WEFT);
        SyncResult first = rec.sync(List.of(A, B, C, V6));
        assertThat(first.added()).isEqualTo(4);
        assertThat(first.inSync()).isTrue();
        assertThat(ours()).contains("10.20.1.0/24 via 10.99.0.2 dev v0", "10.20.2.0/24 via 10.99.0.3 dev v0",
                "10.20.3.7 dev v0 scope link", "fd20::/64 via fd99::2 dev v0");

        SyncResult second = rec.sync(List.of(A, B, C, V6));
        assertThat(second.noChange()).isTrue();
        assertThat(second.unchanged()).isEqualTo(4);
    }

    @Test
    void deletesStrayWeftRoutesAndKeepsForeignOnes() {
        ns.ip("route", "add", "10.20.9.0/24", "via", "10.99.0.2", "proto", "87");
        ns.ip("-6", "route", "add", "fd29::/64", "via", "fd99::2", "proto", "87");
        ns.ip("route", "add", "10.20.8.0/24", "via", "10.99.0.2", "proto", "static");
        RouteTableReconciler rec = new RouteTableReconciler(nl, WEFT);

        SyncResult r = rec.sync(List.of(A));
        assertThat(r.added()).isEqualTo(1);
        assertThat(r.deleted()).isEqualTo(2);
        assertThat(ours()).contains("10.20.1.0/24").doesNotContain("10.20.9.0").doesNotContain("fd29::");
        String all = ns.ip("route", "show");
        assertThat(all).contains("10.20.8.0/24 via 10.99.0.2 dev v0 proto static")
                .contains("10.99.0.0/24 dev v0 proto kernel");

        assertThat(rec.sync(List.of()).deleted()).isEqualTo(1);
        assertThat(ours()).isEmpty();
        assertThat(ns.ip("route", "show")).contains("10.20.8.0/24").contains("10.99.0.0/24");
    }

    @Test
    void repairsARouteDeletedOrChangedBehindItsBack() {
        RouteTableReconciler rec = new RouteTableReconciler(nl, WEFT);
        rec.sync(List.of(A, B));
        ns.ip("route", "del", "10.20.1.0/24");
        ns.ip("route", "change", "10.20.2.0/24", "via", "10.99.0.9", "proto", "87");

        SyncResult r = rec.sync(List.of(A, B));
        assertThat(r.added()).isEqualTo(1);
        assertThat(r.replaced()).isEqualTo(1);
        assertThat(ours()).contains("10.20.1.0/24 via 10.99.0.2").contains("10.20.2.0/24 via 10.99.0.3")
                .doesNotContain("10.99.0.9");
    }

    @Test
    void removesOurRoutesAtAnotherMetric() {
        ns.ip("route", "add", "10.20.1.0/24", "via", "10.99.0.2", "proto", "87", "metric", "50");
        SyncResult r = new RouteTableReconciler(nl, WEFT).sync(List.of(A));
        assertThat(r.added()).isEqualTo(1);
        assertThat(r.deleted()).isEqualTo(1);
        assertThat(ours().strip()).isEqualTo("10.20.1.0/24 via 10.99.0.2 dev v0");
    }

    @Test
    void aForeignRouteOnTheSameDestinationIsAConflictAndIsLeftAlone() {
        ns.ip("route", "add", "10.20.1.0/24", "via", "10.99.0.5", "proto", "static");
        SyncResult r = new RouteTableReconciler(nl, WEFT).sync(List.of(A, B));
        assertThat(r.conflicts()).containsExactly(FibRoute.of(A));
        assertThat(r.added()).isEqualTo(1);
        assertThat(r.inSync()).isFalse();
        assertThat(ns.ip("route", "show", "10.20.1.0/24")).contains("via 10.99.0.5").contains("proto static");
    }

    @Test
    void aRouteTheKernelRefusesIsReportedAndTheOthersAreStillSynced() {
        RouteSpec bad = RouteSpec.dev(IpPrefix.parse("10.20.4.0/24"), "nope0");
        RouteSpec unreachable = RouteSpec.via(IpPrefix.parse("10.20.5.0/24"), IpAddresses.parse("192.0.2.1"));
        SyncResult r = new RouteTableReconciler(nl, WEFT).sync(List.of(A, bad, unreachable));
        assertThat(r.added()).isEqualTo(1);
        assertThat(r.failures()).extracting(SyncResult.Failure::route)
                .containsExactlyInAnyOrder(FibRoute.of(bad), FibRoute.of(unreachable));
        assertThat(r.failures()).allSatisfy(f -> assertThat(f.error().errno()).isPositive());
        assertThat(ours()).contains("10.20.1.0/24");
    }

    @Test
    void conflictingDesiredRoutesAreRejectedBeforeAnyChange() {
        ns.ip("route", "add", "10.20.9.0/24", "via", "10.99.0.2", "proto", "87");
        RouteSpec a2 = RouteSpec.via(A.destination(), IpAddresses.parse("10.99.0.7"));
        RouteTableReconciler rec = new RouteTableReconciler(nl, WEFT);
        assertThatThrownBy(() -> rec.sync(List.of(A, a2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10.20.1.0/24");
        assertThat(ours()).contains("10.20.9.0/24").doesNotContain("10.20.1.0");
        assertThat(rec.sync(List.of(A, A)).added()).isEqualTo(1); // identical duplicates are fine
    }

    @Test
    void ownsOtherTablesAndEmptiesATableThatLeavesTheDesiredSet() {
        RouteSpec t100 = new RouteSpec(A.destination(), A.gateway(), Optional.empty(), 100);
        ns.ip("route", "add", "10.20.7.0/24", "via", "10.99.0.2", "proto", "87", "table", "200");
        RouteTableReconciler rec = new RouteTableReconciler(nl, WEFT);
        assertThat(rec.sync(List.of(A, t100)).added()).isEqualTo(2);
        assertThat(ns.ip("route", "show", "table", "100", "proto", "87")).contains("10.20.1.0/24 via 10.99.0.2");
        assertThat(rec.tables()).containsExactlyInAnyOrder(254, 100);
        // table 200 is not owned: its weft route stays
        assertThat(ns.ip("route", "show", "table", "200")).contains("10.20.7.0/24");

        assertThat(rec.sync(List.of(A)).deleted()).isEqualTo(1);
        assertThat(ns.ip("route", "show", "table", "100")).isEmpty();

        SyncResult owning200 = new RouteTableReconciler(nl, WEFT, Set.of(254, 200)).sync(List.of(A));
        assertThat(owning200.deleted()).isEqualTo(1);
        assertThat(ns.ip("route", "show", "table", "200")).isEmpty();
    }

    @Test
    void invalidConstructorArgumentsAreRejected() {
        assertThatThrownBy(() -> new RouteTableReconciler(nl, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RouteTableReconciler(nl, 256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RouteTableReconciler(nl, WEFT, Set.of(0))).isInstanceOf(IllegalArgumentException.class);
    }
}
