package dev.weft.bgp.server;

import dev.weft.bgp.fsm.Action;
import dev.weft.bgp.fsm.Event;
import dev.weft.bgp.fsm.Fsm;
import dev.weft.bgp.fsm.State;
import dev.weft.bgp.fsm.Transition;
import dev.weft.bgp.session.BgpSessionHandler;
import dev.weft.bgp.transport.BgpChannels;
import dev.weft.bgp.transport.BgpTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Idle, Connect and Active states of one peer (RFC 4271 §8.2.2, run through {@link Fsm}):
 * ManualStart, outgoing connection attempts (none for a passive peer), the ConnectRetryTimer with
 * exponential backoff ({@code connectRetryInitial × 2^(failures − 1)}, capped at
 * {@code connectRetryMax}, {@link SpeakerConfig}) and the restart after the last connection ended
 * (after the backoff; after {@link PeerConfig#maxPrefixRestart()}, or never, when the session was
 * closed for too many prefixes, RFC 4486 §4). From OpenSent on each connection runs its own FSM in
 * a {@link BgpSessionHandler}. Event loop only; {@link PeerController} owns the connections.
 */
final class ConnectRetry {
    private static final int CONNECT_TIMEOUT_MILLIS = 5000;

    /** What the attempts need from the peer's {@link PeerController}. */
    interface Host {
        /** The peer's current configuration. */
        PeerConfig config();

        /** True once the peer was stopped (removed, shut down, held down): no more attempts. */
        boolean stopped();

        /** A new handler for an outgoing connection, not yet one of the peer's connections. */
        BgpSessionHandler newOutboundSession();

        /** The outgoing connection of {@code session} is up: it becomes one of the peer's connections. */
        void outboundConnected(BgpSessionHandler session);

        /** A connection attempt failed; {@code why} (e.g. "connect to 10.0.0.1:179 failed: ...") is the last error. */
        void connectFailed(String why);
    }

    private final Host host;
    private final SpeakerConfig speaker;
    private final EventLoop loop;
    private final PeerController.Connector connector;
    private State state = State.IDLE;
    private ChannelFuture pendingConnect;
    private ScheduledFuture<?> connectRetryTimer;
    /** Restarts the peer (Idle → ManualStart) after its last connection ended. */
    private ScheduledFuture<?> restartTimer;
    /** The ConnectRetryCounter: failed attempts and ended connections since the last Established. */
    private int failures;
    /** The last session was closed for exceeding the prefix limit. */
    private boolean maxPrefixHold;

    ConnectRetry(Host host, SpeakerConfig speaker, EventLoop loop, PeerController.Connector connector) {
        this.host = host;
        this.speaker = speaker;
        this.loop = loop;
        this.connector = connector;
    }

    /** The peer's state before OpenSent (Idle, Connect or Active), or where the last connection event left it. */
    State state() {
        return state;
    }

    /** True while an outgoing connection attempt is pending. */
    boolean connecting() {
        return pendingConnect != null;
    }

    /** ManualStart (passive peers: ManualStart_with_PassiveTcpEstablishment). */
    void start() {
        fire(new Event.Start(host.config().passive()));
    }

    /** Runs {@code event} through the FSM and carries out the connection and ConnectRetryTimer actions. */
    void fire(Event event) {
        Transition t = Fsm.next(state, event);
        state = t.next();
        for (Action a : t.actions()) {
            if (a instanceof Action.InitiateTcpConnection) {
                connect();
            } else if (a instanceof Action.StartConnectRetryTimer) {
                cancel(connectRetryTimer);
                connectRetryTimer = loop.schedule(() -> {
                    connectRetryTimer = null;
                    fire(new Event.ConnectRetryTimerExpires());
                }, retryDelay().toMillis(), TimeUnit.MILLISECONDS);
            } else if (a instanceof Action.StopConnectRetryTimer || a instanceof Action.StopTimers) {
                cancel(connectRetryTimer);
                connectRetryTimer = null;
            } else if (a instanceof Action.DropTcpConnection) {
                cancelPendingConnect();
            }
        }
    }

    /** A session reached Established: the backoff starts over, no attempt or restart is pending. */
    void established() {
        failures = 0;
        cancelTimers();
        cancelPendingConnect();
    }

    /** The peer stops (ManualStop or shutdown): no timer, no pending attempt, Idle. */
    void stop() {
        cancelTimers();
        cancelPendingConnect();
        state = State.IDLE;
    }

    /** The session is being closed for exceeding the prefix limit: {@link #connectionEnded} holds the peer down. */
    void holdForMaxPrefix() {
        maxPrefixHold = true;
    }

    /**
     * The peer's last connection ended (none left, no attempt pending, not stopped): Idle, then a
     * restart after the backoff (passive peers: at once), or after {@link PeerConfig#maxPrefixRestart()}
     * when the session was closed for too many prefixes.
     *
     * @return false if the peer must stay down (max-prefix without restart, RFC 4486 §4: until
     *     reconfigured)
     */
    boolean connectionEnded() {
        PeerConfig config = host.config();
        failures++;
        state = State.IDLE;
        cancel(connectRetryTimer);
        connectRetryTimer = null;
        if (maxPrefixHold) {
            maxPrefixHold = false;
            if (config.maxPrefixRestart().isEmpty()) {
                return false;
            }
            restartTimer = loop.schedule(() -> {
                restartTimer = null;
                if (!host.stopped() && state == State.IDLE) {
                    fire(new Event.Start(host.config().passive()));
                }
            }, config.maxPrefixRestart().get().toMillis(), TimeUnit.MILLISECONDS);
            return true;
        }
        if (config.passive()) {
            fire(new Event.Start(true));
        } else if (restartTimer == null) {
            restartTimer = loop.schedule(() -> {
                restartTimer = null;
                if (!host.stopped() && state == State.IDLE) {
                    fire(new Event.Start(false));
                }
            }, retryDelay().toMillis(), TimeUnit.MILLISECONDS);
        }
        return true;
    }

    /** Cancels the pending outgoing attempt, if any, and closes its channel. */
    void cancelPendingConnect() {
        ChannelFuture f = pendingConnect;
        pendingConnect = null;
        if (f != null) {
            f.cancel(false);
            f.channel().close();
        }
    }

    /**
     * A real TCP connection to {@code peer} on {@code loop} ({@link PeerController#TCP}): epoll or
     * NIO ({@link BgpTransport}), 5 s connect timeout, TCP_NODELAY, the peer's MD5/GTSM/TTL
     * settings, from {@link PeerConfig#localAddress()} if set.
     */
    static ChannelFuture connectTcp(PeerConfig peer, EventLoop loop, ChannelInitializer<Channel> initializer) {
        Bootstrap b = new Bootstrap().group(loop).channel(BgpTransport.channelClass())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(initializer);
        BgpTransport.configureOutgoing(b, peer.peerAddress(), PeerController.security(peer));
        InetSocketAddress remote = new InetSocketAddress(peer.peerAddress(), peer.peerPort());
        return peer.localAddress().isPresent()
                ? b.connect(remote, new InetSocketAddress(peer.localAddress().get(), 0)) : b.connect(remote);
    }

    /** The backoff: initial × 2^(failures − 1), capped. */
    private Duration retryDelay() {
        Duration d = speaker.connectRetryInitial();
        for (int i = 1; i < failures && d.compareTo(speaker.connectRetryMax()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(speaker.connectRetryMax()) > 0 ? speaker.connectRetryMax() : d;
    }

    private void connect() {
        PeerConfig config = host.config();
        if (config.passive() || host.stopped()) {
            return;
        }
        cancelPendingConnect();
        BgpSessionHandler h = host.newOutboundSession();
        ChannelFuture f = connector.connect(config, loop, new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                BgpChannels.addCodec(ch.pipeline());
                ch.pipeline().addLast("bgpSession", h);
            }
        });
        pendingConnect = f;
        f.addListener(done -> {
            if (pendingConnect != f) {
                return; // cancelled or superseded
            }
            pendingConnect = null;
            if (host.stopped()) {
                f.channel().close();
            } else if (done.isSuccess()) {
                host.outboundConnected(h);
                fire(new Event.TcpConnected());
            } else {
                PeerConfig now = host.config();
                host.connectFailed("connect to " + now.peerAddress().getHostAddress() + ":" + now.peerPort()
                        + " failed: " + done.cause().getMessage());
                failures++;
                fire(new Event.TcpConnectionFails());
            }
        });
    }

    private void cancelTimers() {
        cancel(connectRetryTimer);
        cancel(restartTimer);
        connectRetryTimer = null;
        restartTimer = null;
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
