package dev.weft.bgp.session;

import dev.weft.bgp.fsm.State;
import dev.weft.bgp.wire.AddressFamily;
import dev.weft.bgp.wire.BgpWireException;
import dev.weft.bgp.wire.RouteRefreshMessage;
import dev.weft.bgp.wire.UpdateMessage;

/**
 * Receives what a {@link BgpSessionHandler} learns. All calls come from the channel's event
 * loop.
 */
public interface SessionListener {

    /**
     * A valid OPEN arrived in OpenSent; the place for collision detection (RFC 4271 §6.8).
     *
     * @return true to go on to OpenConfirm, false to close this connection with CEASE 6/7
     */
    default boolean openReceived(BgpSessionHandler session, NegotiatedSession negotiated) {
        return true;
    }

    /** The session reached Established. */
    void established(BgpSessionHandler session);

    /** An UPDATE arrived in Established (already adjusted for RFC 7606 treat-as-withdraw). */
    void update(BgpSessionHandler session, UpdateMessage update);

    /** A normal ROUTE-REFRESH for IPv4 unicast arrived in Established (see the two-argument form). */
    default void routeRefresh(BgpSessionHandler session) {}

    /**
     * A ROUTE-REFRESH for a negotiated family with a known subtype arrived in Established
     * (RFC 2918 §4; RFC 7313 §4: subtype 1 BoRR, 2 EoRR). The default passes normal IPv4 unicast
     * requests to {@link #routeRefresh(BgpSessionHandler)}.
     */
    default void routeRefresh(BgpSessionHandler session, RouteRefreshMessage message) {
        if (message.subtype() == RouteRefreshMessage.NORMAL && message.family().equals(AddressFamily.IPV4_UNICAST)) {
            routeRefresh(session);
        }
    }

    /** An UPDATE error handled without closing the session (RFC 7606). */
    default void softError(BgpSessionHandler session, BgpWireException error) {}

    /**
     * The connection ended (reported once).
     *
     * @param lastState the state the connection was in before it ended
     * @param reason e.g. "sent NOTIFICATION 4/0 Hold Timer Expired", "connection closed"
     */
    void closed(BgpSessionHandler session, State lastState, String reason);
}
