package dev.weft.bgp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.rib.RoleRules;
import dev.weft.bgp.wire.AddressFamily;
import dev.weft.bgp.wire.Capability;
import dev.weft.bgp.wire.OriginType;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Only-to-Customer ingress procedure (RFC 9234 §5), one UPDATE at a time. */
class OtcIngressTest {
    static final long PEER_AS = 65000;
    static final IpPrefix A = IpPrefix.parse("10.1.0.0/24");
    static final IpPrefix B = IpPrefix.parse("10.2.0.0/24");
    static final IpPrefix GONE = IpPrefix.parse("10.3.0.0/24");

    static UpdateMessage update(PathAttribute... extra) {
        List<PathAttribute> attrs = new ArrayList<>(List.of(new PathAttribute.Origin(OriginType.IGP),
                PathAttribute.AsPath.sequence(List.of(PEER_AS)), new PathAttribute.NextHop(IpAddresses.parseIpv4("10.0.0.9"))));
        attrs.addAll(List.of(extra));
        return new UpdateMessage(List.of(GONE), attrs, List.of(A, B));
    }

    static OtcIngress as(int role) {
        return new OtcIngress(role, PEER_AS);
    }

    static void assertWithdrawsAll(UpdateMessage u) {
        assertThat(u.treatAsWithdraw()).isTrue();
        assertThat(u.allNlri()).isEmpty();
        assertThat(u.allWithdrawn()).containsExactlyInAnyOrder(GONE, A, B);
    }

    @Test
    void otcFromACustomerOrRsClientIsALeak() {
        OtcIngress fromCustomer = as(Capability.Role.PROVIDER);
        assertWithdrawsAll(fromCustomer.apply(update(new PathAttribute.OnlyToCustomer(PEER_AS))));
        assertThat(fromCustomer.leaks()).isEqualTo(1);
        OtcIngress fromRsClient = as(Capability.Role.ROUTE_SERVER);
        assertWithdrawsAll(fromRsClient.apply(update(new PathAttribute.OnlyToCustomer(64999))));
        assertThat(fromRsClient.leaks()).isEqualTo(1);
    }

    @Test
    void withoutOtcACustomersRouteIsKeptUnmarked() {
        UpdateMessage u = update();
        assertThat(as(Capability.Role.PROVIDER).apply(u)).isSameAs(u);
        assertThat(as(Capability.Role.ROUTE_SERVER).apply(u)).isSameAs(u);
    }

    @Test
    void fromAPeerOnlyItsOwnAsIsAcceptedAsOtc() {
        OtcIngress fromPeer = as(Capability.Role.PEER);
        UpdateMessage own = fromPeer.apply(update(new PathAttribute.OnlyToCustomer(PEER_AS)));
        assertThat(own.treatAsWithdraw()).isFalse();
        assertThat(own.nlri()).containsExactly(A, B);
        assertThat(RoleRules.otc(own.attributes())).isEqualTo(PEER_AS);
        assertWithdrawsAll(fromPeer.apply(update(new PathAttribute.OnlyToCustomer(64999))));
        assertThat(fromPeer.leaks()).isEqualTo(1);
    }

    @Test
    void fromAProviderPeerOrRsARouteWithoutOtcGetsThePeersAs() {
        for (int role : List.of(Capability.Role.CUSTOMER, Capability.Role.PEER, Capability.Role.ROUTE_SERVER_CLIENT)) {
            UpdateMessage u = as(role).apply(update());
            assertThat(u.treatAsWithdraw()).isFalse();
            assertThat(u.nlri()).containsExactly(A, B);
            assertThat(u.withdrawn()).containsExactly(GONE);
            assertThat(u.attributes()).contains(RoleRules.otcAttribute(PEER_AS));
        }
    }

    @Test
    void fromAProviderOrRsAnExistingOtcIsKeptAsItIs() {
        for (int role : List.of(Capability.Role.CUSTOMER, Capability.Role.ROUTE_SERVER_CLIENT)) {
            UpdateMessage u = as(role).apply(update(new PathAttribute.OnlyToCustomer(64999)));
            assertThat(u.nlri()).containsExactly(A, B);
            assertThat(u.attributes()).contains(RoleRules.otcAttribute(64999)).doesNotContain(RoleRules.otcAttribute(PEER_AS));
        }
    }

    @Test
    void withoutARoleOtcIsOnlyKeptForPassingOn() {
        OtcIngress none = as(RoleRules.NONE);
        UpdateMessage plain = update();
        assertThat(none.apply(plain)).isSameAs(plain);
        UpdateMessage marked = none.apply(update(new PathAttribute.OnlyToCustomer(64999)));
        assertThat(marked.nlri()).containsExactly(A, B);
        assertThat(marked.attributes()).contains(RoleRules.otcAttribute(64999))
                .noneMatch(PathAttribute.OnlyToCustomer.class::isInstance);
    }

    @Test
    void anIpv6LeakBecomesMpUnreach() {
        IpPrefix v6 = IpPrefix.parse("fd00:1::/64");
        UpdateMessage u = new UpdateMessage(List.of(), List.of(new PathAttribute.Origin(OriginType.IGP),
                PathAttribute.AsPath.sequence(List.of(PEER_AS)), new PathAttribute.OnlyToCustomer(PEER_AS),
                new PathAttribute.MpReachNlri(AddressFamily.IPV6_UNICAST, List.of(IpAddresses.parse("fd00::9")), List.of(v6))),
                List.of());
        UpdateMessage w = as(Capability.Role.PROVIDER).apply(u);
        assertThat(w.treatAsWithdraw()).isTrue();
        assertThat(w.mpUnreach()).hasValueSatisfying(m -> assertThat(m.withdrawn()).containsExactly(v6));
        assertThat(w.allNlri()).isEmpty();
    }

    @Test
    void withdrawalsOnlyAreLeftAlone() {
        UpdateMessage w = UpdateMessage.withdraw(List.of(A));
        assertThat(as(Capability.Role.PEER).apply(w)).isSameAs(w);
    }
}
