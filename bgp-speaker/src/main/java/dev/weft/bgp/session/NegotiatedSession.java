package dev.weft.bgp.session;

import dev.weft.bgp.wire.AddressFamily;
import dev.weft.bgp.wire.Capability;
import java.net.Inet4Address;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the OPEN exchange settled (RFC 4271 §4.2, §10; RFC 5492).
 *
 * @param peerAs the peer's AS (from the 4-octet AS capability if present)
 * @param peerRouterId the peer's BGP Identifier
 * @param holdTimeSeconds negotiated hold time: the smaller of both; 0 = no hold timer, no keepalives
 * @param keepaliveSeconds keepalive interval; 0 when the hold time is 0
 * @param fourOctetAs both sides support 4-octet AS numbers (RFC 6793)
 * @param routeRefresh the peer supports ROUTE-REFRESH (RFC 2918)
 * @param families the address families both sides offered (RFC 4760 §8; a peer without
 *     Multiprotocol capabilities offers IPv4 unicast only), in our order
 * @param enhancedRouteRefresh both sides advertised Enhanced Route Refresh (RFC 7313 §3)
 * @param extendedMessage both sides advertised Extended Message (RFC 8654 §3)
 * @param peerGracefulRestart the peer's Graceful Restart capability, when we advertised ours too
 *     (RFC 4724 §3); empty = Graceful Restart not in effect on this session. Its N bit (RFC 8538)
 *     is set only if we set ours too ({@link #gracefulNotification()})
 */
public record NegotiatedSession(long peerAs, Inet4Address peerRouterId, int holdTimeSeconds, int keepaliveSeconds,
        boolean fourOctetAs, boolean routeRefresh, List<AddressFamily> families, boolean enhancedRouteRefresh,
        boolean extendedMessage, Optional<Capability.GracefulRestart> peerGracefulRestart) {

    public NegotiatedSession {
        families = List.copyOf(families);
        Objects.requireNonNull(peerGracefulRestart, "peerGracefulRestart");
    }

    /** IPv4 unicast only, none of the later capabilities. */
    public NegotiatedSession(long peerAs, Inet4Address peerRouterId, int holdTimeSeconds, int keepaliveSeconds,
            boolean fourOctetAs, boolean routeRefresh) {
        this(peerAs, peerRouterId, holdTimeSeconds, keepaliveSeconds, fourOctetAs, routeRefresh,
                List.of(AddressFamily.IPV4_UNICAST), false, false, Optional.empty());
    }

    /** True if {@code family} was negotiated. */
    public boolean carries(AddressFamily family) {
        return families.contains(family);
    }

    /**
     * True if both sides set the N bit of Graceful Restart (RFC 8538 §2): NOTIFICATIONs other than
     * Hard Reset (CEASE 6/9) and HoldTimer expiry then end the session gracefully (§4), and
     * CEASEs that must end it for good are sent as Hard Reset (§5).
     */
    public boolean gracefulNotification() {
        return peerGracefulRestart.map(Capability.GracefulRestart::notification).orElse(false);
    }

    /** The families the peer preserves across its restart (RFC 4724 §3), among the negotiated ones. */
    public List<AddressFamily> gracefulRestartFamilies() {
        return peerGracefulRestart.map(gr -> gr.families().stream().map(Capability.GracefulRestart.Family::family)
                .filter(families::contains).toList()).orElse(List.of());
    }
}
