package dev.weft.bgp.fsm;

import dev.weft.bgp.fsm.Action.DropTcpConnection;
import dev.weft.bgp.fsm.Action.InitiateTcpConnection;
import dev.weft.bgp.fsm.Action.ProcessRouteRefresh;
import dev.weft.bgp.fsm.Action.ProcessUpdate;
import dev.weft.bgp.fsm.Action.ReleaseResources;
import dev.weft.bgp.fsm.Action.SendKeepalive;
import dev.weft.bgp.fsm.Action.SendNotification;
import dev.weft.bgp.fsm.Action.SendOpen;
import dev.weft.bgp.fsm.Action.SessionEstablished;
import dev.weft.bgp.fsm.Action.StartConnectRetryTimer;
import dev.weft.bgp.fsm.Action.StartHoldTimer;
import dev.weft.bgp.fsm.Action.StartKeepaliveTimer;
import dev.weft.bgp.fsm.Action.StopConnectRetryTimer;
import dev.weft.bgp.fsm.Action.StopTimers;
import dev.weft.bgp.wire.BgpError;
import dev.weft.bgp.wire.NotificationMessage;

/**
 * The RFC 4271 §8.2.2 state machine as a pure function. Simplifications (all optional session
 * attributes of §8.1.1 off): no DelayOpen, no damping, no collision detection in Established;
 * passive peers never initiate connections. An event that the RFC calls an FSM error in
 * OpenSent, OpenConfirm or Established answers with the RFC 6608 subcode (5/1, 5/2, 5/3).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4271#section-8.2.2">RFC 4271 §8.2.2</a>
 */
public final class Fsm {
    private static final NotificationMessage HOLD_EXPIRED = NotificationMessage.of(BgpError.HOLD_TIMER_EXPIRED);
    /** RFC 9687 §5: error code 8, Send Hold Timer Expired, subcode 0. */
    public static final NotificationMessage SEND_HOLD_EXPIRED = new NotificationMessage(8, 0, new byte[0]);
    private static final NotificationMessage COLLISION = NotificationMessage.of(BgpError.CONNECTION_COLLISION_RESOLUTION);

    private Fsm() {}

    /** The transition for {@code event} in {@code state}. Never null; unlisted pairs keep the state with no actions. */
    public static Transition next(State state, Event event) {
        return switch (state) {
            case IDLE -> idle(event);
            case CONNECT, ACTIVE -> connectOrActive(state, event);
            case OPEN_SENT -> openSent(event);
            case OPEN_CONFIRM -> openConfirm(event);
            case ESTABLISHED -> established(event);
        };
    }

    private static Transition idle(Event event) {
        if (event instanceof Event.Start s) {
            return s.passive() ? Transition.of(State.ACTIVE)
                    : Transition.of(State.CONNECT, new StartConnectRetryTimer(), new InitiateTcpConnection());
        }
        return Transition.of(State.IDLE);
    }

    private static Transition connectOrActive(State state, Event event) {
        if (event instanceof Event.Stop) {
            return Transition.of(State.IDLE, new DropTcpConnection(), new StopTimers());
        } else if (event instanceof Event.ConnectRetryTimerExpires) {
            return Transition.of(State.CONNECT, new DropTcpConnection(), new StartConnectRetryTimer(), new InitiateTcpConnection());
        } else if (event instanceof Event.TcpConnected) {
            return Transition.of(State.OPEN_SENT, new StopConnectRetryTimer(), new SendOpen(), new StartHoldTimer(true));
        } else if (event instanceof Event.TcpConnectionFails) {
            return Transition.of(State.ACTIVE, new StartConnectRetryTimer());
        } else if (event instanceof Event.Start) {
            return Transition.of(state);
        }
        return Transition.of(State.IDLE, new DropTcpConnection(), new StopTimers());
    }

