package dev.weft.bgp.server;

import dev.weft.bgp.wire.OriginType;
import dev.weft.common.net.IpPrefix;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * A learned best path of the Loc-RIB.
 *
 * @param prefix the destination
 * @param nextHop NEXT_HOP
 * @param asPath the AS path flattened (sets included in order), 4-octet values
 * @param peerAddress the neighbour it was learned from
 * @param peerAs that neighbour's AS
 * @param origin ORIGIN
 * @param med MULTI_EXIT_DISC if present
 * @param localPref the degree of preference used in selection
 * @param communities COMMUNITIES values (RFC 1997)
 * @param nextHops the ECMP multipath set (first = {@code nextHop}); just {@code nextHop} when
 *     multipath is off ({@link SpeakerConfig#maxPaths()} 1) or no other path is equal
 */
public record BestPath(IpPrefix prefix, InetAddress nextHop, List<Long> asPath, InetAddress peerAddress, long peerAs,
        OriginType origin, Optional<Long> med, long localPref, List<Long> communities, List<InetAddress> nextHops) {
    public BestPath {
        asPath = List.copyOf(asPath);
        communities = List.copyOf(communities);
        nextHops = nextHops.isEmpty() ? List.of(nextHop) : List.copyOf(nextHops);
    }

    /** A best path without multipath: {@code nextHops} = [{@code nextHop}]. */
    public BestPath(IpPrefix prefix, InetAddress nextHop, List<Long> asPath, InetAddress peerAddress, long peerAs,
            OriginType origin, Optional<Long> med, long localPref, List<Long> communities) {
        this(prefix, nextHop, asPath, peerAddress, peerAs, origin, med, localPref, communities, List.of(nextHop));
    }
}
