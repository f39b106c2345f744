package dev.weft.bgp.session;

import dev.weft.bgp.fsm.State;
import dev.weft.bgp.wire.NotificationMessage;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How one connection ends, as {@link SessionListener#closed} and
 * {@link BgpSessionHandler#endingNotification()} report it: the reason (the first one given wins,
 * except that a received NOTIFICATION and the SendHoldTimer's expiry always name themselves), the first NOTIFICATION sent or received
 * as it went on the wire (our CEASEs of RFC 8538 §5.1 wrapped in a Hard Reset when the N bit was
 * negotiated, {@link HardReset}; RFC 8538 §3 needs it to tell a Hard Reset), the write of our
 * NOTIFICATION (the close waits for it, {@link #closeAfterNotification}), the last state at or past OpenSent and whether the end was
 * reported. Event loop only, except the two readers the handler exposes.
 */
final class ConnectionEnd {
    /**
     * How long a connection stays half-closed after our NOTIFICATION, at most, for the peer to read
     * it and close its side (milliseconds).
     */
    static final long NOTIFICATION_LINGER_MILLIS = 2000;

    private volatile NotificationMessage notification;
    private String reason;
    private ChannelFuture notificationWrite;
    private State lastConnectedState;
    private boolean reported;

    /** Sets the reason unless one was given already. */
    void reasonIfNone(String why) {
        if (reason == null) {
            reason = why;
        }
    }

    /** Sets the reason, replacing any given before (the SendHoldTimer's expiry, RFC 9687). */
    void reason(String why) {
        reason = why;
    }

    /** Why the connection ended, or null while it is up. */
    String reason() {
        return reason;
    }

    /** The first NOTIFICATION sent or received, if any. */
    Optional<NotificationMessage> notification() {
        return Optional.ofNullable(notification);
    }

    /** The peer sent {@code n}: "received NOTIFICATION x/y ..." is the reason. */
    void received(NotificationMessage n) {
        reason = "received NOTIFICATION " + HardReset.describe(n);
        if (notification == null) {
            notification = n;
        }
    }

    /**
     * We are about to send {@code n}.
     *
     * @param negotiated the session's parameters, null before a valid OPEN
     * @return what goes on the wire: a Hard Reset wrapping {@code n} when RFC 8538 was negotiated
     *     and {@code n} must end the session for good (§5.1), else {@code n}
     */
    NotificationMessage sending(NotificationMessage n, NegotiatedSession negotiated) {
        NotificationMessage sent = n;
        if (negotiated != null && negotiated.gracefulNotification() && HardReset.required(n)) {
            sent = HardReset.wrap(n); // RFC 8538 §5.1: this CEASE must end the session for good
        }
        reasonIfNone("sent NOTIFICATION " + HardReset.describe(sent));
        if (notification == null) {
            notification = sent;
        }
        return sent;
    }

    /** The write of our NOTIFICATION; the connection closes when it completes. */
    void notificationWritten(ChannelFuture write) {
        notificationWrite = write;
    }

    /** The write of our NOTIFICATION, or null if none was sent. */
    ChannelFuture notificationWrite() {
        return notificationWrite;
    }

    /** The FSM moved to {@code state}. */
    void moved(State state) {
        if (state.compareTo(State.OPEN_SENT) >= 0) {
            lastConnectedState = state;
        }
    }

    /** The state to report: the last one at or past OpenSent, else {@code fallback}. */
    State lastState(State fallback) {
        return lastConnectedState != null ? lastConnectedState : fallback;
    }

    /** True the first time only: the end is reported once. */
    boolean report() {
        if (reported) {
            return false;
        }
        reported = true;
        return true;
    }

    /**
     * Closes the connection after our NOTIFICATION {@code write}, so that the peer reads it. Data
     * that reaches a closed socket is answered with RST, and a peer that writes before it reads
     * (BIRD 2 handles a writable socket first) then fails its write and ends the session without
     * reading the NOTIFICATION. So once the write is done the NOTIFICATION is followed by FIN
     * (output shut down) and input is read and dropped until the peer closes its side. The channel
     * is closed then, or {@link #NOTIFICATION_LINGER_MILLIS} after this call at the latest — also
     * when the write never completes (a peer that stopped reading with our UPDATEs queued in front
     * of the NOTIFICATION). A failed write, or a channel that cannot half-close, closes at once.
     */
    static void closeAfterNotification(ChannelFuture write) {
        Channel ch = write.channel();
        ScheduledFuture<?> linger = ch.eventLoop().schedule(() -> {
            ch.close();
        }, NOTIFICATION_LINGER_MILLIS, TimeUnit.MILLISECONDS);
        ch.closeFuture().addListener(f -> linger.cancel(false));
        write.addListener(f -> {
            if (!f.isSuccess() || !(ch instanceof DuplexChannel duplex) || !ch.isActive()) {
                ch.close();
                return;
            }
            ch.pipeline().addFirst(DiscardInput.NAME, DiscardInput.INSTANCE);
            duplex.shutdownOutput();
            ch.config().setAutoRead(true);
        });
    }

    /** Drops all input of a connection that has ended (after our NOTIFICATION). */
    @ChannelHandler.Sharable
    private static final class DiscardInput extends ChannelInboundHandlerAdapter {
        static final String NAME = "discardAfterNotification";
        static final DiscardInput INSTANCE = new DiscardInput();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}
