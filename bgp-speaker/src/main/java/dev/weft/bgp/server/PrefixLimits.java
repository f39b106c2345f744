package dev.weft.bgp.server;

import dev.weft.bgp.rib.Rib;
import dev.weft.bgp.wire.AddressFamily;
import dev.weft.bgp.wire.BgpError;
import dev.weft.bgp.wire.NotificationMessage;
import java.util.List;
import java.util.Optional;

/**
 * Maximum prefixes per address family (RFC 4486 §4): each family's Adj-RIB-In of the peer is
 * compared with {@link PeerConfig#maxPrefixes(AddressFamily)}.
 */
final class PrefixLimits {
    /** The families whose Adj-RIB-In size is checked. */
    static final List<AddressFamily> FAMILIES = List.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);

    private PrefixLimits() {}

    /**
     * A family over its limit.
     *
     * @param received prefixes in the peer's Adj-RIB-In of the family
     * @param limit the family's limit
     */
    record Overflow(AddressFamily family, int received, int limit) {
        /** CEASE 6/1 with data AFI (2 octets), SAFI (1), limit (4) (RFC 4486 §4). */
        NotificationMessage cease() {
            byte[] data = {(byte) (family.afi() >>> 8), (byte) family.afi(), (byte) family.safi(), (byte) (limit >>> 24),
                    (byte) (limit >>> 16), (byte) (limit >>> 8), (byte) limit};
            return NotificationMessage.of(BgpError.MAXIMUM_PREFIXES_REACHED, data);
        }
    }

    /** The first family (IPv4, then IPv6) whose prefix count exceeds its limit; RIB thread only. */
    static Optional<Overflow> check(Rib rib, PeerConfig config) {
        for (AddressFamily family : FAMILIES) {
            int limit = config.maxPrefixes(family);
            int n = limit > 0 ? rib.prefixesReceived(config.peerAddress(), family) : 0;
            if (n > limit) {
                return Optional.of(new Overflow(family, n, limit));
            }
        }
        return Optional.empty();
    }
}
