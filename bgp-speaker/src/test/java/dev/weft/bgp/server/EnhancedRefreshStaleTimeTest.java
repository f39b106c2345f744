package dev.weft.bgp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.bgp.wire.AddressFamily;
import dev.weft.bgp.wire.Capability;
import dev.weft.bgp.wire.RouteRefreshMessage;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * RFC 7313 §4.2: a BoRR without its EoRR. The routes the peer did not re-announce stay stale
 * until the EoRR or, at the latest, {@link PeerConfig#enhancedRefreshStaleTime()} (default 360 s),
 * then they are purged. EmbeddedChannels with frozen time, RIB inline.
 */
class EnhancedRefreshStaleTimeTest extends PeerControllerFixture {
    static final IpPrefix A = IpPrefix.parse("192.0.2.0/24");
    static final IpPrefix B = IpPrefix.parse("198.51.100.0/24");

    /** Established with Enhanced Route Refresh, A and B learned, then the peer's BoRR and A again. */
    EmbeddedChannel refreshWithoutEorr(PeerConfig config) {
        EmbeddedChannel ch = establish(controller(config),
                open(0, Capability.RouteRefresh.INSTANCE, Capability.EnhancedRouteRefresh.INSTANCE));
        ch.writeInbound(announce(A.toString(), B.toString()));
        ch.writeInbound(RouteRefreshMessage.beginning(AddressFamily.IPV4_UNICAST), announce(A.toString()));
        loop.runPendingTasks();
        assertThat(rib.locRib()).containsOnlyKeys(A, B);
        assertThat(rib.staleCount(IpAddresses.parse(PEER))).isEqualTo(1);
        return ch;
    }

    @Test
    void withoutEorrTheStaleRoutesArePurgedAfterTheDefault360Seconds() {
        assertThat(PeerConfig.of(IpAddresses.parse(PEER), 65000).enhancedRefreshStaleTime()).isEqualTo(Duration.ofSeconds(360));
        EmbeddedChannel ch = refreshWithoutEorr(peer());
        advance(359);
        assertThat(rib.locRib()).containsOnlyKeys(A, B);
        advance(1);
        assertThat(rib.locRib()).containsOnlyKeys(A); // the re-announced route stays
        assertThat(rib.staleCount(IpAddresses.parse(PEER))).isZero();
        assertThat(ch.isOpen()).isTrue();
        assertThat(controller[0].status().lastError()).hasValueSatisfying(e -> assertThat(e).contains("RFC 7313"));
    }

    @Test
    void theEorrStopsTheTimer() {
        EmbeddedChannel ch = refreshWithoutEorr(peer());
        ch.writeInbound(RouteRefreshMessage.end(AddressFamily.IPV4_UNICAST));
        loop.runPendingTasks();
        assertThat(rib.locRib()).containsOnlyKeys(A);
        // B comes back later as a normal UPDATE: no leftover timer may purge anything
        ch.writeInbound(RouteRefreshMessage.beginning(AddressFamily.IPV4_UNICAST), announce(A.toString()),
                RouteRefreshMessage.end(AddressFamily.IPV4_UNICAST), announce(B.toString()));
        loop.runPendingTasks();
        advance(3600);
        assertThat(rib.locRib()).containsOnlyKeys(A, B);
    }

    @Test
    void theBoundIsConfigurable() {
        refreshWithoutEorr(peer().withEnhancedRefreshStaleTime(Duration.ofSeconds(10)));
        advance(9);
        assertThat(rib.locRib()).containsOnlyKeys(A, B);
        advance(1);
        assertThat(rib.locRib()).containsOnlyKeys(A);
    }

    @Test
    void zeroMeansNoBound() {
        refreshWithoutEorr(peer().withEnhancedRefreshStaleTime(Duration.ZERO));
        advance(24 * 3600);
        assertThat(rib.locRib()).containsOnlyKeys(A, B);
        assertThatThrownBy(() -> peer().withEnhancedRefreshStaleTime(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSessionsEndCancelsTheTimer() {
        EmbeddedChannel ch = refreshWithoutEorr(peer());
        ch.close();
        loop.runPendingTasks();
        assertThat(rib.locRib()).isEmpty(); // no Graceful Restart: the routes went with the session
        EmbeddedChannel again = establish(controller[0], open(0));
        again.writeInbound(announce(B.toString()));
        loop.runPendingTasks();
        advance(360);
        assertThat(rib.locRib()).containsOnlyKeys(B);
        assertThat(controller[0].status().lastError()).hasValueSatisfying(e -> assertThat(e).doesNotContain("RFC 7313"));
    }
}
