package dev.weft.bgp.rib;

import static dev.weft.bgp.rib.Paths.attrs;
import static dev.weft.bgp.rib.Paths.path;
import static dev.weft.bgp.rib.Paths.peer;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BestPathSelectorTest {
    final BestPathSelector selector = BestPathSelector.rfc4271();

    @Test
    void emptyAndSingle() {
        assertThat(selector.select(List.of())).isEmpty();
        Path p = path(peer("10.0.0.1", 65000, "1.1.1.1", true), attrs(List.of(65000L)));
        assertThat(selector.select(List.of(p))).contains(p);
    }

    @Test
    void stepsApplyInRfcOrder() {
        // shorter path beats lower router id
        Path shortHighId = path(peer("10.0.0.9", 65009, "9.9.9.9", true), attrs(List.of(65009L)));
        Path longLowId = path(peer("10.0.0.1", 65000, "1.1.1.1", true), attrs(List.of(65000L, 65005L)));
        assertThat(selector.select(List.of(longLowId, shortHighId))).contains(shortHighId);
        // higher LOCAL_PREF (iBGP) beats a shorter path
        Path ibgpLp200 = path(peer("10.0.0.3", 65001, "3.3.3.3", false), Paths.withLocalPref(attrs(List.of(65000L, 65005L, 65006L)), 200));
        assertThat(selector.select(List.of(shortHighId, ibgpLp200))).contains(ibgpLp200);
    }

    @Test
    void medEliminationIsPerNeighbourAs() {
        // A (AS 65000, MED 10), B (AS 65000, MED 5), C (AS 65002, MED 0, highest router id).
        // MED removes A; then eBGP tie; router id picks B over C.
        Path a = path(peer("10.0.0.1", 65000, "1.1.1.1", true), Paths.withMed(attrs(List.of(65000L)), 10));
        Path b = path(peer("10.0.0.2", 65000, "2.2.2.2", true), Paths.withMed(attrs(List.of(65000L)), 5));
        Path c = path(peer("10.0.0.3", 65002, "3.3.3.3", true), Paths.withMed(attrs(List.of(65002L)), 0));
        assertThat(selector.select(List.of(a, b, c))).contains(b);
        assertThat(selector.select(List.of(c, a, b))).contains(b);
        // without B, A survives MED (no other path from 65000) and wins on router id
        assertThat(selector.select(List.of(a, c))).contains(a);
    }
}
