package dev.weft.bgp.rib;

import dev.weft.common.net.IpPrefix;

/**
 * One peer's route to a prefix as the tables store it: no prefix (the table key holds it), the
 * peer's state and an interned attribute set, plus the graceful-restart stale mark (RFC 4724
 * §4.2). Two routes are the same route when peer and attribute set are identical.
 *
 * <p>One Route object is shared by all prefixes of an UPDATE (same peer, same attributes, same
 * family), in the Adj-RIB-In and the Loc-RIB alike; {@link #stale} is only ever set for all of a
 * peer's routes of a family together (RFC 4724 §4.2, RFC 7313 §4.2), so sharing never marks a
 * route that should stay fresh.
 */
final class Route {
    final PeerState peer;
    final RouteAttributes attributes;
    boolean stale;

    Route(PeerState peer, RouteAttributes attributes) {
        this.peer = peer;
        this.attributes = attributes;
    }

    Path toPath(IpPrefix prefix) {
        return new Path(prefix, attributes, peer.peer);
    }

    static boolean same(Route a, Route b) {
        return a == b || (a != null && b != null && a.peer == b.peer && a.attributes == b.attributes);
    }
}
