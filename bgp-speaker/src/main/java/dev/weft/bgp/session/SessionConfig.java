package dev.weft.bgp.session;

import dev.weft.bgp.wire.Capability;
import dev.weft.bgp.wire.OpenMessage;
import java.net.Inet4Address;
import java.util.List;
import java.util.Objects;

/**
 * What one connection needs to know to send and check OPENs.
 *
 * @param localAs our AS number (1–4294967295)
 * @param routerId our BGP Identifier
 * @param peerAs the AS the peer must announce (RFC 4271 §6.2 Bad Peer AS otherwise)
 * @param holdTimeSeconds the hold time we propose: 0 or 3–65535 seconds
 * @param keepaliveSeconds the keepalive interval we want; 0 = a third of the negotiated hold time
 */
public record SessionConfig(long localAs, Inet4Address routerId, long peerAs, int holdTimeSeconds, int keepaliveSeconds) {
    /** The hold timer used in OpenSent (RFC 4271 §8.2.2 suggests 4 minutes). */
    public static final int LARGE_HOLD_TIME_SECONDS = 240;

    public SessionConfig {
        Objects.requireNonNull(routerId, "routerId");
        if (localAs < 1 || localAs > 0xffffffffL || peerAs < 1 || peerAs > 0xffffffffL) {
            throw new IllegalArgumentException("AS number out of range");
        }
        if (holdTimeSeconds == 1 || holdTimeSeconds == 2 || holdTimeSeconds < 0 || holdTimeSeconds > 0xffff) {
            throw new IllegalArgumentException("hold time must be 0 or 3-65535 seconds: " + holdTimeSeconds);
        }
        if (keepaliveSeconds < 0) {
            throw new IllegalArgumentException("keepalive must be >= 0: " + keepaliveSeconds);
        }
    }

    /** True if the peer is in another AS. */
    public boolean ebgp() {
        return localAs != peerAs;
    }

    /** Our OPEN: IPv4 unicast, route refresh and 4-octet AS capabilities (RFC 4760, 2918, 6793). */
    public OpenMessage localOpen() {
        return OpenMessage.of(localAs, holdTimeSeconds, routerId, List.of(Capability.Multiprotocol.IPV4_UNICAST,
                Capability.RouteRefresh.INSTANCE, new Capability.FourOctetAs(localAs)));
    }
}
