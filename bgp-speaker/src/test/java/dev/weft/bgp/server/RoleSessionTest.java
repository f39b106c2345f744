package dev.weft.bgp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.rib.RoleRules;
import dev.weft.bgp.wire.BgpMessage;
import dev.weft.bgp.wire.Capability;
import dev.weft.bgp.wire.NotificationMessage;
import dev.weft.bgp.wire.OpenMessage;
import dev.weft.bgp.wire.OriginType;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * BGP Role (RFC 9234) on a whole peer: {@link PeerConfig#withRole} reaches our OPEN, a wrong or
 * missing role ends the OPEN exchange with NOTIFICATION 2/11, and the OTC ingress rules act on
 * what reaches the Loc-RIB.
 */
class RoleSessionTest extends PeerControllerFixture {
    static final IpPrefix A = IpPrefix.parse("192.0.2.0/24");

    /** Sends {@code open} on a new inbound connection; returns what we sent. */
    List<BgpMessage> openWith(PeerController pc, OpenMessage open, EmbeddedChannel ch) {
        assertThat(pc.adoptInbound(ch)).isNotNull();
        ch.writeInbound(open);
        loop.runPendingTasks();
        return sent(ch);
    }

    static UpdateMessage marked(PathAttribute... extra) {
        List<PathAttribute> attrs = new java.util.ArrayList<>(List.of(new PathAttribute.Origin(OriginType.IGP),
                PathAttribute.AsPath.sequence(List.of(65000L)), new PathAttribute.NextHop(IpAddresses.parseIpv4(PEER))));
        attrs.addAll(List.of(extra));
        return new UpdateMessage(List.of(), attrs, List.of(A));
    }

    @Test
    void aWrongPairGetsRoleMismatch() {
        PeerController pc = controller(peer().withRole(BgpRole.PROVIDER));
        EmbeddedChannel ch = new EmbeddedChannel();
        List<BgpMessage> out = openWith(pc, open(new Capability.Role(Capability.Role.PROVIDER)), ch);
        assertThat(out.get(0)).isInstanceOfSatisfying(OpenMessage.class, o -> assertThat(o.role()).contains(Capability.Role.PROVIDER));
        assertThat(out).contains(new NotificationMessage(2, 11, new byte[0]));
        assertThat(ch.isOpen()).isFalse();
        assertThat(pc.status().lastNotificationSent()).hasValueSatisfying(n -> assertThat(n).startsWith("2/11"));
    }

    @Test
    void strictModeNeedsTheCapability() {
        PeerController pc = controller(peer().withRole(Optional.of(BgpRole.PEER), true));
        EmbeddedChannel ch = new EmbeddedChannel();
        assertThat(openWith(pc, open(), ch)).contains(new NotificationMessage(2, 11, new byte[0]));
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void matchingOrAbsentRoleComesUp() {
        establish(controller(peer().withRole(Optional.of(BgpRole.CUSTOMER), true)), open(new Capability.Role(Capability.Role.PROVIDER)));
    }

    @Test
    void aNonStrictRoleComesUpWithoutThePeersCapability() {
        establish(controller(peer().withRole(BgpRole.RS)), open());
    }

    @Test
    void aLeakFromACustomerStaysOutOfTheLocRib() {
        PeerController pc = controller(peer().withRole(BgpRole.PROVIDER));
        EmbeddedChannel ch = establish(pc, open(new Capability.Role(Capability.Role.CUSTOMER)));
        ch.writeInbound(marked());
        loop.runPendingTasks();
        assertThat(rib.locRib()).containsOnlyKeys(A);
        ch.writeInbound(marked(new PathAttribute.OnlyToCustomer(64999))); // now leaked: the old route goes too
        loop.runPendingTasks();
        assertThat(rib.locRib()).isEmpty();
        assertThat(pc.status().lastError()).hasValueSatisfying(e -> assertThat(e).contains("route leak"));
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void aProvidersRouteIsMarkedWithItsAs() {
        PeerController pc = controller(peer().withRole(BgpRole.CUSTOMER));
        EmbeddedChannel ch = establish(pc, open(new Capability.Role(Capability.Role.PROVIDER)));
        ch.writeInbound(marked());
        loop.runPendingTasks();
        assertThat(rib.locRib().get(A).attributes().transitive()).containsExactly(RoleRules.otcAttribute(65000));
    }
}
