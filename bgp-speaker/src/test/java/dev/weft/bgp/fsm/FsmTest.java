package dev.weft.bgp.fsm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.wire.BgpError;
import dev.weft.bgp.wire.NotificationMessage;
import dev.weft.bgp.wire.OpenMessage;
import dev.weft.bgp.wire.RouteRefreshMessage;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpAddresses;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FsmTest {
    static final OpenMessage OPEN = OpenMessage.of(65000, 90, IpAddresses.parseIpv4("10.0.0.1"), List.of());
    static final UpdateMessage UPDATE = UpdateMessage.withdraw(List.of());
    static final NotificationMessage CEASE = NotificationMessage.of(BgpError.ADMINISTRATIVE_SHUTDOWN);
    static final NotificationMessage BAD = NotificationMessage.of(BgpError.BAD_PEER_AS);

    static Action send(BgpError e) {
        return new Action.SendNotification(NotificationMessage.of(e));
    }

    static Stream<Arguments> table() {
        Action drop = new Action.DropTcpConnection();
        Action stop = new Action.StopTimers();
        Action release = new Action.ReleaseResources();
        return Stream.of(
                Arguments.of(State.IDLE, new Event.Start(false), State.CONNECT,
                        List.of(new Action.StartConnectRetryTimer(), new Action.InitiateTcpConnection())),
                Arguments.of(State.IDLE, new Event.Start(true), State.ACTIVE, List.of()),
                Arguments.of(State.IDLE, new Event.KeepaliveReceived(), State.IDLE, List.of()),
                Arguments.of(State.CONNECT, new Event.TcpConnected(), State.OPEN_SENT,
                        List.of(new Action.StopConnectRetryTimer(), new Action.SendOpen(), new Action.StartHoldTimer(true))),
                Arguments.of(State.CONNECT, new Event.TcpConnectionFails(), State.ACTIVE, List.of(new Action.StartConnectRetryTimer())),
                Arguments.of(State.CONNECT, new Event.ConnectRetryTimerExpires(), State.CONNECT,
                        List.of(drop, new Action.StartConnectRetryTimer(), new Action.InitiateTcpConnection())),
                Arguments.of(State.ACTIVE, new Event.ConnectRetryTimerExpires(), State.CONNECT,
                        List.of(drop, new Action.StartConnectRetryTimer(), new Action.InitiateTcpConnection())),
                Arguments.of(State.ACTIVE, new Event.TcpConnected(), State.OPEN_SENT,
                        List.of(new Action.StopConnectRetryTimer(), new Action.SendOpen(), new Action.StartHoldTimer(true))),
                Arguments.of(State.ACTIVE, new Event.Stop(CEASE), State.IDLE, List.of(drop, stop)),
                Arguments.of(State.OPEN_SENT, new Event.OpenReceived(OPEN), State.OPEN_CONFIRM, List.of(new Action.StopConnectRetryTimer(),
                        new Action.SendKeepalive(), new Action.StartKeepaliveTimer(), new Action.StartHoldTimer(false))),
                Arguments.of(State.OPEN_SENT, new Event.HoldTimerExpires(), State.IDLE,
                        List.of(send(BgpError.HOLD_TIMER_EXPIRED), drop, stop)),
                Arguments.of(State.OPEN_SENT, new Event.MessageError(BAD), State.IDLE,
                        List.of(new Action.SendNotification(BAD), drop, stop)),
                Arguments.of(State.OPEN_SENT, new Event.OpenCollisionDump(), State.IDLE,
                        List.of(send(BgpError.CONNECTION_COLLISION_RESOLUTION), drop, stop)),
                Arguments.of(State.OPEN_SENT, new Event.KeepaliveReceived(), State.IDLE,
                        List.of(send(BgpError.FSM_UNEXPECTED_IN_OPEN_SENT), drop, stop)),
                Arguments.of(State.OPEN_SENT, new Event.NotificationReceived(CEASE), State.IDLE, List.of(drop, stop)),
                Arguments.of(State.OPEN_SENT, new Event.TcpConnectionFails(), State.ACTIVE,
                        List.of(stop, new Action.StartConnectRetryTimer())),
                Arguments.of(State.OPEN_CONFIRM, new Event.KeepaliveReceived(), State.ESTABLISHED,
                        List.of(new Action.StartHoldTimer(false), new Action.SessionEstablished())),
                Arguments.of(State.OPEN_CONFIRM, new Event.KeepaliveTimerExpires(), State.OPEN_CONFIRM,
                        List.of(new Action.SendKeepalive(), new Action.StartKeepaliveTimer())),
                Arguments.of(State.OPEN_CONFIRM, new Event.HoldTimerExpires(), State.IDLE,
                        List.of(send(BgpError.HOLD_TIMER_EXPIRED), drop, stop)),
                Arguments.of(State.OPEN_CONFIRM, new Event.UpdateReceived(UPDATE), State.IDLE,
                        List.of(send(BgpError.FSM_UNEXPECTED_IN_OPEN_CONFIRM), drop, stop)),
                Arguments.of(State.OPEN_CONFIRM, new Event.OpenCollisionDump(), State.IDLE,
                        List.of(send(BgpError.CONNECTION_COLLISION_RESOLUTION), drop, stop)),
                Arguments.of(State.OPEN_CONFIRM, new Event.Stop(CEASE), State.IDLE, List.of(new Action.SendNotification(CEASE), drop, stop)),
                Arguments.of(State.ESTABLISHED, new Event.UpdateReceived(UPDATE), State.ESTABLISHED,
                        List.of(new Action.StartHoldTimer(false), new Action.ProcessUpdate(UPDATE))),
                Arguments.of(State.ESTABLISHED, new Event.KeepaliveReceived(), State.ESTABLISHED, List.of(new Action.StartHoldTimer(false))),
                Arguments.of(State.ESTABLISHED, new Event.RouteRefreshReceived(), State.ESTABLISHED,
                        List.of(new Action.StartHoldTimer(false), new Action.ProcessRouteRefresh())),
                Arguments.of(State.ESTABLISHED, new Event.KeepaliveTimerExpires(), State.ESTABLISHED,
                        List.of(new Action.SendKeepalive(), new Action.StartKeepaliveTimer())),
                Arguments.of(State.ESTABLISHED, new Event.HoldTimerExpires(), State.IDLE,
                        List.of(send(BgpError.HOLD_TIMER_EXPIRED), drop, stop, release)),
                // RFC 9687 §3: Send Hold Timer expiry, NOTIFICATION code 8
                Arguments.of(State.ESTABLISHED, new Event.SendHoldTimerExpires(), State.IDLE,
                        List.of(new Action.SendNotification(Fsm.SEND_HOLD_EXPIRED), drop, stop, release)),
                Arguments.of(State.OPEN_CONFIRM, new Event.SendHoldTimerExpires(), State.IDLE,
                        List.of(new Action.SendNotification(Fsm.SEND_HOLD_EXPIRED), drop, stop)),
                Arguments.of(State.ESTABLISHED, new Event.RouteRefreshReceived(RouteRefreshMessage.IPV6_UNICAST),
                        State.ESTABLISHED, List.of(new Action.StartHoldTimer(false),
                                new Action.ProcessRouteRefresh(RouteRefreshMessage.IPV6_UNICAST))),
                Arguments.of(State.ESTABLISHED, new Event.OpenReceived(OPEN), State.IDLE,
                        List.of(send(BgpError.FSM_UNEXPECTED_IN_ESTABLISHED), drop, stop, release)),
                Arguments.of(State.ESTABLISHED, new Event.NotificationReceived(CEASE), State.IDLE, List.of(drop, stop, release)),
                Arguments.of(State.ESTABLISHED, new Event.TcpConnectionFails(), State.IDLE, List.of(stop, release)),
                Arguments.of(State.ESTABLISHED, new Event.Stop(CEASE), State.IDLE,
                        List.of(new Action.SendNotification(CEASE), drop, stop, release)));
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @MethodSource("table")
    void transitions(State from, Event event, State to, List<Action> actions) {
        Transition t = Fsm.next(from, event);
        assertThat(t.next()).isEqualTo(to);
        assertThat(t.actions()).isEqualTo(actions);
    }

    @ParameterizedTest
    @MethodSource("states")
    void everyStateAnswersEveryEvent(State state) {
        for (Event e : List.of(new Event.Start(false), new Event.Stop(CEASE), new Event.ConnectRetryTimerExpires(),
                new Event.HoldTimerExpires(), new Event.KeepaliveTimerExpires(), new Event.TcpConnected(),
                new Event.TcpConnectionFails(), new Event.OpenReceived(OPEN), new Event.MessageError(BAD),
                new Event.OpenCollisionDump(), new Event.NotificationReceived(CEASE), new Event.KeepaliveReceived(),
                new Event.UpdateReceived(UPDATE), new Event.RouteRefreshReceived())) {
            assertThat(Fsm.next(state, e)).as(state + " + " + e).isNotNull();
        }
    }

    static Stream<State> states() {
        return Stream.of(State.values());
    }
}
