package dev.weft.bgp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.rib.Path;
import dev.weft.bgp.rib.Rib;
import dev.weft.bgp.rib.RibPeer;
import dev.weft.bgp.rib.RoutePolicy;
import dev.weft.bgp.wire.BgpMessage;
import dev.weft.bgp.wire.Capability;
import dev.weft.bgp.wire.KeepaliveMessage;
import dev.weft.bgp.wire.OpenMessage;
import dev.weft.bgp.wire.OriginType;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Shared setup of the {@link PeerController} tests on EmbeddedChannels with frozen time: our
 * speaker AS 65001 (router ID 10.0.0.2) with its {@link Rib} run inline, one passive peer
 * {@value #PEER} (AS 65000) accepting everything, its OPEN and UPDATEs, and the messages we sent.
 */
abstract class PeerControllerFixture {
    static final String PEER = "10.0.0.9";
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

    /** A started controller for {@code config} on the frozen-time loop. */
    PeerController controller(PeerConfig config) {
        loop.freezeTime();
        PeerController pc = new PeerController(config, SpeakerConfig.of(65001, IpAddresses.parseIpv4("10.0.0.2")),
                loop.eventLoop(), rib);
        controller[0] = pc;
        pc.start();
        return pc;
    }

    /** The peer's config: {@value #PEER}, AS 65000, passive, import and export {@link #ALL}. */
    static PeerConfig peer() {
        return PeerConfig.of(IpAddresses.parse(PEER), 65000).withPassive(true).withPolicies(ALL, ALL);
    }

    /** The peer's OPEN: IPv4 unicast, 4-octet AS 65000, hold time 90, and {@code caps}. */
    static OpenMessage open(Capability... caps) {
        return open(90, caps);
    }

    /** The peer's OPEN: IPv4 unicast, 4-octet AS 65000, {@code holdTime} seconds (0: none), and {@code caps}. */
    static OpenMessage open(int holdTime, Capability... caps) {
        List<Capability> all = new ArrayList<>(List.of(Capability.MultiProtocol.IPV4_UNICAST, new Capability.FourOctetAs(65000)));
        all.addAll(List.of(caps));
        return OpenMessage.of(65000, holdTime, IpAddresses.parseIpv4(PEER), all);
    }

    /** An UPDATE from the peer announcing IPv4 {@code prefixes} (ORIGIN IGP, AS_PATH 65000, NEXT_HOP the peer). */
    static UpdateMessage announce(String... prefixes) {
        return new UpdateMessage(List.of(), List.of(new PathAttribute.Origin(OriginType.IGP),
                PathAttribute.AsPath.sequence(List.of(65000L)), new PathAttribute.NextHop(IpAddresses.parseIpv4(PEER))),
                java.util.Arrays.stream(prefixes).map(IpPrefix::parse).toList());
    }

    /** Every message written to {@code ch} since the last call (drains it). */
    static List<BgpMessage> sent(EmbeddedChannel ch) {
        List<BgpMessage> out = new ArrayList<>();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            out.add((BgpMessage) o);
        }
        return out;
    }

    /** An inbound connection brought to Established with {@code open}; what we sent is left unread. */
    EmbeddedChannel establish(PeerController pc, OpenMessage open) {
        EmbeddedChannel ch = new EmbeddedChannel();
        assertThat(pc.adoptInbound(ch)).isNotNull();
        ch.writeInbound(open, KeepaliveMessage.INSTANCE);
        loop.runPendingTasks();
        assertThat(pc.status().state()).isEqualTo("Established");
        return ch;
    }

    /** Moves the frozen clock on and runs what became due. */
    void advance(long seconds) {
        loop.advanceTimeBy(seconds, TimeUnit.SECONDS);
        loop.runScheduledPendingTasks();
        loop.runPendingTasks();
    }
}
