package dev.weft.bgp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.bgp.rib.Path;
import dev.weft.bgp.rib.Rib;
import dev.weft.bgp.rib.RibPeer;
import dev.weft.bgp.rib.RoutePolicy;
import dev.weft.bgp.wire.AddressFamily;
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
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * RFC 7313 §4.2: a BoRR without its EoRR. The routes the peer did not re-announce stay stale
 * until the EoRR or, at the latest, {@link PeerConfig#enhancedRefreshStaleTime()} (default 360 s),
 * then they are purged. EmbeddedChannels with frozen time, RIB inline.
 */
class EnhancedRefreshStaleTimeTest {
    static final String PEER = "10.0.0.9";
    static final IpPrefix A = IpPrefix.parse("192.0.2.0/24");
    static final IpPrefix B = IpPrefix.parse("198.51.100.0/24");
    static final Optional<RoutePolicy> ALL = Optional.of(RoutePolicy.ACCEPT_ALL);
    final EmbeddedChannel loop = new EmbeddedChannel();
    final PeerController[] controller = new PeerController[1];
    final Rib rib = new Rib(65001, new Rib.Output() {
        @Override
        public void bestPathChanged(IpPrefix prefix, Optional<Path> best) {}

        @Override
        public void send(RibPeer peer, List<UpdateMessage> updates) {
            controller[0].sendFromRib(peer, updates);
        }
    });

    /** Established with Enhanced Route Refresh, A and B learned, then the peer's BoRR and A again. */
    EmbeddedChannel refreshWithoutEorr(PeerConfig config) {
        loop.freezeTime();
        PeerController pc = new PeerController(config, SpeakerConfig.of(65001, IpAddresses.parseIpv4("10.0.0.2")),
                loop.eventLoop(), rib);
        controller[0] = pc;
        pc.start();
        EmbeddedChannel ch = new EmbeddedChannel();
        assertThat(pc.adoptInbound(ch)).isNotNull();
        ch.writeInbound(OpenMessage.of(65000, 0, IpAddresses.parseIpv4(PEER), List.of(Capability.MultiProtocol.IPV4_UNICAST,
                new Capability.FourOctetAs(65000), Capability.RouteRefresh.INSTANCE, Capability.EnhancedRouteRefresh.INSTANCE)),
                KeepaliveMessage.INSTANCE, announce(A.toString(), B.toString()));
        ch.writeInbound(RouteRefreshMessage.beginning(AddressFamily.IPV4_UNICAST), announce(A.toString()));
        loop.runPendingTasks();
        assertThat(rib.locRib()).containsOnlyKeys(A, B);
        assertThat(rib.staleCount(IpAddresses.parse(PEER))).isEqualTo(1);
        return ch;
    }

    static PeerConfig peer() {
        return PeerConfig.of(IpAddresses.parse(PEER), 65000).withPassive(true).withPolicies(ALL, ALL);
    }

    static UpdateMessage announce(String... prefixes) {
        return new UpdateMessage(List.of(), List.of(new PathAttribute.Origin(OriginType.IGP),
                PathAttribute.AsPath.sequence(List.of(65000L)), new PathAttribute.NextHop(IpAddresses.parseIpv4(PEER))),
                Arrays.stream(prefixes).map(IpPrefix::parse).toList());
    }

    void advance(long seconds) {
        loop.advanceTimeBy(seconds, TimeUnit.SECONDS);
        loop.runScheduledPendingTasks();
        loop.runPendingTasks();
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
        EmbeddedChannel again = new EmbeddedChannel();
        controller[0].adoptInbound(again);
        again.writeInbound(OpenMessage.of(65000, 0, IpAddresses.parseIpv4(PEER), List.of(Capability.MultiProtocol.IPV4_UNICAST,
                new Capability.FourOctetAs(65000))), KeepaliveMessage.INSTANCE, announce(B.toString()));
        loop.runPendingTasks();
        advance(360);
        assertThat(rib.locRib()).containsOnlyKeys(B);
        assertThat(controller[0].status().lastError()).hasValueSatisfying(e -> assertThat(e).doesNotContain("RFC 7313"));
    }
}
