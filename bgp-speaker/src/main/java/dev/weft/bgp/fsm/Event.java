package dev.weft.bgp.fsm;

import dev.weft.bgp.wire.NotificationMessage;
import dev.weft.bgp.wire.OpenMessage;
import dev.weft.bgp.wire.RouteRefreshMessage;
import dev.weft.bgp.wire.UpdateMessage;
import java.util.Objects;

/**
 * FSM input events (RFC 4271 §8.1), grouped where the RFC's variants need no different
 * handling here (e.g. Tcp_CR_Acked and TcpConnectionConfirmed are both {@link TcpConnected};
 * BGPHeaderErr, BGPOpenMsgErr and UpdateMsgErr are {@link MessageError}).
 */
public sealed interface Event {

    /** ManualStart / AutomaticStart (Events 1, 3, 4, 5); passive = PassiveTcpEstablishment, no connect attempts. */
    record Start(boolean passive) implements Event {}

    /** ManualStop / AutomaticStop (Events 2, 8) with the CEASE to send if a connection exists. */
    record Stop(NotificationMessage cease) implements Event {
        public Stop {
            Objects.requireNonNull(cease, "cease");
        }
    }

    /** ConnectRetryTimer_Expires (Event 9). */
    record ConnectRetryTimerExpires() implements Event {}

    /** HoldTimer_Expires (Event 10). */
    record HoldTimerExpires() implements Event {}

    /** KeepaliveTimer_Expires (Event 11). */
    record KeepaliveTimerExpires() implements Event {}

    /** Tcp_CR_Acked / TcpConnectionConfirmed (Events 16, 17). */
    record TcpConnected() implements Event {}

    /** TcpConnectionFails (Event 18). */
    record TcpConnectionFails() implements Event {}

    /** BGPOpen (Event 19): an OPEN that passed validation. */
    record OpenReceived(OpenMessage open) implements Event {}

    /** BGPHeaderErr, BGPOpenMsgErr, UpdateMsgErr (Events 21, 22, 28): the NOTIFICATION to send. */
    record MessageError(NotificationMessage notification) implements Event {}

    /** OpenCollisionDump (Event 23): this connection lost collision resolution (RFC 4271 §6.8). */
    record OpenCollisionDump() implements Event {}

    /** NotifMsg / NotifMsgVerErr (Events 24, 25). */
    record NotificationReceived(NotificationMessage notification) implements Event {}

    /** KeepAliveMsg (Event 26). */
    record KeepaliveReceived() implements Event {}

    /** UpdateMsg (Event 27). */
    record UpdateReceived(UpdateMessage update) implements Event {}

    /** A ROUTE-REFRESH message (RFC 2918 §4, RFC 7313 §3 subtypes). */
    record RouteRefreshReceived(RouteRefreshMessage message) implements Event {
        public RouteRefreshReceived {
            Objects.requireNonNull(message, "message");
        }

        /** A normal IPv4 unicast request. */
        public RouteRefreshReceived() {
            this(RouteRefreshMessage.IPV4_UNICAST);
        }
    }

    /**
     * SendHoldTimer_Expires (RFC 9687 §3): nothing could be sent for the send hold time; the
     * connection is closed at once, with a best-effort NOTIFICATION 8.
     */
    record SendHoldTimerExpires() implements Event {}
}
