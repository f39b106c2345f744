package dev.weft.agent.datastore;

import java.net.InetAddress;
import java.util.Optional;

/**
 * {@code BGPPeer} ({@code weft.dev/v1}, cluster scoped): a BGP neighbour for one node, a set of
 * nodes, or all nodes. Field names follow Calico's and MetalLB's BGPPeer.
 *
 * @param name {@code metadata.name}
 * @param peerIp {@code spec.peerIP}: the neighbour's address
 * @param peerPort TCP port of the neighbour ({@code spec.peerIP} may be written {@code IP:port});
 *     179 by default
 * @param asNumber {@code spec.asNumber}: the neighbour's AS (1–4294967295)
 * @param node {@code spec.node}: only this node peers, if set
 * @param nodeSelector {@code spec.nodeSelector}: only nodes whose labels match peer, if set;
 *     with neither {@code node} nor {@code nodeSelector} every node peers
 * @param holdTimeSeconds {@code spec.holdTime} (seconds, or a duration such as {@code 90s}):
 *     0 or 3–65535, default 90 (RFC 4271 §4.2)
 * @param keepaliveSeconds {@code spec.keepaliveTime}: default holdTime/3 (RFC 4271 §10)
 */
public record BgpPeerSpec(
        String name,
        InetAddress peerIp,
        int peerPort,
        long asNumber,
        Optional<String> node,
        Optional<LabelSelector> nodeSelector,
        int holdTimeSeconds,
        int keepaliveSeconds) {

    /** True if this peer applies to {@code n}. */
    public boolean appliesTo(NodeInfo n) {
        if (node.isPresent() && !node.get().equals(n.name())) {
            return false;
        }
        return nodeSelector.map(s -> s.matches(n.labels())).orElse(true);
    }
}
