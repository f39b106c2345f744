package dev.weft.bgp.rib;

import static dev.weft.bgp.rib.Paths.attrs;
import static dev.weft.bgp.rib.Paths.path;
import static dev.weft.bgp.rib.Paths.peer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.wire.AsPathSegment;
import dev.weft.bgp.wire.OriginType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One test per step of RFC 4271 §9.1.2.2, each comparator on its own. */
class PathComparatorsTest {
    static final RibPeer EBGP_A = peer("10.0.0.1", 65000, "1.1.1.1", true);
    static final RibPeer EBGP_B = peer("10.0.0.2", 65002, "2.2.2.2", true);
    static final RibPeer IBGP_C = peer("10.0.0.3", 65001, "3.3.3.3", false);
    static final RibPeer IBGP_D = peer("10.0.0.4", 65001, "4.4.4.4", false);

    @Test
    void localPrefHigherWinsAndEbgpRoutesUseTheDefault() {
        Path lp200 = path(IBGP_C, Paths.withLocalPref(attrs(List.of(65000L)), 200));
        Path lp50 = path(IBGP_D, Paths.withLocalPref(attrs(List.of(65000L)), 50));
        Path ebgpWithLp = path(EBGP_A, Paths.withLocalPref(attrs(List.of(65000L)), 500)); // ignored: eBGP
        assertThat(PathComparators.LOCAL_PREF.compare(lp200, lp50)).isNegative();
        assertThat(PathComparators.LOCAL_PREF.compare(lp50, ebgpWithLp)).isPositive();
        assertThat(ebgpWithLp.localPref()).isEqualTo(100);
        assertThat(path(IBGP_C, attrs(List.of())).localPref()).isEqualTo(100);
    }

    @Test
    void shorterAsPathWinsAndAnAsSetCountsOne() {
        Path two = path(EBGP_A, attrs(List.of(65000L, 65010L)));
        Path three = path(EBGP_B, attrs(List.of(65002L, 65010L, 65020L)));
        RouteAttributes withSet = new RouteAttributes(OriginType.IGP, List.of(AsPathSegment.sequence(65002L),
                AsPathSegment.set(1L, 2L, 3L, 4L)), two.attributes().nextHop(), Optional.empty(), Optional.empty(), List.of(), false, List.of());
        assertThat(PathComparators.AS_PATH_LENGTH.compare(two, three)).isNegative();
        assertThat(PathComparators.AS_PATH_LENGTH.compare(two, path(EBGP_B, withSet))).isZero();
    }

    @Test
    void lowerOriginWins() {
        Path igp = path(EBGP_A, attrs(List.of(65000L)));
        Path egp = path(EBGP_B, Paths.withOrigin(attrs(List.of(65002L)), OriginType.EGP));
        Path incomplete = path(EBGP_B, Paths.withOrigin(attrs(List.of(65002L)), OriginType.INCOMPLETE));
        assertThat(PathComparators.ORIGIN.compare(igp, egp)).isNegative();
        assertThat(PathComparators.ORIGIN.compare(incomplete, egp)).isPositive();
    }

    @Test
    void lowerMedWinsOnlyBetweenTheSameNeighbourAs() {
        RibPeer otherFrom65000 = peer("10.0.0.9", 65000, "9.9.9.9", true);
        Path med10 = path(EBGP_A, Paths.withMed(attrs(List.of(65000L)), 10));
        Path med5 = path(otherFrom65000, Paths.withMed(attrs(List.of(65000L)), 5));
        Path noMed = path(otherFrom65000, attrs(List.of(65000L)));
        Path med1OtherAs = path(EBGP_B, Paths.withMed(attrs(List.of(65002L)), 1));
        assertThat(PathComparators.MED.compare(med5, med10)).isNegative();
        assertThat(PathComparators.MED.compare(noMed, med5)).isNegative(); // missing MED = 0
        assertThat(PathComparators.MED.compare(med1OtherAs, med10)).isZero();
    }

    @Test
    void ebgpBeatsIbgp() {
        assertThat(PathComparators.EBGP_OVER_IBGP.compare(path(EBGP_A, attrs(List.of(65000L))), path(IBGP_C, attrs(List.of(65000L)))))
                .isNegative();
        assertThat(PathComparators.EBGP_OVER_IBGP.compare(path(IBGP_C, attrs(List.of())), path(IBGP_D, attrs(List.of())))).isZero();
    }

    @Test
    void lowerRouterIdWinsComparedUnsigned() {
        RibPeer high = peer("10.0.0.5", 65000, "200.0.0.1", true);
        assertThat(PathComparators.ROUTER_ID.compare(path(EBGP_A, attrs(List.of())), path(high, attrs(List.of())))).isNegative();
    }

    @Test
    void lowerPeerAddressWins() {
        RibPeer sameId = peer("10.0.0.200", 65000, "1.1.1.1", true);
        assertThat(PathComparators.PEER_ADDRESS.compare(path(EBGP_A, attrs(List.of())), path(sameId, attrs(List.of())))).isNegative();
    }
}
