package dev.weft.bgp.session;

import java.net.Inet4Address;

/**
 * What the OPEN exchange settled (RFC 4271 §4.2, §10; RFC 5492).
 *
 * @param peerAs the peer's AS (from the 4-octet AS capability if present)
 * @param peerRouterId the peer's BGP Identifier
 * @param holdTimeSeconds negotiated hold time: the smaller of both; 0 = no hold timer, no keepalives
 * @param keepaliveSeconds keepalive interval; 0 when the hold time is 0
 * @param fourOctetAs both sides support 4-octet AS numbers (RFC 6793)
 * @param routeRefresh the peer supports ROUTE-REFRESH (RFC 2918)
 */
public record NegotiatedSession(long peerAs, Inet4Address peerRouterId, int holdTimeSeconds, int keepaliveSeconds,
        boolean fourOctetAs, boolean routeRefresh) {}
