package dev.weft.bgp.rib;

/**
 * What the RIB keeps per peer: its Adj-RIB-In per family (routes as received, before import
 * policy — kept so a policy change can be re-applied) and its Adj-RIB-Out per family (the
 * interned attribute sets last sent per prefix). {@code up} is false while the peer's routes are
 * kept stale across a graceful restart (RFC 4724 §4.2).
 */
final class PeerState {
    RibPeer peer;
    boolean up = true;
    final PrefixTable<Route> in4 = PrefixTable.create(true);
    final PrefixTable<Route> in6 = PrefixTable.create(false);
    PrefixTable<RouteAttributes> out4 = PrefixTable.create(true);
    PrefixTable<RouteAttributes> out6 = PrefixTable.create(false);

    PeerState(RibPeer peer) {
        this.peer = peer;
    }

    PrefixTable<Route> in(boolean ipv4) {
        return ipv4 ? in4 : in6;
    }

    PrefixTable<RouteAttributes> out(boolean ipv4) {
        return ipv4 ? out4 : out6;
    }

    void clearOut() {
        out4 = PrefixTable.create(true);
        out6 = PrefixTable.create(false);
    }
}
