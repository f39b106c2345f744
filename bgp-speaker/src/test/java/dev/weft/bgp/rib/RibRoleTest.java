package dev.weft.bgp.rib;

import static dev.weft.bgp.rib.RibHarness.LOCAL_AS;
import static dev.weft.bgp.rib.RibHarness.announce;
import static dev.weft.bgp.rib.RibHarness.announced;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.wire.Capability;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpPrefix;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Only-to-Customer egress (RFC 9234 §5) through the RIB, and the rules of {@link RoleRules}. */
class RibRoleTest {
    static final IpPrefix A = IpPrefix.parse("10.1.0.0/24");
    static final IpPrefix OWN = IpPrefix.parse("10.244.0.0/24");

    final RibHarness out = new RibHarness();
    final Rib rib = new Rib(LOCAL_AS, out);
    /** Where routes come from: eBGP, no role. */
    final RibPeer source = RibHarness.ebgp("10.0.0.1", 65000);
    /** Our role on each session (the peer is the opposite). */
    final RibPeer toCustomer = RibHarness.ebgp("10.0.1.1", 65011).withLocalRole(Capability.Role.PROVIDER);
    final RibPeer toProvider = RibHarness.ebgp("10.0.1.2", 65012).withLocalRole(Capability.Role.CUSTOMER);
    final RibPeer toPeer = RibHarness.ebgp("10.0.1.3", 65013).withLocalRole(Capability.Role.PEER);
    final RibPeer toRsClient = RibHarness.ebgp("10.0.1.4", 65014).withLocalRole(Capability.Role.ROUTE_SERVER);
    final RibPeer toRs = RibHarness.ebgp("10.0.1.5", 65015).withLocalRole(Capability.Role.ROUTE_SERVER_CLIENT);
    final RibPeer noRole = RibHarness.ebgp("10.0.1.6", 65016);
    final List<RibPeer> all = List.of(toCustomer, toProvider, toPeer, toRsClient, toRs, noRole);

    void up() {
        rib.peerUp(source);
        all.forEach(rib::peerUp);
        all.forEach(out::take);
    }

    /** The OTC value on what {@code p} was sent (exactly one announcement of one prefix); -1 = none. */
    long sentOtc(RibPeer p) {
        List<UpdateMessage> sent = out.take(p);
        assertThat(announced(sent)).hasSize(1);
        List<PathAttribute> attrs = sent.get(0).attributes();
        attrs.stream().filter(a -> a.typeCode() == PathAttribute.ONLY_TO_CUSTOMER)
                .forEach(a -> assertThat(((PathAttribute.Unknown) a).flags()).isEqualTo(0xC0)); // never Partial
        return RoleRules.otc(attrs);
    }

    @Test
    void aRouteWithoutOtcGetsOurAsTowardsCustomersPeersAndRsClientsOnly() {
        up();
        rib.update(source.address(), announce(List.of(65000L), "10.0.0.1", List.of(), A));
        assertMarkedWithOurAsTowardsCustomersPeersAndRsClientsOnly();
    }

    /** What the peers got of a route without OTC: our AS as OTC to customers, peers, rs-clients; no OTC to the rest. */
    private void assertMarkedWithOurAsTowardsCustomersPeersAndRsClientsOnly() {
        assertThat(sentOtc(toCustomer)).isEqualTo(LOCAL_AS);
        assertThat(sentOtc(toPeer)).isEqualTo(LOCAL_AS);
        assertThat(sentOtc(toRsClient)).isEqualTo(LOCAL_AS);
        assertThat(sentOtc(toProvider)).isEqualTo(-1);
        assertThat(sentOtc(toRs)).isEqualTo(-1);
        assertThat(sentOtc(noRole)).isEqualTo(-1);
    }

