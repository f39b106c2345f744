package dev.weft.bgp.rib;

import dev.weft.common.net.IpPrefix;

/**
 * One peer's route to a prefix as the tables store it: no prefix (the table key holds it), the
 * peer's state and an interned attribute set, plus the graceful-restart stale mark (RFC 4724
 * §4.2). Two routes are the same route when peer and attribute set are identical.
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
