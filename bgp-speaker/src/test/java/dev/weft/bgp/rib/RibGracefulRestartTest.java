package dev.weft.bgp.rib;

import static dev.weft.bgp.rib.RibHarness.LOCAL_AS;
import static dev.weft.bgp.rib.RibHarness.announce;
import static dev.weft.bgp.rib.RibHarness.announce6;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.wire.AddressFamily;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpPrefix;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Graceful restart as receiving speaker (RFC 4724 §4.2). */
class RibGracefulRestartTest {
    static final IpPrefix A = IpPrefix.parse("10.1.0.0/24");
    static final IpPrefix B = IpPrefix.parse("10.2.0.0/24");
    static final IpPrefix V6 = IpPrefix.parse("2001:db8:1::/48");

    final RibHarness out = new RibHarness();
    final Rib rib = new Rib(LOCAL_AS, out);
    final RibPeer tor = RibHarness.ebgp("10.0.0.1", 65000);
    final RibPeer other = RibHarness.ebgp("10.0.1.1", 65010);

    void learn() {
        rib.peerUp(tor);
        rib.peerUp(other);
        rib.update(tor.address(), announce(List.of(65000L), "192.0.2.1", List.of(), A, B));
        rib.update(tor.address(), announce6(List.of(65000L), "2001:db8::1", Optional.empty(), V6));
        out.best.clear();
        out.take(other);
    }

    @Test
    void staleRoutesStayInTheLocRibAndNothingIsWithdrawn() {
        learn();
        rib.markStale(tor.address());
        assertThat(rib.locRib()).containsOnlyKeys(A, B, V6);
        assertThat(rib.staleCount(tor.address())).isEqualTo(3);
        assertThat(out.best).isEmpty();
        assertThat(out.take(other)).isEmpty();
        assertThat(rib.prefixesAdvertised(tor.address())).isZero();
    }

    @Test
    void reannouncedRoutesAreFreshAndEndOfRibDropsTheRestOfThatFamilyOnly() {
        learn();
        rib.markStale(tor.address());
        rib.peerUp(tor);
        rib.update(tor.address(), announce(List.of(65000L), "192.0.2.1", List.of(), A));
        assertThat(out.best).isEmpty(); // same route again: no change
        assertThat(rib.staleCount(tor.address())).isEqualTo(2);
        rib.update(tor.address(), UpdateMessage.endOfRib(AddressFamily.IPV4_UNICAST));
        assertThat(rib.locRib()).containsOnlyKeys(A, V6);
        assertThat(out.best.get(B)).containsExactly(Optional.empty());
        assertThat(RibHarness.withdrawn(out.take(other))).containsExactly(B);
        rib.endOfRib(tor.address(), AddressFamily.IPV6_UNICAST);
        assertThat(rib.locRib()).containsOnlyKeys(A);
        assertThat(rib.staleCount(tor.address())).isZero();
    }

    @Test
    void sweepAfterTheRestartTimeDropsEverythingStaleAndForgetsAPeerThatDidNotReturn() {
        learn();
        rib.markStale(tor.address());
        rib.sweepStale(tor.address());
        assertThat(rib.locRib()).isEmpty();
        assertThat(rib.prefixesReceived(tor.address())).isZero();
        assertThat(RibHarness.withdrawn(out.take(other))).containsExactlyInAnyOrder(A, B);
    }

    @Test
    void changedAttributesOnReturnReplaceTheStaleRoute() {
        learn();
        rib.markStale(tor.address());
        rib.peerUp(tor);
        rib.update(tor.address(), announce(List.of(65000L, 65100L), "192.0.2.1", List.of(), A));
        assertThat(out.best.get(A)).hasSize(1);
        rib.sweepStale(tor.address());
        assertThat(rib.locRib()).containsOnlyKeys(A);
        assertThat(rib.locRib().get(A).asPathLength()).isEqualTo(2);
    }

    @Test
    void aPeerDownWithoutGracefulRestartWithdrawsAtOnce() {
        learn();
        rib.peerDown(tor.address());
        assertThat(rib.locRib()).isEmpty();
        rib.markStale(tor.address()); // unknown peer: nothing to do
        assertThat(rib.staleCount(tor.address())).isZero();
    }
}
