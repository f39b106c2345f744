package dev.weft.bgp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.bgp.rib.Path;
import dev.weft.bgp.rib.Rib;
import dev.weft.bgp.rib.RibPeer;
import dev.weft.bgp.rib.RoutePolicy;
import dev.weft.bgp.wire.AddressFamily;
import dev.weft.bgp.wire.BgpMessage;
import dev.weft.bgp.wire.Capability;
import dev.weft.bgp.wire.KeepaliveMessage;
import dev.weft.bgp.wire.OpenMessage;
import dev.weft.bgp.wire.OriginType;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.RouteRefreshMessage;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Route refresh on EmbeddedChannels: requesting one (RFC 2918 §3, finding F3), the peer's
 * Enhanced Route Refresh (RFC 7313 §4.2: BoRR marks its routes stale, EoRR drops those not
 * re-announced), and answers limited to the family asked for (RFC 2918 §4). The RIB runs inline.
 */
class RouteRefreshTest extends PeerControllerFixture {
    static PeerConfig peer() {
        return PeerConfig.of(IpAddresses.parse(PEER), 65000).withPassive(true).withPolicies(ALL, ALL)
                .withIpv6NextHop(Optional.of((Inet6Address) IpAddresses.parse("fd00:99::1")));
    }

    /** Established, with our OPEN, KEEPALIVE and initial table already read. */
    @Override
    EmbeddedChannel establish(PeerController pc, OpenMessage open) {
        EmbeddedChannel ch = super.establish(pc, open);
        sent(ch);
        return ch;
    }

    static Throwable failure(CompletableFuture<Void> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.get(0, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("not failed");
    }

    @Test
    void requestRouteRefreshSendsRouteRefreshWhenThePeerAdvertisedTheCapability() {
        PeerController pc = controller(peer());
        EmbeddedChannel ch = establish(pc, open(Capability.RouteRefresh.INSTANCE, Capability.MultiProtocol.IPV6_UNICAST));

        CompletableFuture<Void> f = pc.requestRouteRefresh(AddressFamily.IPV6_UNICAST);
        loop.runPendingTasks();
        ch.runPendingTasks();

        assertThat(f).isCompleted();
        assertThat(f.isCompletedExceptionally()).isFalse();
        assertThat(sent(ch)).containsExactly(new RouteRefreshMessage(AddressFamily.IPV6_UNICAST, RouteRefreshMessage.NORMAL));
    }

    @Test
    void requestRouteRefreshWithEnhancedRouteRefreshStillSendsSubtypeZero() {
        PeerController pc = controller(peer());
        EmbeddedChannel ch = establish(pc, open(Capability.RouteRefresh.INSTANCE, Capability.EnhancedRouteRefresh.INSTANCE));

        CompletableFuture<Void> f = pc.requestRouteRefresh(AddressFamily.IPV4_UNICAST);
        ch.runPendingTasks();

        assertThat(f.isCompletedExceptionally()).isFalse();
        assertThat(sent(ch)).containsExactly(RouteRefreshMessage.IPV4_UNICAST);
    }

    @Test
    void requestRouteRefreshFailsAndSendsNothingWithoutThePeersCapability() {
        PeerController pc = controller(peer());
        EmbeddedChannel ch = establish(pc, open());

        Throwable e = failure(pc.requestRouteRefresh(AddressFamily.IPV4_UNICAST));

        assertThat(e).isInstanceOf(IllegalStateException.class).hasMessageContaining("Route Refresh capability")
                .hasMessageContaining("RFC 2918");
        ch.runPendingTasks();
        assertThat(sent(ch)).isEmpty();
    }

    @Test
    void requestRouteRefreshFailsForAFamilyNotNegotiated() {
        PeerController pc = controller(peer());
        EmbeddedChannel ch = establish(pc, open(Capability.RouteRefresh.INSTANCE));

        Throwable e = failure(pc.requestRouteRefresh(AddressFamily.IPV6_UNICAST));

        assertThat(e).isInstanceOf(IllegalStateException.class).hasMessageContaining("ipv6-unicast");
        assertThat(sent(ch)).isEmpty();
    }

    @Test
    void requestRouteRefreshFailsWhenNotEstablished() {
        PeerController pc = controller(peer());

        assertThat(failure(pc.requestRouteRefresh(AddressFamily.IPV4_UNICAST))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not Established");
    }

    @Test
    void borrMarksThePeersRoutesStaleAndEorrDropsThoseNotReannounced() {
        PeerController pc = controller(peer());
        EmbeddedChannel ch = establish(pc, open(Capability.RouteRefresh.INSTANCE, Capability.EnhancedRouteRefresh.INSTANCE));
        ch.writeInbound(announce("192.0.2.0/24", "198.51.100.0/24"));
        loop.runPendingTasks();
        assertThat(rib.locRib()).containsKeys(IpPrefix.parse("192.0.2.0/24"), IpPrefix.parse("198.51.100.0/24"));

        ch.writeInbound(RouteRefreshMessage.beginning(AddressFamily.IPV4_UNICAST));
        loop.runPendingTasks();
        // stale routes stay in use during the refresh (RFC 7313 §4.2)
        assertThat(rib.staleCount(IpAddresses.parse(PEER))).isEqualTo(2);
        assertThat(rib.locRib()).hasSize(2);

        ch.writeInbound(announce("192.0.2.0/24"), RouteRefreshMessage.end(AddressFamily.IPV4_UNICAST));
        loop.runPendingTasks();

        assertThat(rib.locRib().keySet()).containsExactly(IpPrefix.parse("192.0.2.0/24"));
        assertThat(rib.staleCount(IpAddresses.parse(PEER))).isZero();
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void borrAndEorrWithoutEnhancedRouteRefreshNegotiatedAreIgnored() {
        PeerController pc = controller(peer());
        EmbeddedChannel ch = establish(pc, open(Capability.RouteRefresh.INSTANCE));
        ch.writeInbound(announce("192.0.2.0/24", "198.51.100.0/24"));
        loop.runPendingTasks();

        ch.writeInbound(RouteRefreshMessage.beginning(AddressFamily.IPV4_UNICAST), announce("192.0.2.0/24"),
                RouteRefreshMessage.end(AddressFamily.IPV4_UNICAST));
        loop.runPendingTasks();

        assertThat(rib.locRib()).hasSize(2);
        assertThat(rib.staleCount(IpAddresses.parse(PEER))).isZero();
    }

    @Test
    void aRouteRefreshIsAnsweredWithTheFamilyAskedForOnly() {
        rib.originate(IpPrefix.parse("10.244.1.0/24"));
        rib.originate(IpPrefix.parse("fd00:244:1::/64"));
        PeerController pc = controller(peer());
        EmbeddedChannel ch = establish(pc, open(Capability.RouteRefresh.INSTANCE, Capability.MultiProtocol.IPV6_UNICAST));

        ch.writeInbound(RouteRefreshMessage.IPV6_UNICAST);
        loop.runPendingTasks();
        List<BgpMessage> out = sent(ch);

        assertThat(out).isNotEmpty().allSatisfy(m -> {
            UpdateMessage u = (UpdateMessage) m;
            assertThat(u.nlri()).isEmpty();
            assertThat(u.mpReach()).hasValueSatisfying(r -> assertThat(r.family()).isEqualTo(AddressFamily.IPV6_UNICAST));
        });
        assertThat(out).anySatisfy(m -> assertThat(((UpdateMessage) m).mpReach().get().nlri())
                .contains(IpPrefix.parse("fd00:244:1::/64")));
    }
}
