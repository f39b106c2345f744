package dev.weft.bgp.session;

import dev.weft.bgp.fsm.Action;
import dev.weft.bgp.fsm.Event;
import dev.weft.bgp.fsm.Fsm;
import dev.weft.bgp.fsm.State;
import dev.weft.bgp.fsm.Transition;
import dev.weft.bgp.transport.BgpChannels;
import dev.weft.bgp.transport.BgpDecodeError;
import dev.weft.bgp.wire.AddressFamily;
import dev.weft.bgp.wire.BgpMessage;
import dev.weft.bgp.wire.BgpWireException;
import dev.weft.bgp.wire.KeepaliveMessage;
import dev.weft.bgp.wire.NotificationMessage;
import dev.weft.bgp.wire.OpenMessage;
import dev.weft.bgp.wire.RouteRefreshMessage;
import dev.weft.bgp.wire.UpdateMessage;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.SocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the RFC 4271 §8 FSM for one TCP connection, from the moment the connection is up
 * (OpenSent) until it ends. Sits after {@link BgpChannels#addCodec}; one instance per channel.
 * The HoldTimer, KeepaliveTimer and SendHoldTimer ({@link SessionTimers}) are scheduled on the
 * channel's executor, so tests can drive them with {@code EmbeddedChannel.freezeTime()/advanceTimeBy()}.
 * The OPEN's effect on the codec is {@link OpenNegotiation}'s; how the connection ended (reason,
 * NOTIFICATION, RFC 8538 Hard Reset) {@link ConnectionEnd}'s. Connection attempts and the
 * ConnectRetryTimer belong to the owner of the peer, not to this handler.
 *
 * <p>Methods other than the Netty callbacks may be called from any thread; they hop to the
 * channel's event loop.
 */
public final class BgpSessionHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(BgpSessionHandler.class.getName());
    /**
     * How long, at most, a connection stays half-closed after our NOTIFICATION (FIN sent, input
     * read and dropped) for the peer to read it and close its side; then it is closed (milliseconds).
     */
    public static final long NOTIFICATION_LINGER_MILLIS = ConnectionEnd.NOTIFICATION_LINGER_MILLIS;

    private final SessionConfig config;
    private final boolean outbound;
    private final SessionListener listener;
    private ChannelHandlerContext ctx;
    private volatile State state;
    private volatile NegotiatedSession negotiated;
    /** HoldTimer, KeepaliveTimer, SendHoldTimer; made when the handler is added. */
    private SessionTimers timers;
    /** Reason, ending NOTIFICATION (RFC 8538 needs it), last state at or past OpenSent. */
    private final ConnectionEnd end = new ConnectionEnd();

    /**
     * @param outbound true if we initiated the TCP connection (matters for collision resolution)
     */
    public BgpSessionHandler(SessionConfig config, boolean outbound, SessionListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.outbound = outbound;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.state = outbound ? State.CONNECT : State.ACTIVE;
    }

    /** The connection's current FSM state. */
    public State state() {
        return state;
    }

    /** True if we initiated the connection. */
    public boolean outbound() {
        return outbound;
    }

    /** The negotiated parameters, or null before a valid OPEN arrived. */
    public NegotiatedSession negotiated() {
        return negotiated;
    }

    /** The session configuration. */
    public SessionConfig config() {
        return config;
    }

    /** Local address of the TCP connection (NEXT_HOP self), or null before registration. */
    public SocketAddress localAddress() {
        return ctx == null ? null : ctx.channel().localAddress();
    }

    /** Remote address of the TCP connection, or null before registration. */
    public SocketAddress remoteAddress() {
        return ctx == null ? null : ctx.channel().remoteAddress();
    }

    /** The connection's channel, or null before registration. */
    public Channel channel() {
        return ctx == null ? null : ctx.channel();
    }

    /**
     * Closes the connection without a NOTIFICATION (RFC 4724 §4.2: the peer opened a new
     * connection while this one was Established, so it restarted); reported as closed with
     * {@code why}.
     */
    public void abort(String why) {
        inLoop(() -> {
            end.reasonIfNone(why);
            ctx.close();
        });
    }

    /** Completes when the channel is closed. */
    public ChannelFuture closeFuture() {
        if (ctx == null) {
            throw new IllegalStateException("handler not added to a pipeline");
        }
        return ctx.channel().closeFuture();
    }

    /**
     * The NOTIFICATION that ended the connection, sent or received (a Hard Reset as it went on
     * the wire, RFC 8538 §3); empty if none was (TCP failure, {@link #abort}) or it is still up.
     */
    public java.util.Optional<NotificationMessage> endingNotification() {
        return end.notification();
    }

    /** Why the connection ended, or null while it is up. */
    public String reason() {
        return end.reason();
    }

    /** ManualStop: sends {@code cease} (if past Connect/Active) and closes. */
    public void stop(NotificationMessage cease) {
        inLoop(() -> fire(new Event.Stop(cease)));
    }

    /** OpenCollisionDump: closes with CEASE 6/7 (RFC 4271 §6.8). */
    public void collisionDump() {
        inLoop(() -> fire(new Event.OpenCollisionDump()));
    }

    /**
     * Writes messages in Established, flushes once and restarts the KeepaliveTimer; silently
     * dropped in any other state.
     */
    public void send(List<? extends BgpMessage> messages) {
        inLoop(() -> {
            if (state != State.ESTABLISHED || messages.isEmpty()) {
                return;
            }
            for (BgpMessage m : messages) {
                timers.write(m);
            }
            ctx.flush();
            // RFC 4271 §8.2.2 (Established): sending an UPDATE restarts the KeepaliveTimer
            timers.startKeepaliveTimer();
        });
    }

    /**
     * Writes one message in Established and flushes (restarting the KeepaliveTimer like
     * {@link #send}).
     *
     * @return completes when the socket took the message; fails with {@link IllegalStateException}
     *     outside Established, or with the write's cause
     */
    public CompletableFuture<Void> sendTracked(BgpMessage message) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        inLoop(() -> {
            if (state != State.ESTABLISHED) {
                done.completeExceptionally(new IllegalStateException("session is " + state + ", not Established"));
                return;
            }
            timers.write(message).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(f.cause());
                }
            });
            ctx.flush();
            timers.startKeepaliveTimer();
        });
        return done;
    }

    /**
     * Asks the peer for its routes of {@code family}: ROUTE-REFRESH subtype 0 (RFC 2918 §3; also
     * with Enhanced Route Refresh, RFC 7313 §4), written like {@link #sendTracked}.
     *
     * @param who how to name the peer in error messages, e.g. "peer 10.0.0.9"
     * @return completes when the socket took it; fails with {@link IllegalStateException} (nothing
     *     sent) outside Established, if the peer did not advertise the Route Refresh capability
     *     (RFC 2918 §3: MUST NOT send then) or if {@code family} was not negotiated
     */
    public CompletableFuture<Void> requestRouteRefresh(AddressFamily family, String who) {
        NegotiatedSession n = negotiated;
        if (n != null && !n.routeRefresh()) {
            return CompletableFuture.failedFuture(new IllegalStateException(who
                    + " did not advertise the Route Refresh capability (RFC 2918 §3)"));
        }
        if (n != null && !n.carries(family)) {
            return CompletableFuture.failedFuture(new IllegalStateException("family " + family
                    + " was not negotiated with " + who + " (negotiated " + n.families() + ")"));
        }
        return sendTracked(new RouteRefreshMessage(family, RouteRefreshMessage.NORMAL));
    }

    /**
     * Adds addresses of ours to the channel's {@code CodecOptions.localAddresses} (the session
     * sets the connection's own address at OPEN): a NEXT_HOP or MP_REACH_NLRI next hop equal to one
     * is a semantic error the decoder handles (RFC 4271 §6.3, RFC 7606 §7.3, §7.11), e.g. the IPv6
     * next hops we announce on an IPv4 session. Call on the event loop (it applies to the messages
     * decoded after the current one).
     */
    public void addLocalAddresses(java.util.Collection<? extends java.net.InetAddress> addresses) {
        if (ctx != null && !addresses.isEmpty()) {
            OpenNegotiation.addLocalAddresses(ctx.channel(), addresses);
        }
    }

    private void inLoop(Runnable r) {
        if (ctx == null) {
            throw new IllegalStateException("handler not added to a pipeline");
        }
        if (ctx.executor().inEventLoop()) {
            r.run();
        } else {
            ctx.executor().execute(r);
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.timers = new SessionTimers(ctx, config, () -> state, () -> negotiated, this::fire, why -> {
            end.reason(why);
            fire(new Event.SendHoldTimerExpires());
        });
        if (ctx.channel().isActive()) {
            fire(new Event.TcpConnected());
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (state == State.CONNECT || state == State.ACTIVE) {
            fire(new Event.TcpConnected());
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        end.reasonIfNone("connection closed by peer");
        fire(new Event.TcpConnectionFails());
        finish(state);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, "BGP connection " + ctx.channel() + " failed", cause);
        end.reasonIfNone("connection error: " + cause.getMessage());
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            dispatch(msg);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void dispatch(Object msg) {
        if (state == State.IDLE) {
            return;
        }
        if (msg instanceof BgpDecodeError e) {
            if (e.fatal()) {
                fire(new Event.MessageError(e.error().toNotification()));
            } else {
                listener.softError(this, e.error());
            }
        } else if (msg instanceof OpenMessage open) {
            onOpen(open);
        } else if (msg instanceof KeepaliveMessage) {
            fire(new Event.KeepaliveReceived());
        } else if (msg instanceof UpdateMessage u) {
            fire(new Event.UpdateReceived(u));
        } else if (msg instanceof NotificationMessage n) {
            end.received(n);
            fire(new Event.NotificationReceived(n));
        } else if (msg instanceof RouteRefreshMessage r) {
            if (state != State.ESTABLISHED) {
                fire(new Event.RouteRefreshReceived(r)); // an FSM error outside Established
            } else if (r.knownSubtype() && negotiated.carries(r.family())) {
                // RFC 2918 §4: ignore a family not negotiated; RFC 7313 §5: ignore unknown subtypes
                fire(new Event.RouteRefreshReceived(r));
            } else {
                LOG.log(System.Logger.Level.DEBUG, () -> ctx.channel() + " ignoring " + r);
            }
        }
    }

    private void onOpen(OpenMessage open) {
        if (state != State.OPEN_SENT) {
            fire(new Event.OpenReceived(open));
            return;
        }
        NegotiatedSession n;
        try {
            n = OpenNegotiation.negotiate(ctx, open, config);
        } catch (BgpWireException e) {
            fire(new Event.MessageError(e.toNotification()));
            return;
        }
        negotiated = n;
        fire(listener.openReceived(this, n) ? new Event.OpenReceived(open) : new Event.OpenCollisionDump());
    }

    private void fire(Event event) {
        State before = state;
        Transition t = Fsm.next(before, event);
        state = t.next();
        end.moved(state);
        for (Action a : t.actions()) {
            execute(a);
        }
        if (before != state) {
            LOG.log(System.Logger.Level.DEBUG, () -> ctx.channel() + " " + before.rfcName() + " -> "
                    + state.rfcName() + " on " + event.getClass().getSimpleName());
        }
        if (before.compareTo(State.OPEN_SENT) >= 0 && state.compareTo(State.OPEN_SENT) < 0) {
            finish(before);
        }
    }

    /** Reports the end of the connection once and makes sure it is closed. */
    private void finish(State lastState) {
        if (!end.report()) {
            return;
        }
        state = State.IDLE;
        timers.cancelAll();
        end.reasonIfNone("connection closed");
        if (ctx.channel().isOpen() && end.notificationWrite() == null) {
            ctx.close();
        }
        listener.closed(this, end.lastState(lastState), end.reason());
    }

    private void execute(Action action) {
        if (action instanceof Action.SendOpen) {
            timers.write(config.localOpen());
            ctx.flush();
        } else if (action instanceof Action.SendKeepalive) {
            timers.write(KeepaliveMessage.INSTANCE);
            ctx.flush();
        } else if (action instanceof Action.SendNotification s) {
            end.notificationWritten(ctx.writeAndFlush(end.sending(s.notification(), negotiated)));
        } else if (action instanceof Action.DropTcpConnection) {
            if (timers.sendHoldExpired()) {
                ctx.close(); // RFC 9687 §3: the NOTIFICATION cannot be sent anyway; do not wait for it
            } else if (end.notificationWrite() != null) {
                ConnectionEnd.closeAfterNotification(end.notificationWrite());
            } else {
                ctx.close();
            }
        } else if (action instanceof Action.StartHoldTimer h) {
            timers.startHoldTimer(h.large());
        } else if (action instanceof Action.StartKeepaliveTimer) {
            timers.startKeepaliveTimer();
        } else if (action instanceof Action.StopTimers) {
            timers.cancelAll();
        } else if (action instanceof Action.SessionEstablished) {
            listener.established(this);
        } else if (action instanceof Action.ProcessUpdate u) {
            listener.update(this, u.update());
        } else if (action instanceof Action.ProcessRouteRefresh r) {
            listener.routeRefresh(this, r.message());
        }
        // InitiateTcpConnection, ConnectRetryTimer actions and ReleaseResources belong to the peer owner,
        // which learns of the end of the session through SessionListener.closed.
    }
}
