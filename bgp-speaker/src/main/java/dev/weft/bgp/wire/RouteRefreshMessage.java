package dev.weft.bgp.wire;

/**
 * ROUTE-REFRESH (RFC 2918 §3): asks the peer to re-send its Adj-RIB-Out for one AFI/SAFI.
 *
 * <pre>
 *  0       7      15      23      31
 * +-------+-------+-------+-------+
 * |      AFI      | Res.  | SAFI  |
 * +-------+-------+-------+-------+
 * </pre>
 *
 * @param afi address family identifier (1 = IPv4)
 * @param safi subsequent address family identifier (1 = unicast)
 */
public record RouteRefreshMessage(int afi, int safi) implements BgpMessage {
    /** IPv4 unicast. */
    public static final RouteRefreshMessage IPV4_UNICAST = new RouteRefreshMessage(1, 1);

    public RouteRefreshMessage {
        if (afi < 0 || afi > 0xffff || safi < 0 || safi > 0xff) {
            throw new IllegalArgumentException("AFI/SAFI out of range: " + afi + "/" + safi);
        }
    }

    @Override
    public MessageType type() {
        return MessageType.ROUTE_REFRESH;
    }
}
