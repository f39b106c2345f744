package dev.weft.bgp.rib;

import dev.weft.bgp.wire.CodecOptions;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * An Established peer as the RIB sees it. The session layer builds it when the session comes up
 * (the 6-argument constructor, then the withers for what was negotiated or configured).
 *
 * @param address the peer's address (its key)
 * @param asn the peer's AS
 * @param routerId the peer's BGP Identifier (tie-breaker, RFC 4271 §9.1.2.2 f)
 * @param ebgp true if the peer is in another AS
 * @param nextHopSelf our IPv4 address on this session, sent as NEXT_HOP of IPv4 routes
 * @param codecOptions how UPDATEs to this peer are encoded (to size them under the maximum message length)
 * @param ipv6NextHopSelf our global IPv6 address on this session: IPv6 unicast routes are announced
 *     to the peer (in MP_REACH_NLRI, RFC 4760 §3) only when it is present
 * @param ipv6LinkLocalNextHop our link-local IPv6 address on the session's interface, sent after
 *     the global one (RFC 2545 §3) when present
 * @param routeReflectorClient the peer is a route-reflector client of ours (RFC 4456 §6)
 * @param importPolicy explicit import policy; empty = none configured: an eBGP peer's routes are
 *     then all rejected (RFC 8212 §3), an iBGP peer's all accepted
 * @param exportPolicy explicit export policy; empty = none configured: nothing is exported to an
 *     eBGP peer (RFC 8212 §3), everything the export rules allow to an iBGP peer
 * @param sendEndOfRib send an End-of-RIB marker per family after the initial table (RFC 4724 §2);
 *     set when the peer advertised the Graceful Restart capability
 * @param localRole our BGP Role on this eBGP session (a {@code Capability.Role} value, RFC 9234
 *     §4.1) for the Only-to-Customer export rules of RFC 9234 §5 ({@link RoleRules});
 *     {@link RoleRules#NONE} = no role, no OTC rule
 */
public record RibPeer(InetAddress address, long asn, Inet4Address routerId, boolean ebgp, Inet4Address nextHopSelf,
        CodecOptions codecOptions, Optional<Inet6Address> ipv6NextHopSelf, Optional<Inet6Address> ipv6LinkLocalNextHop,
        boolean routeReflectorClient, Optional<RoutePolicy> importPolicy, Optional<RoutePolicy> exportPolicy,
        boolean sendEndOfRib, int localRole) {
    public RibPeer {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(nextHopSelf, "nextHopSelf");
        Objects.requireNonNull(codecOptions, "codecOptions");
        Objects.requireNonNull(ipv6NextHopSelf, "ipv6NextHopSelf");
        Objects.requireNonNull(ipv6LinkLocalNextHop, "ipv6LinkLocalNextHop");
        Objects.requireNonNull(importPolicy, "importPolicy");
        Objects.requireNonNull(exportPolicy, "exportPolicy");
        if (routeReflectorClient && ebgp) {
            throw new IllegalArgumentException("a route-reflector client must be an iBGP peer (RFC 4456 §6)");
        }
        if (localRole < RoleRules.NONE || localRole > 255) {
            throw new IllegalArgumentException("role out of range: " + localRole);
        }
    }

    /** Without a BGP Role (RFC 9234). */
    public RibPeer(InetAddress address, long asn, Inet4Address routerId, boolean ebgp, Inet4Address nextHopSelf,
            CodecOptions codecOptions, Optional<Inet6Address> ipv6NextHopSelf, Optional<Inet6Address> ipv6LinkLocalNextHop,
            boolean routeReflectorClient, Optional<RoutePolicy> importPolicy, Optional<RoutePolicy> exportPolicy,
            boolean sendEndOfRib) {
        this(address, asn, routerId, ebgp, nextHopSelf, codecOptions, ipv6NextHopSelf, ipv6LinkLocalNextHop,
                routeReflectorClient, importPolicy, exportPolicy, sendEndOfRib, RoleRules.NONE);
    }

    /**
     * The first version's shape: IPv4 only, no route reflection, and both policies
     * {@link RoutePolicy#ACCEPT_ALL} (the pre-RFC 8212 behaviour; use {@link #withPolicies} to get
     * RFC 8212 defaults).
     */
    public RibPeer(InetAddress address, long asn, Inet4Address routerId, boolean ebgp, Inet4Address nextHopSelf,
            CodecOptions codecOptions) {
        this(address, asn, routerId, ebgp, nextHopSelf, codecOptions, Optional.empty(), Optional.empty(), false,
                Optional.of(RoutePolicy.ACCEPT_ALL), Optional.of(RoutePolicy.ACCEPT_ALL), false, RoleRules.NONE);
    }

    /** With our IPv6 addresses on the session (global, and link-local if any): IPv6 unicast is then exported. */
    public RibPeer withIpv6NextHop(Inet6Address global, Optional<Inet6Address> linkLocal) {
        return new RibPeer(address, asn, routerId, ebgp, nextHopSelf, codecOptions, Optional.of(global), linkLocal,
                routeReflectorClient, importPolicy, exportPolicy, sendEndOfRib, localRole);
    }

    /** As a route-reflector client or not (RFC 4456). */
    public RibPeer withRouteReflectorClient(boolean client) {
        return new RibPeer(address, asn, routerId, ebgp, nextHopSelf, codecOptions, ipv6NextHopSelf,
                ipv6LinkLocalNextHop, client, importPolicy, exportPolicy, sendEndOfRib, localRole);
    }

    /** With explicit policies; empty = none configured (RFC 8212 defaults, see the record Javadoc). */
    public RibPeer withPolicies(Optional<RoutePolicy> importPolicy, Optional<RoutePolicy> exportPolicy) {
        return new RibPeer(address, asn, routerId, ebgp, nextHopSelf, codecOptions, ipv6NextHopSelf,
                ipv6LinkLocalNextHop, routeReflectorClient, importPolicy, exportPolicy, sendEndOfRib, localRole);
    }

    /** Sending End-of-RIB markers or not (RFC 4724 §2). */
    public RibPeer withEndOfRib(boolean send) {
        return new RibPeer(address, asn, routerId, ebgp, nextHopSelf, codecOptions, ipv6NextHopSelf,
                ipv6LinkLocalNextHop, routeReflectorClient, importPolicy, exportPolicy, send, localRole);
    }

    /**
     * With our BGP Role on the session (RFC 9234 §4.1: a {@code Capability.Role} value, or
     * {@link RoleRules#NONE}); only meaningful on eBGP sessions.
     */
    public RibPeer withLocalRole(int role) {
        return new RibPeer(address, asn, routerId, ebgp, nextHopSelf, codecOptions, ipv6NextHopSelf,
                ipv6LinkLocalNextHop, routeReflectorClient, importPolicy, exportPolicy, sendEndOfRib, role);
    }

    /** The import policy in force: the explicit one, else RFC 8212's default. */
    RoutePolicy effectiveImport() {
        return importPolicy.orElse(ebgp ? RoutePolicy.REJECT_ALL : RoutePolicy.ACCEPT_ALL);
    }

    /** The export policy in force: the explicit one, else RFC 8212's default. */
    RoutePolicy effectiveExport() {
        return exportPolicy.orElse(ebgp ? RoutePolicy.REJECT_ALL : RoutePolicy.ACCEPT_ALL);
    }
}
