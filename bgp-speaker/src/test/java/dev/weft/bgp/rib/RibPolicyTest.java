package dev.weft.bgp.rib;

import static dev.weft.bgp.rib.RibHarness.LOCAL_AS;
import static dev.weft.bgp.rib.RibHarness.announce;
import static dev.weft.bgp.rib.RibHarness.announced;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Import/export policy hooks and RFC 8212 defaults. */
class RibPolicyTest {
    static final IpPrefix A = IpPrefix.parse("10.1.0.0/24");
    static final IpPrefix B = IpPrefix.parse("10.2.0.0/24");
    static final IpPrefix OWN = IpPrefix.parse("10.244.0.0/24");

    final RibHarness out = new RibHarness();
    final Rib rib = new Rib(LOCAL_AS, out);
    final RibPeer tor = RibHarness.ebgp("10.0.0.1", 65000).withPolicies(Optional.empty(), Optional.empty());
    final RibPeer ibgp = RibHarness.ibgp("10.0.9.1").withPolicies(Optional.empty(), Optional.empty());

    /** Accepts only prefix A, setting LOCAL_PREF 300 on it. */
    static final RoutePolicy ONLY_A = (path, original) -> path.prefix().equals(A)
            ? Optional.of(new Path(path.prefix(), path.attributes().withLocalPref(Optional.of(300L)), path.source()))
            : Optional.empty();

    @Test
    void rfc8212AnEbgpPeerWithoutPolicyImportsAndExportsNothing() {
        rib.peerUp(tor);
        rib.peerUp(ibgp);
        rib.originate(OWN);
        assertThat(out.take(tor)).isEmpty();
        assertThat(announced(out.take(ibgp))).containsExactly(OWN);
        rib.update(tor.address(), announce(List.of(65000L), "192.0.2.1", List.of(), A));
        assertThat(rib.locRib()).isEmpty();
        assertThat(rib.prefixesReceived(tor.address())).isEqualTo(1); // kept for a later policy
        rib.update(ibgp.address(), announce(List.of(), "192.0.2.2", List.of(), B));
        assertThat(rib.locRib()).containsOnlyKeys(B);
    }

    @Test
    void aNewImportPolicyIsAppliedToWhatWasAlreadyReceived() {
        rib.peerUp(tor);
        rib.peerUp(ibgp);
        rib.update(tor.address(), announce(List.of(65000L), "192.0.2.1", List.of(), A, B));
        rib.setPolicies(tor.address(), Optional.of(ONLY_A), Optional.empty());
        assertThat(rib.locRib()).containsOnlyKeys(A);
        assertThat(rib.locRib().get(A).attributes().localPref()).contains(300L);
        assertThat(announced(out.take(ibgp))).containsExactly(A);
        rib.setPolicies(tor.address(), Optional.empty(), Optional.empty());
        assertThat(rib.locRib()).isEmpty();
        assertThat(RibHarness.withdrawn(out.take(ibgp))).containsExactly(A);
    }

    @Test
    void exportPolicyFiltersAndChangingItSendsOnlyTheDifference() {
        rib.peerUp(tor);
        rib.originate(List.of(A, B));
        assertThat(out.take(tor)).isEmpty();
        rib.setPolicies(tor.address(), Optional.empty(), Optional.of(RoutePolicy.ACCEPT_ALL));
        assertThat(announced(out.take(tor))).containsExactlyInAnyOrder(A, B);
        rib.setPolicies(tor.address(), Optional.empty(), Optional.of((p, o) -> p.prefix().equals(A) ? Optional.of(p) : Optional.empty()));
        List<UpdateMessage> sent = out.take(tor);
        assertThat(announced(sent)).isEmpty();
        assertThat(RibHarness.withdrawn(sent)).containsExactly(B);
    }

    @Test
    void nextHopSelfMarkerFromAPolicyIsReplacedByOurSessionAddress() {
        RibPeer client = RibHarness.ibgp("10.0.8.1").withRouteReflectorClient(true);
        RoutePolicy self = (p, o) -> Optional.of(new Path(p.prefix(),
                p.attributes().withNextHop(IpAddresses.parse("0.0.0.0"), Optional.empty()), p.source()));
        rib.peerUp(client);
        rib.peerUp(ibgp.withPolicies(Optional.empty(), Optional.of(self)));
        rib.update(client.address(), announce(List.of(), "192.0.2.7", List.of(), A));
        UpdateMessage u = out.take(ibgp).get(0);
        assertThat(u.attribute(PathAttribute.NextHop.class).orElseThrow().address()).isEqualTo(ibgp.nextHopSelf());
    }
}
