package dev.weft.agent.routing;

import dev.weft.agent.datastore.BgpConfigurationSpec;
import dev.weft.agent.datastore.BgpPeerSpec;
import dev.weft.agent.datastore.ClusterState;
import dev.weft.agent.datastore.NodeInfo;
import dev.weft.bgp.server.PeerConfig;
import dev.weft.common.net.IpPrefix;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pure calculation: from a {@link ClusterState} to this node's {@link NodeRouting}. No I/O.
 *
 * <p>Rules (as a Calico operator expects): BGPPeers apply to the node named in {@code node}, or
 * to nodes matching {@code nodeSelector}, or to every node when neither is set; a peer whose
 * address is this node's own InternalIP is skipped; with {@code nodeToNodeMeshEnabled} every
 * other node with an InternalIP becomes a peer too (with that node's AS). Announced prefixes are
 * the node's IPv4 Pod CIDRs (IPv6 comes with MP-BGP IPv6 support).
 */
public final class RoutingPlanner {
    /** Hold time of node-to-node mesh sessions, seconds (RFC 4271 §10 suggests 90). */
    static final int DEFAULT_HOLD_TIME = 90;

    private RoutingPlanner() {}

    /**
     * @return the plan, or empty (with a reason in {@code why}) when this node is not in the
     *     datastore or has no IPv4 InternalIP to use as router ID
     */
    public static Optional<NodeRouting> plan(String nodeName, ClusterState state, StringBuilder why) {
        NodeInfo self = state.nodes().get(nodeName);
        if (self == null) {
            why.append("Node ").append(nodeName).append(" not found in the datastore");
            return Optional.empty();
        }
        if (self.internalIp().isEmpty() || !(self.internalIp().get() instanceof Inet4Address routerId)) {
            why.append("Node ").append(nodeName).append(" has no IPv4 InternalIP (status.addresses) for the BGP router ID");
            return Optional.empty();
        }
        Optional<BgpConfigurationSpec> cfg = state.defaultBgpConfiguration();
        long defaultAs = cfg.flatMap(BgpConfigurationSpec::asNumber).orElse(BgpConfigurationSpec.DEFAULT_AS);
        long localAs = self.asNumber().orElse(defaultAs);
        int port = cfg.flatMap(BgpConfigurationSpec::listenPort).orElse(BgpConfigurationSpec.DEFAULT_PORT);

        Map<InetAddress, PeerConfig> peers = new LinkedHashMap<>();
        if (cfg.map(BgpConfigurationSpec::nodeToNodeMeshEnabled).orElse(false)) {
            state.nodes().values().stream()
                    .filter(n -> !n.name().equals(nodeName) && n.internalIp().isPresent())
                    .sorted((a, b) -> a.name().compareTo(b.name()))
                    .forEach(n -> peers.put(n.internalIp().get(), new PeerConfig(
                            n.internalIp().get(), n.asNumber().orElse(defaultAs), port, Optional.empty(),
                            DEFAULT_HOLD_TIME, DEFAULT_HOLD_TIME / 3, false)));
        }
        state.bgpPeers().values().stream()
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .filter(p -> p.appliesTo(self) && !p.peerIp().equals(routerId))
                .forEach(p -> peers.put(p.peerIp(), peerConfig(p)));

        Set<IpPrefix> originated = new HashSet<>();
        self.podCidrs().stream().filter(IpPrefix::isIpv4).forEach(originated::add);
        return Optional.of(new NodeRouting(nodeName, localAs, routerId, port, originated, peers));
    }

    static PeerConfig peerConfig(BgpPeerSpec p) {
        return new PeerConfig(p.peerIp(), p.asNumber(), p.peerPort(), Optional.empty(),
                p.holdTimeSeconds(), p.keepaliveSeconds(), false);
    }
}