    private static Transition openSent(Event event) {
        if (event instanceof Event.Stop s) {
            return close(s.cease());
        } else if (event instanceof Event.HoldTimerExpires) {
            return close(HOLD_EXPIRED);
        } else if (event instanceof Event.SendHoldTimerExpires) {
            return close(SEND_HOLD_EXPIRED);
        } else if (event instanceof Event.TcpConnectionFails) {
            return Transition.of(State.ACTIVE, new StopTimers(), new StartConnectRetryTimer());
        } else if (event instanceof Event.OpenReceived) {
            return Transition.of(State.OPEN_CONFIRM, new StopConnectRetryTimer(), new SendKeepalive(),
                    new StartKeepaliveTimer(), new StartHoldTimer(false));
        } else if (event instanceof Event.MessageError e) {
            return close(e.notification());
        } else if (event instanceof Event.OpenCollisionDump) {
            return close(COLLISION);
        } else if (event instanceof Event.NotificationReceived) {
            return Transition.of(State.IDLE, new DropTcpConnection(), new StopTimers());
        } else if (event instanceof Event.KeepaliveReceived || event instanceof Event.UpdateReceived
                || event instanceof Event.RouteRefreshReceived) {
            return close(NotificationMessage.of(BgpError.FSM_UNEXPECTED_IN_OPEN_SENT));
        }
        return Transition.of(State.OPEN_SENT);
    }

    private static Transition openConfirm(Event event) {
        if (event instanceof Event.Stop s) {
            return close(s.cease());
        } else if (event instanceof Event.HoldTimerExpires) {
            return close(HOLD_EXPIRED);
        } else if (event instanceof Event.KeepaliveTimerExpires) {
            return Transition.of(State.OPEN_CONFIRM, new SendKeepalive(), new StartKeepaliveTimer());
        } else if (event instanceof Event.SendHoldTimerExpires) {
            return close(SEND_HOLD_EXPIRED);
        } else if (event instanceof Event.TcpConnectionFails) {
            return Transition.of(State.IDLE, new StopTimers());
        } else if (event instanceof Event.NotificationReceived) {
            return Transition.of(State.IDLE, new DropTcpConnection(), new StopTimers());
        } else if (event instanceof Event.MessageError e) {
            return close(e.notification());
        } else if (event instanceof Event.OpenCollisionDump) {
            return close(COLLISION);
        } else if (event instanceof Event.KeepaliveReceived) {
            return Transition.of(State.ESTABLISHED, new StartHoldTimer(false), new SessionEstablished());
        } else if (event instanceof Event.OpenReceived || event instanceof Event.UpdateReceived
                || event instanceof Event.RouteRefreshReceived) {
            return close(NotificationMessage.of(BgpError.FSM_UNEXPECTED_IN_OPEN_CONFIRM));
        }
        return Transition.of(State.OPEN_CONFIRM);
    }

    private static Transition established(Event event) {
        if (event instanceof Event.Stop s) {
            return closeEstablished(s.cease());
        } else if (event instanceof Event.HoldTimerExpires) {
            return closeEstablished(HOLD_EXPIRED);
        } else if (event instanceof Event.KeepaliveTimerExpires) {
            return Transition.of(State.ESTABLISHED, new SendKeepalive(), new StartKeepaliveTimer());
        } else if (event instanceof Event.KeepaliveReceived) {
            return Transition.of(State.ESTABLISHED, new StartHoldTimer(false));
        } else if (event instanceof Event.UpdateReceived u) {
            return Transition.of(State.ESTABLISHED, new StartHoldTimer(false), new ProcessUpdate(u.update()));
        } else if (event instanceof Event.RouteRefreshReceived r) {
            return Transition.of(State.ESTABLISHED, new StartHoldTimer(false), new ProcessRouteRefresh(r.message()));
        } else if (event instanceof Event.SendHoldTimerExpires) {
            return closeEstablished(SEND_HOLD_EXPIRED);
        } else if (event instanceof Event.TcpConnectionFails) {
            return Transition.of(State.IDLE, new StopTimers(), new ReleaseResources());
        } else if (event instanceof Event.NotificationReceived) {
            return Transition.of(State.IDLE, new DropTcpConnection(), new StopTimers(), new ReleaseResources());
        } else if (event instanceof Event.MessageError e) {
            return closeEstablished(e.notification());
        } else if (event instanceof Event.OpenCollisionDump) {
            return closeEstablished(COLLISION);
        } else if (event instanceof Event.OpenReceived) {
            return closeEstablished(NotificationMessage.of(BgpError.FSM_UNEXPECTED_IN_ESTABLISHED));
        }
        return Transition.of(State.ESTABLISHED);
    }

    private static Transition close(NotificationMessage n) {
        return Transition.of(State.IDLE, new SendNotification(n), new DropTcpConnection(), new StopTimers());
    }

    private static Transition closeEstablished(NotificationMessage n) {
        return Transition.of(State.IDLE, new SendNotification(n), new DropTcpConnection(), new StopTimers(),
                new ReleaseResources());
    }
}
