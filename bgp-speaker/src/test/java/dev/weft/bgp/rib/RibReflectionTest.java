package dev.weft.bgp.rib;

import static dev.weft.bgp.rib.RibHarness.LOCAL_AS;
import static dev.weft.bgp.rib.RibHarness.announce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.net.Inet4Address;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Route reflection (RFC 4456) and the iBGP full-mesh rule. */
class RibReflectionTest {
    static final IpPrefix P = IpPrefix.parse("10.1.0.0/24");
    static final Inet4Address ROUTER_ID = IpAddresses.parseIpv4("10.255.255.1");
    static final Inet4Address CLUSTER = IpAddresses.parseIpv4("10.255.255.100");

    final RibHarness out = new RibHarness();
    final Rib rib = new Rib(LOCAL_AS, RibOptions.of(ROUTER_ID).withClusterId(Optional.of(CLUSTER)), out);
    final RibPeer client1 = RibHarness.ibgp("10.0.1.1").withRouteReflectorClient(true);
    final RibPeer client2 = RibHarness.ibgp("10.0.2.1").withRouteReflectorClient(true);
    final RibPeer nonClient1 = RibHarness.ibgp("10.0.3.1");
    final RibPeer nonClient2 = RibHarness.ibgp("10.0.4.1");
    final RibPeer ebgp = RibHarness.ebgp("10.0.5.1", 65000);

    void up() {
        for (RibPeer p : List.of(client1, client2, nonClient1, nonClient2, ebgp)) {
            rib.peerUp(p);
        }
    }

    static UpdateMessage ibgpRoute(List<PathAttribute> extra) {
        return announce(List.of(65100L), "192.0.2.9", extra, P);
    }

    @Test
    void routeFromAClientIsReflectedToEveryOtherIbgpPeerWithOriginatorAndClusterList() {
        up();
        rib.update(client1.address(), ibgpRoute(List.of(new PathAttribute.LocalPref(200))));
        for (RibPeer to : List.of(client2, nonClient1, nonClient2)) {
            UpdateMessage u = out.take(to).get(0);
            assertThat(u.attribute(PathAttribute.OriginatorId.class)).contains(new PathAttribute.OriginatorId(client1.routerId()));
            assertThat(u.attribute(PathAttribute.ClusterList.class)).contains(new PathAttribute.ClusterList(List.of(CLUSTER)));
            // reflection keeps NEXT_HOP and LOCAL_PREF (RFC 4456 §10)
            assertThat(u.attribute(PathAttribute.NextHop.class).orElseThrow().address()).isEqualTo(IpAddresses.parse("192.0.2.9"));
            assertThat(u.attribute(PathAttribute.LocalPref.class)).contains(new PathAttribute.LocalPref(200));
        }
        assertThat(out.take(client1)).isEmpty();
        UpdateMessage toEbgp = out.take(ebgp).get(0);
        assertThat(toEbgp.attribute(PathAttribute.OriginatorId.class)).isEmpty();
        assertThat(toEbgp.attribute(PathAttribute.ClusterList.class)).isEmpty();
    }

    @Test
    void routeFromANonClientGoesToClientsOnly() {
        up();
        rib.update(nonClient1.address(), ibgpRoute(List.of()));
        assertThat(out.take(client1)).hasSize(1);
        assertThat(out.take(client2)).hasSize(1);
        assertThat(out.take(nonClient2)).isEmpty();
        assertThat(out.take(ebgp)).hasSize(1);
    }

    @Test
    void withoutClientsIbgpRoutesAreNotReadvertisedToIbgp() {
        rib.peerUp(nonClient1);
        rib.peerUp(nonClient2);
        rib.update(nonClient1.address(), ibgpRoute(List.of()));
        assertThat(rib.locRib()).containsKey(P);
        assertThat(out.take(nonClient2)).isEmpty();
    }

    @Test
    void existingOriginatorIsKeptAndOurClusterIdIsPrepended() {
        up();
        Inet4Address origin = IpAddresses.parseIpv4("10.9.9.9");
        Inet4Address otherCluster = IpAddresses.parseIpv4("10.8.8.8");
        rib.update(client1.address(), ibgpRoute(List.of(new PathAttribute.OriginatorId(origin),
                new PathAttribute.ClusterList(List.of(otherCluster)))));
        UpdateMessage u = out.take(nonClient1).get(0);
        assertThat(u.attribute(PathAttribute.OriginatorId.class)).contains(new PathAttribute.OriginatorId(origin));
        assertThat(u.attribute(PathAttribute.ClusterList.class))
                .contains(new PathAttribute.ClusterList(List.of(CLUSTER, otherCluster)));
    }

    @Test
    void ourClusterIdInClusterListOrOurRouterIdAsOriginatorIsALoop() {
        up();
        assertThat(rib.update(client1.address(), ibgpRoute(List.of(new PathAttribute.ClusterList(List.of(CLUSTER))))))
                .isEqualTo(1);
        assertThat(rib.update(client1.address(), ibgpRoute(List.of(new PathAttribute.OriginatorId(ROUTER_ID)))))
                .isEqualTo(1);
        assertThat(rib.locRib()).isEmpty();
    }

    @Test
    void clusterIdDefaultsToTheRouterId() {
        Rib plain = new Rib(LOCAL_AS, RibOptions.of(ROUTER_ID), out);
        plain.peerUp(client1);
        assertThat(plain.update(client1.address(), ibgpRoute(List.of(new PathAttribute.ClusterList(List.of(ROUTER_ID))))))
                .isEqualTo(1);
    }

    @Test
    void anEbgpPeerCannotBeAClient() {
        assertThatThrownBy(() -> ebgp.withRouteReflectorClient(true)).isInstanceOf(IllegalArgumentException.class);
    }
}
