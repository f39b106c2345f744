package dev.weft.bgp.rib;

import static dev.weft.bgp.rib.RibHarness.LOCAL_AS;
import static dev.weft.bgp.rib.RibHarness.announce;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.wire.PathAttribute;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ECMP multipath sets (BestPath.nextHops). */
class RibMultipathTest {
    static final IpPrefix P = IpPrefix.parse("0.0.0.0/0");

    final RibHarness out = new RibHarness();
    final RibPeer tor1 = RibHarness.ebgp("10.0.1.1", 65000);
    final RibPeer tor2 = RibHarness.ebgp("10.0.2.1", 65000);
    final RibPeer tor3 = RibHarness.ebgp("10.0.3.1", 65000);

    Rib rib(int maxPaths) {
        Rib rib = new Rib(LOCAL_AS, RibOptions.of(IpAddresses.parseIpv4("10.255.0.9")).withMaxPaths(maxPaths), out);
        rib.peerUp(tor1);
        rib.peerUp(tor2);
        rib.peerUp(tor3);
        return rib;
    }

    @Test
    void equalRoutesFromSeveralTorsFormTheSetBestFirst() {
        Rib rib = rib(4);
        rib.update(tor2.address(), announce(List.of(65000L), "10.0.2.1", List.of(), P));
        rib.update(tor1.address(), announce(List.of(65000L), "10.0.1.1", List.of(), P));
        rib.update(tor3.address(), announce(List.of(65000L), "10.0.3.1", List.of(), P));
        // best = lowest router ID (tor1), then the others
        assertThat(out.nextHops.get(P)).containsExactly(IpAddresses.parse("10.0.1.1"), IpAddresses.parse("10.0.2.1"),
                IpAddresses.parse("10.0.3.1"));
        assertThat(rib.nextHops(P)).isEqualTo(out.nextHops.get(P));
        rib.update(tor2.address(), dev.weft.bgp.wire.UpdateMessage.withdraw(List.of(P)));
        assertThat(out.nextHops.get(P)).containsExactly(IpAddresses.parse("10.0.1.1"), IpAddresses.parse("10.0.3.1"));
    }

    @Test
    void aWorseRouteIsNotInTheSetAndMaxPathsLimitsIt() {
        Rib rib = rib(2);
        rib.update(tor1.address(), announce(List.of(65000L), "10.0.1.1", List.of(), P));
        rib.update(tor2.address(), announce(List.of(65000L), "10.0.2.1", List.of(), P));
        rib.update(tor3.address(), announce(List.of(65000L), "10.0.3.1", List.of(), P));
        assertThat(out.nextHops.get(P)).hasSize(2);
        rib.update(tor2.address(), announce(List.of(65000L), "10.0.2.1", List.of(new PathAttribute.MultiExitDisc(50)), P));
        assertThat(out.nextHops.get(P)).containsExactly(IpAddresses.parse("10.0.1.1"), IpAddresses.parse("10.0.3.1"));
    }

    @Test
    void multipathOffReportsOnlyTheBestNextHop() {
        Rib rib = rib(1);
        rib.update(tor1.address(), announce(List.of(65000L), "10.0.1.1", List.of(), P));
        rib.update(tor2.address(), announce(List.of(65000L), "10.0.2.1", List.of(), P));
        assertThat(rib.nextHops(P)).containsExactly(IpAddresses.parse("10.0.1.1"));
    }
}
