package dev.weft.bgp.rib;

import dev.weft.bgp.wire.CodecOptions;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An Established peer as the RIB sees it.
 *
 * @param address the peer's address (its key)
 * @param asn the peer's AS
 * @param routerId the peer's BGP Identifier (tie-breaker, RFC 4271 §9.1.2.2 f)
 * @param ebgp true if the peer is in another AS
 * @param nextHopSelf our address on this session, sent as NEXT_HOP
 * @param codecOptions how UPDATEs to this peer are encoded (to size them under 4096 octets)
 */
public record RibPeer(InetAddress address, long asn, Inet4Address routerId, boolean ebgp, Inet4Address nextHopSelf,
        CodecOptions codecOptions) {
    public RibPeer {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(nextHopSelf, "nextHopSelf");
        Objects.requireNonNull(codecOptions, "codecOptions");
    }
}