    @Test
    void aRouteWithOtcGoesOnlyToCustomersRsClientsAndRolelessPeersUnchanged() {
        up();
        rib.update(source.address(), announce(List.of(65000L), "10.0.0.1", List.of(RoleRules.otcAttribute(64999)), A));
        assertThat(out.take(toProvider)).isEmpty();
        assertThat(out.take(toPeer)).isEmpty();
        assertThat(out.take(toRs)).isEmpty();
        assertThat(sentOtc(toCustomer)).isEqualTo(64999);
        assertThat(sentOtc(toRsClient)).isEqualTo(64999);
        assertThat(sentOtc(noRole)).isEqualTo(64999);
    }

    @Test
    void originatedPrefixesAreMarkedTowardsCustomersPeersAndRsClients() {
        up();
        rib.originate(OWN);
        assertMarkedWithOurAsTowardsCustomersPeersAndRsClientsOnly();
    }

    @Test
    void otherUnknownTransitiveAttributesStillGetThePartialBit() {
        up();
        PathAttribute.Unknown other = new PathAttribute.Unknown(0xC0, 99, new byte[] {1});
        rib.update(source.address(), announce(List.of(65000L), "10.0.0.1", List.of(other), A));
        List<PathAttribute> attrs = out.take(toCustomer).get(0).attributes();
        assertThat(attrs).contains(other.withPartial(), RoleRules.otcAttribute(LOCAL_AS));
    }

    @Test
    void rulesTable() {
        int provider = Capability.Role.PROVIDER;
        int rs = Capability.Role.ROUTE_SERVER;
        int rsClient = Capability.Role.ROUTE_SERVER_CLIENT;
        int customer = Capability.Role.CUSTOMER;
        int peer = Capability.Role.PEER;
        // ingress: leaks from a customer or rs-client whatever the value; from a peer unless its own AS
        assertThat(RoleRules.ingressLeak(provider, 65000, 65000)).isTrue();
        assertThat(RoleRules.ingressLeak(rs, 65000, 1)).isTrue();
        assertThat(RoleRules.ingressLeak(peer, 65000, 65000)).isFalse();
        assertThat(RoleRules.ingressLeak(peer, 65000, 65001)).isTrue();
        assertThat(RoleRules.ingressLeak(customer, 65000, 1)).isFalse();
        assertThat(RoleRules.ingressLeak(rsClient, 65000, 1)).isFalse();
        assertThat(RoleRules.ingressLeak(RoleRules.NONE, 65000, 1)).isFalse();
        assertThat(List.of(provider, rs, rsClient, customer, peer, RoleRules.NONE).stream()
                .filter(RoleRules::ingressAddsOtc)).containsExactly(rsClient, customer, peer);
        assertThat(List.of(provider, rs, rsClient, customer, peer, RoleRules.NONE).stream()
                .filter(RoleRules::egressAddsOtc)).containsExactly(provider, rs, peer);
        assertThat(List.of(provider, rs, rsClient, customer, peer, RoleRules.NONE).stream()
                .filter(RoleRules::egressBlocksOtc)).containsExactly(rsClient, customer, peer);
    }

    @Test
    void ribFormReplacesTheDecodedAttributeAndAddsOnlyWhenAbsent() {
        List<PathAttribute> decoded = List.of(new PathAttribute.Origin(dev.weft.bgp.wire.OriginType.IGP),
                new PathAttribute.OnlyToCustomer(4200000000L));
        List<PathAttribute> rib = RoleRules.toRibForm(decoded, 7);
        assertThat(rib).containsExactly(decoded.get(0), RoleRules.otcAttribute(4200000000L));
        assertThat(RoleRules.otc(rib)).isEqualTo(4200000000L);
        assertThat(RoleRules.toRibForm(rib, 7)).isSameAs(rib);
        List<PathAttribute> none = List.of(decoded.get(0));
        assertThat(RoleRules.toRibForm(none, -1)).isSameAs(none);
        assertThat(RoleRules.otc(RoleRules.toRibForm(none, 65000))).isEqualTo(65000);
        assertThat(RoleRules.otc(none)).isEqualTo(-1L);
    }
}
