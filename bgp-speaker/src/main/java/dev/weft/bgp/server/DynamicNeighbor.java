package dev.weft.bgp.server;

import dev.weft.common.net.IpPrefix;
import java.util.Objects;

/**
 * A range of addresses from which the speaker accepts BGP connections without a configured
 * peer ("dynamic neighbours", as BGP listen ranges on routers). A connection from an address in
 * the range gets a passive peer made from {@code template} with the connecting address and
 * {@code peerAs}; it is removed again when that session ends. TCP MD5 is not available for ranges. Connections from anywhere else
 * that is not a configured peer are refused before any OPEN is read (CEASE 6/5).
 *
 * @param range the source addresses accepted, e.g. 10.0.0.0/24
 * @param peerAs the AS those peers must announce (RFC 4271 §6.2 Bad Peer AS otherwise)
 * @param template every other setting (its address and AS are replaced; it is always passive)
 */
public record DynamicNeighbor(IpPrefix range, long peerAs, PeerConfig template) {
    public DynamicNeighbor {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(template, "template");
        if (peerAs < 1 || peerAs > 0xffffffffL) {
            throw new IllegalArgumentException("peer AS out of range: " + peerAs);
        }
        if (template.md5Password().isPresent()) {
            // Netty sets TCP_MD5SIG per address only (no TCP_MD5SIG_EXT prefixes)
            throw new IllegalArgumentException("TCP MD5 is not supported for dynamic neighbour ranges");
        }
    }

    /** The peer configuration for a connection from {@code address}. */
    public PeerConfig peerFor(java.net.InetAddress address) {
        return template.withPeerAddress(address, peerAs).withPassive(true);
    }
}
