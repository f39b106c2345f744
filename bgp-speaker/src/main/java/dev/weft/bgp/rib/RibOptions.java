package dev.weft.bgp.rib;

import java.net.Inet4Address;
import java.util.Objects;
import java.util.Optional;

/**
 * RIB-wide settings.
 *
 * @param routerId our BGP Identifier: the ORIGINATOR_ID loop check and the default cluster ID
 *     (RFC 4456 §7)
 * @param clusterId the route reflector's CLUSTER_ID if configured (RFC 4456 §7); default the router ID
 * @param maxPaths the largest ECMP multipath set reported per prefix, at least 1 (1 = multipath off)
 */
public record RibOptions(Inet4Address routerId, Optional<Inet4Address> clusterId, int maxPaths) {
    public RibOptions {
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(clusterId, "clusterId");
        if (maxPaths < 1) {
            throw new IllegalArgumentException("maxPaths must be >= 1: " + maxPaths);
        }
    }

    /** No cluster ID of its own, multipath off. */
    public static RibOptions of(Inet4Address routerId) {
        return new RibOptions(routerId, Optional.empty(), 1);
    }

    /** With a cluster ID. */
    public RibOptions withClusterId(Optional<Inet4Address> id) {
        return new RibOptions(routerId, id, maxPaths);
    }

    /** With another multipath limit. */
    public RibOptions withMaxPaths(int max) {
        return new RibOptions(routerId, clusterId, max);
    }

    /** The CLUSTER_ID in force. */
    Inet4Address effectiveClusterId() {
        return clusterId.orElse(routerId);
    }
}
