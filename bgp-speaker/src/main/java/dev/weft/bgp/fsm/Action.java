package dev.weft.bgp.fsm;

import dev.weft.bgp.wire.NotificationMessage;
import dev.weft.bgp.wire.RouteRefreshMessage;
import dev.weft.bgp.wire.UpdateMessage;

/**
 * What the session layer must do after a transition (RFC 4271 §8.2.2), in list order.
 */
public sealed interface Action {
    /** Open a TCP connection to the peer. */
    record InitiateTcpConnection() implements Action {}

    /** Close the TCP connection (after any NOTIFICATION queued before it is flushed). */
    record DropTcpConnection() implements Action {}

    /** (Re)start the ConnectRetryTimer (with the current backoff). */
    record StartConnectRetryTimer() implements Action {}

    /** Stop the ConnectRetryTimer. */
    record StopConnectRetryTimer() implements Action {}

    /** Send our OPEN. */
    record SendOpen() implements Action {}

    /** Send a KEEPALIVE. */
    record SendKeepalive() implements Action {}

    /** Send this NOTIFICATION. */
    record SendNotification(NotificationMessage notification) implements Action {}

    /** (Re)start the HoldTimer: 4 minutes in OpenSent (RFC 4271 §8.2.2), else the negotiated hold time (none if 0). */
    record StartHoldTimer(boolean large) implements Action {}

    /** (Re)start the KeepaliveTimer at the negotiated interval (none if the hold time is 0). */
    record StartKeepaliveTimer() implements Action {}

    /** Stop every timer of the connection. */
    record StopTimers() implements Action {}

    /** The session reached Established: start exchanging routes. */
    record SessionEstablished() implements Action {}

    /** Hand an UPDATE to the RIB. */
    record ProcessUpdate(UpdateMessage update) implements Action {}

    /** Answer a ROUTE-REFRESH: re-send the Adj-RIB-Out (RFC 2918 §4) or handle BoRR/EoRR (RFC 7313 §4). */
    record ProcessRouteRefresh(RouteRefreshMessage message) implements Action {
        /** A normal IPv4 unicast request. */
        public ProcessRouteRefresh() {
            this(RouteRefreshMessage.IPV4_UNICAST);
        }
    }

    /** Leave Established: delete the peer's routes (RFC 4271 §8.2.2 "releases all BGP resources"). */
    record ReleaseResources() implements Action {}
}
