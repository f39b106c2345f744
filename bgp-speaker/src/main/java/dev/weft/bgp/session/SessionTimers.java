package dev.weft.bgp.session;

import dev.weft.bgp.fsm.Event;
import dev.weft.bgp.fsm.State;
import dev.weft.bgp.wire.BgpMessage;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The timers of one connection, scheduled on the channel's executor (so tests drive them with
 * {@code EmbeddedChannel.freezeTime()/advanceTimeBy()}): the HoldTimer and KeepaliveTimer (RFC 4271
 * §10; {@link SessionConfig#LARGE_HOLD_TIME_SECONDS} in OpenSent, then the negotiated values, 0 =
 * none) and the SendHoldTimer (RFC 9687), which runs while a write is pending: every message goes
 * out through {@link #write}. Expiries come back as FSM events through {@code fire}. Event loop only.
 */
final class SessionTimers {
    private final ChannelHandlerContext ctx;
    private final SessionConfig config;
    private final Supplier<State> state;
    private final Supplier<NegotiatedSession> negotiated;
    private final Consumer<Event> fire;
    private final Consumer<String> sendHoldExpiry;
    private ScheduledFuture<?> holdTimer;
    private ScheduledFuture<?> keepaliveTimer;
    /** RFC 9687 SendHoldTimer: runs while a write is pending. */
    private ScheduledFuture<?> sendHoldTimer;
    private int pendingWrites;
    private boolean sendHoldExpired;

    /**
     * @param state the connection's FSM state
     * @param negotiated the negotiated parameters, null before a valid OPEN
     * @param fire runs an FSM event (HoldTimer_Expires, KeepaliveTimer_Expires)
     * @param sendHoldExpiry SendHoldTimer expiry with a reason ("Send Hold Timer expired (RFC 9687): ...");
     *     it must fire SendHoldTimer_Expires
     */
    SessionTimers(ChannelHandlerContext ctx, SessionConfig config, Supplier<State> state,
            Supplier<NegotiatedSession> negotiated, Consumer<Event> fire, Consumer<String> sendHoldExpiry) {
        this.ctx = ctx;
        this.config = config;
        this.state = state;
        this.negotiated = negotiated;
        this.fire = fire;
        this.sendHoldExpiry = sendHoldExpiry;
    }

    /** True once the SendHoldTimer expired: a NOTIFICATION cannot be sent, close at once (RFC 9687 §3). */
    boolean sendHoldExpired() {
        return sendHoldExpired;
    }

    /** (Re)starts the HoldTimer: {@link SessionConfig#LARGE_HOLD_TIME_SECONDS} if {@code large}, else the negotiated hold time. */
    void startHoldTimer(boolean large) {
        cancel(holdTimer);
        int seconds = large ? SessionConfig.LARGE_HOLD_TIME_SECONDS : negotiated.get().holdTimeSeconds();
        holdTimer = seconds == 0 ? null : ctx.executor().schedule(() -> holdTimerExpired(seconds), seconds, TimeUnit.SECONDS);
    }

    /** (Re)starts the KeepaliveTimer with the negotiated interval (0: none). */
    void startKeepaliveTimer() {
        cancel(keepaliveTimer);
        int seconds = negotiated.get().keepaliveSeconds();
        keepaliveTimer = seconds == 0 ? null
                : ctx.executor().schedule(() -> fire.accept(new Event.KeepaliveTimerExpires()), seconds, TimeUnit.SECONDS);
    }

    /** Stops all three timers. */
    void cancelAll() {
        cancel(holdTimer);
        cancel(keepaliveTimer);
        cancel(sendHoldTimer);
        sendHoldTimer = null;
        holdTimer = null;
        keepaliveTimer = null;
    }

    /**
     * HoldTimer expiry, except while reading is stopped by back-pressure (the RIB is behind): then
     * the peer's messages, KEEPALIVEs included, wait unread in our socket buffer, so the timer is
     * restarted instead of closing a live session.
     */
    private void holdTimerExpired(int seconds) {
        if (!ctx.channel().config().isAutoRead() && ctx.channel().isActive() && state.get() == State.ESTABLISHED) {
            holdTimer = ctx.executor().schedule(() -> holdTimerExpired(seconds), seconds, TimeUnit.SECONDS);
            return;
        }
        fire.accept(new Event.HoldTimerExpires());
    }

    /**
     * Writes {@code m} (not flushed) under the SendHoldTimer (RFC 9687): while some write is
     * pending, the timer runs; each completed write restarts it; when none is pending it stops. A
     * failed write goes to the pipeline as an exception.
     */
    ChannelFuture write(BgpMessage m) {
        pendingWrites++;
        if (pendingWrites == 1) {
            startSendHoldTimer();
        }
        return ctx.write(m).addListener((ChannelFutureListener) f -> {
            pendingWrites--;
            cancel(sendHoldTimer);
            sendHoldTimer = null;
            if (!f.isSuccess()) {
                ctx.fireExceptionCaught(f.cause());
            } else if (pendingWrites > 0) {
                startSendHoldTimer();
            }
        });
    }

    private void startSendHoldTimer() {
        cancel(sendHoldTimer);
        sendHoldTimer = null;
        NegotiatedSession n = negotiated.get();
        int hold = n == null ? config.holdTimeSeconds() : n.holdTimeSeconds();
        int seconds = config.effectiveSendHoldSeconds(hold);
        if (seconds > 0 && state.get().compareTo(State.OPEN_SENT) >= 0) {
            sendHoldTimer = ctx.executor().schedule(() -> {
                sendHoldTimer = null;
                if (pendingWrites > 0) {
                    sendHoldExpired = true;
                    sendHoldExpiry.accept("Send Hold Timer expired (RFC 9687): nothing could be sent for " + seconds + " s");
                }
            }, seconds, TimeUnit.SECONDS);
        }
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
