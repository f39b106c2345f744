package dev.weft.agent.routing;

import dev.weft.bgp.server.PeerConfig;
import dev.weft.common.net.IpPrefix;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Map;
import java.util.Set;

/**
 * The desired BGP setup of this node, derived from the datastore by {@link RoutingPlanner}.
 *
 * @param nodeName this node
 * @param localAs our AS: the node's {@code weft.dev/bgp-asn} annotation, else BGPConfiguration
 *     {@code default}'s {@code asNumber}, else 64512
 * @param routerId BGP identifier: the node's IPv4 InternalIP (RFC 4271 §4.2)
 * @param listenPort TCP port to listen on (BGPConfiguration {@code listenPort}, default 179)
 * @param originated the node's Pod CIDRs (IPv4 and IPv6), announced to every peer
 * @param peers neighbours by address
 * @param maxPaths ECMP: the most next hops of one kernel route (1 = no multipath), 1–256
 */
public record NodeRouting(
        String nodeName,
        long localAs,
        Inet4Address routerId,
        int listenPort,
        Set<IpPrefix> originated,
        Map<InetAddress, PeerConfig> peers,
        int maxPaths) {

    public NodeRouting {
        originated = Set.copyOf(originated);
        peers = Map.copyOf(peers);
        if (maxPaths < 1 || maxPaths > 256) {
            throw new IllegalArgumentException("maxPaths must be 1-256: " + maxPaths);
        }
    }

    /** True if a running speaker for {@code other} must be restarted to become this one. */
    boolean needsNewSpeaker(NodeRouting other) {
        return other == null || localAs != other.localAs || !routerId.equals(other.routerId)
                || listenPort != other.listenPort || maxPaths != other.maxPaths;
    }
}
