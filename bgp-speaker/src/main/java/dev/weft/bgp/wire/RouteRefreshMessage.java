package dev.weft.bgp.wire;

import java.util.Objects;

/**
 * ROUTE-REFRESH (RFC 2918 §3, subtypes RFC 7313 §3): asks the peer to re-send its Adj-RIB-Out
 * for one AFI/SAFI, or (Enhanced Route Refresh) marks the beginning and end of such a re-send.
 *
 * <pre>
 *  0       7      15      23      31
 * +-------+-------+-------+-------+
 * |      AFI      |Subtype| SAFI  |      Subtype: 0 normal request, 1 BoRR, 2 EoRR
 * +-------+-------+-------+-------+      (RFC 2918 called that octet Reserved)
 * </pre>
 *
 * A receiver ignores subtypes other than 0–2 (RFC 7313 §5); the decoder keeps them so the
 * session can. Trailing ORF entries (RFC 5291) after a subtype-0 message are skipped.
 *
 * @param family the address family
 * @param subtype 0 {@link #NORMAL}, 1 {@link #BEGINNING_OF_RIB_REFRESH}, 2 {@link #END_OF_RIB_REFRESH},
 *     3–255 reserved
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7313#section-3">RFC 7313 §3</a>
 */
public record RouteRefreshMessage(AddressFamily family, int subtype) implements BgpMessage {
    /** Subtype 0: a route refresh request (RFC 2918). */
    public static final int NORMAL = 0;
    /** Subtype 1: Beginning of Route Refresh, BoRR (RFC 7313 §3). */
    public static final int BEGINNING_OF_RIB_REFRESH = 1;
    /** Subtype 2: End of Route Refresh, EoRR (RFC 7313 §3). */
    public static final int END_OF_RIB_REFRESH = 2;

    /** A normal request for IPv4 unicast. */
    public static final RouteRefreshMessage IPV4_UNICAST = new RouteRefreshMessage(AddressFamily.IPV4_UNICAST, NORMAL);
    /** A normal request for IPv6 unicast. */
    public static final RouteRefreshMessage IPV6_UNICAST = new RouteRefreshMessage(AddressFamily.IPV6_UNICAST, NORMAL);

    public RouteRefreshMessage {
        Objects.requireNonNull(family, "family");
        if (subtype < 0 || subtype > 255) {
            throw new IllegalArgumentException("subtype out of range: " + subtype);
        }
    }

    /**
     * A normal request from raw numbers.
     *
     * @deprecated use {@link #request(AddressFamily)}
     */
    @Deprecated
    public RouteRefreshMessage(int afi, int safi) {
        this(AddressFamily.valueOf(afi, safi), NORMAL);
    }

    /** A normal route refresh request for {@code family} (subtype 0). */
    public static RouteRefreshMessage request(AddressFamily family) {
        return new RouteRefreshMessage(family, NORMAL);
    }

    /** The BoRR marker for {@code family} (subtype 1, RFC 7313 §4). */
    public static RouteRefreshMessage beginning(AddressFamily family) {
        return new RouteRefreshMessage(family, BEGINNING_OF_RIB_REFRESH);
    }

    /** The EoRR marker for {@code family} (subtype 2, RFC 7313 §4). */
    public static RouteRefreshMessage end(AddressFamily family) {
        return new RouteRefreshMessage(family, END_OF_RIB_REFRESH);
    }

    /** The AFI. */
    public int afi() {
        return family.afi();
    }

    /** The SAFI. */
    public int safi() {
        return family.safi();
    }

    /** True for subtypes 0–2; others must be ignored (RFC 7313 §5). */
    public boolean knownSubtype() {
        return subtype <= END_OF_RIB_REFRESH;
    }

    @Override
    public MessageType type() {
        return MessageType.ROUTE_REFRESH;
    }
}
