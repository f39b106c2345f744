package dev.weft.bgp.server;

import dev.weft.bgp.fsm.Action;
import dev.weft.bgp.fsm.Event;
import dev.weft.bgp.fsm.Fsm;
import dev.weft.bgp.fsm.State;
import dev.weft.bgp.fsm.Transition;
import dev.weft.bgp.rib.Rib;
import dev.weft.bgp.rib.RibPeer;
import dev.weft.bgp.session.BgpSessionHandler;
import dev.weft.bgp.session.NegotiatedSession;
import dev.weft.bgp.session.SessionConfig;
import dev.weft.bgp.session.SessionListener;
import dev.weft.bgp.transport.BgpChannels;
import dev.weft.bgp.transport.BgpTransport;
import dev.weft.bgp.transport.SocketSecurity;
import dev.weft.bgp.wire.BgpError;
import dev.weft.bgp.wire.BgpWireException;
import dev.weft.bgp.wire.CodecOptions;
import dev.weft.bgp.wire.NotificationMessage;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpAddresses;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One configured peer: the Idle/Connect/Active part of the RFC 4271 §8 FSM (connection
 * attempts, ConnectRetryTimer with exponential backoff, passive waiting), the connections
 * handed to {@link BgpSessionHandler}s, connection collision resolution (§6.8) and the link
 * between the Established session and the RIB. Runs on the speaker's event loop only.
 */
final class PeerController implements SessionListener {
    private static final System.Logger LOG = System.getLogger(PeerController.class.getName());
    private static final int CONNECT_TIMEOUT_MILLIS = 5000;

    private final PeerConfig config;
    private final SpeakerConfig speaker;
    private final SessionConfig sessionConfig;
    private final EventLoop loop;
    private final Rib rib;
    private final List<BgpSessionHandler> connections = new ArrayList<>();
    private State state = State.IDLE;
    private BgpSessionHandler established;
    private Instant establishedSince;
    private String lastError;
    private ChannelFuture pendingConnect;
    private ScheduledFuture<?> connectRetryTimer;
    private ScheduledFuture<?> restartTimer;
    private int failures;
    private int flaps;
    private long updatesReceived;
    private long updatesSent;
    private String lastNotificationSent;
    private String lastNotificationReceived;
    private boolean stopped;
    /** Made for a dynamic neighbour: removed through {@link #onDynamicEnd} when its connection ends. */
    boolean dynamic;
    /** Called (once) when a dynamic neighbour's last connection ended. */
    Runnable onDynamicEnd = () -> { };

    /** Opens outgoing TCP connections; the initializer installs codec and session handler. */
    interface Connector {
        ChannelFuture connect(PeerConfig peer, EventLoop loop, ChannelInitializer<Channel> initializer);
    }

    /** Real TCP connections (NIO) on the speaker's loop. */
    static final Connector TCP = (peer, loop, initializer) -> {
        Bootstrap b = new Bootstrap().group(loop).channel(BgpTransport.channelClass())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(initializer);
        BgpTransport.configureOutgoing(b, peer.peerAddress(), security(peer));
        InetSocketAddress remote = new InetSocketAddress(peer.peerAddress(), peer.peerPort());
        return peer.localAddress().isPresent()
                ? b.connect(remote, new InetSocketAddress(peer.localAddress().get(), 0)) : b.connect(remote);
    };

    private final Connector connector;

    PeerController(PeerConfig config, SpeakerConfig speaker, EventLoop loop, Rib rib) {
        this(config, speaker, loop, rib, TCP);
    }

    PeerController(PeerConfig config, SpeakerConfig speaker, EventLoop loop, Rib rib, Connector connector) {
        this.connector = connector;
        this.config = config;
        this.speaker = speaker;
        this.loop = loop;
        this.rib = rib;
        this.sessionConfig = new SessionConfig(speaker.localAs(), speaker.routerId(), config.peerAs(),
                config.holdTimeSeconds(), config.keepaliveSeconds());
    }

    PeerConfig config() {
        return config;
    }

    /** The socket settings of this peer's connections. */
    static SocketSecurity security(PeerConfig peer) {
        return new SocketSecurity(peer.md5Password(), peer.ttlSecurity(), peer.ebgpMultihopTtl(),
                peer.effectiveTcpUserTimeoutMillis());
    }

    /** ManualStart. */
    void start() {
        fire(new Event.Start(config.passive()));
    }

    /** ManualStop: CEASE to every connection, no more attempts. */
    List<ChannelFuture> stop(NotificationMessage cease) {
        stopped = true;
        cancelTimers();
        cancelPendingConnect();
        List<ChannelFuture> closing = new ArrayList<>();
        for (BgpSessionHandler h : List.copyOf(connections)) {
            closing.add(h.closeFuture());
            h.stop(cease);
        }
        state = State.IDLE;
        return closing;
    }

    PeerStatus status() {
        State shown = state;
        if (!connections.isEmpty()) {
            shown = State.IDLE;
            for (BgpSessionHandler h : connections) {
                if (h.state().compareTo(shown) > 0) {
                    shown = h.state();
                }
            }
        }
        return new PeerStatus(config.peerAddress(), config.peerAs(), shown.rfcName(),
                rib.prefixesReceived(config.peerAddress()), rib.prefixesAdvertised(config.peerAddress()),
                Optional.ofNullable(establishedSince), Optional.ofNullable(lastError), flaps, updatesReceived,
                updatesSent, Optional.ofNullable(lastNotificationSent), Optional.ofNullable(lastNotificationReceived),
                List.of(), "");
    }

    /** Sends UPDATEs on the Established session, if any. */
    void send(List<UpdateMessage> updates) {
        if (established != null) {
            established.send(updates);
        }
    }

    /** An incoming TCP connection from this peer (already on the event loop). */
    void accept(Channel channel) {
        BgpTransport.configureAccepted(channel, config.peerAddress(), security(config));
        BgpChannels.addCodec(channel.pipeline());
        adoptInbound(channel);
    }

    /**
     * Adopts an incoming connection whose pipeline already has the codec; null if it was
     * refused: the peer is being removed, or a session is Established (RFC 4271 §6.8: the new
     * connection is closed with CEASE 6/7).
     */
    BgpSessionHandler adoptInbound(Channel channel) {
        if (stopped) {
            channel.close();
            return null;
        }
        if (established != null) {
            channel.writeAndFlush(NotificationMessage.of(BgpError.CONNECTION_COLLISION_RESOLUTION))
                    .addListener(f -> channel.close());
            return null;
        }
        cancelPendingConnect();
        BgpSessionHandler h = new BgpSessionHandler(sessionConfig, false, this);
        connections.add(h);
        if (state.compareTo(State.OPEN_SENT) < 0) {
            fire(new Event.TcpConnected());
        }
        channel.pipeline().addLast("bgpSession", h);
        return h;
    }

    /** Adopts a connected channel as our own outbound connection (what a successful connect does). */
    BgpSessionHandler adoptOutbound(Channel channel) {
        BgpSessionHandler h = new BgpSessionHandler(sessionConfig, true, this);
        connections.add(h);
        fire(new Event.TcpConnected());
        channel.pipeline().addLast("bgpSession", h);
        return h;
    }

    private void fire(Event event) {
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

    /** The backoff: initial × 2^(failures − 1), capped. */
    private Duration retryDelay() {
        Duration d = speaker.connectRetryInitial();
        for (int i = 1; i < failures && d.compareTo(speaker.connectRetryMax()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(speaker.connectRetryMax()) > 0 ? speaker.connectRetryMax() : d;
    }

    private void connect() {
        if (config.passive() || stopped) {
            return;
        }
        cancelPendingConnect();
        BgpSessionHandler h = new BgpSessionHandler(sessionConfig, true, this);
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
            if (stopped) {
                f.channel().close();
            } else if (done.isSuccess()) {
                connections.add(h);
                fire(new Event.TcpConnected());
            } else {
                lastError = "connect to " + config.peerAddress().getHostAddress() + ":" + config.peerPort() + " failed: "
                        + done.cause().getMessage();
                failures++;
                fire(new Event.TcpConnectionFails());
            }
        });
    }

    private void cancelPendingConnect() {
        ChannelFuture f = pendingConnect;
        pendingConnect = null;
        if (f != null) {
            f.cancel(false);
            f.channel().close();
        }
    }

    @Override
    public boolean openReceived(BgpSessionHandler session, NegotiatedSession negotiated) {
        for (BgpSessionHandler other : List.copyOf(connections)) {
            if (other == session) {
                continue;
            }
            if (other.state() == State.ESTABLISHED) {
                return false;
            }
            if (other.state() != State.OPEN_CONFIRM) {
                continue;
            }
            // RFC 4271 §6.8 (and RFC 6286 §2.3 for equal identifiers): the side with the higher
            // identifier keeps the connection it initiated.
            int cmp = Integer.compareUnsigned(IpAddresses.toInt(speaker.routerId()),
                    IpAddresses.toInt(negotiated.peerRouterId()));
            if (cmp == 0) {
                cmp = Long.compare(speaker.localAs(), negotiated.peerAs());
            }
            boolean keepLocallyInitiated = cmp > 0;
            BgpSessionHandler loser;
            if (session.outbound() == other.outbound()) {
                loser = other; // same direction: the newer connection replaces the older one
            } else {
                loser = session.outbound() == keepLocallyInitiated ? other : session;
            }
            lastError = "connection collision resolved (" + (keepLocallyInitiated ? "kept our connection" : "kept peer's connection") + ")";
            if (loser == session) {
                return false;
            }
            other.collisionDump();
        }
        return true;
    }

    @Override
    public void established(BgpSessionHandler session) {
        established = session;
        establishedSince = Instant.now();
        failures = 0;
        cancelTimers();
        cancelPendingConnect();
        NegotiatedSession n = session.negotiated();
        Inet4Address self = session.localAddress() instanceof InetSocketAddress a && a.getAddress() instanceof Inet4Address v4
                ? v4 : speaker.routerId();
        LOG.log(System.Logger.Level.INFO, "BGP session with " + config.peerAddress().getHostAddress() + " AS"
                + n.peerAs() + " Established (hold " + n.holdTimeSeconds() + " s)");
        rib.peerUp(new RibPeer(config.peerAddress(), n.peerAs(), n.peerRouterId(), speaker.localAs() != n.peerAs(), self,
                n.fourOctetAs() ? CodecOptions.FOUR_OCTET_AS : CodecOptions.TWO_OCTET_AS));
    }

    @Override
    public void update(BgpSessionHandler session, UpdateMessage update) {
        if (session == established) {
            try {
                rib.update(config.peerAddress(), update);
            } catch (RuntimeException e) {
                // a bug must not take a good session down: report it and go on
                lastError = "UPDATE not applied: " + e;
                LOG.log(System.Logger.Level.ERROR, config.peerAddress().getHostAddress() + ": " + lastError, e);
            }
        }
    }

    @Override
    public void routeRefresh(BgpSessionHandler session) {
        if (session == established) {
            rib.routeRefresh(config.peerAddress());
        }
    }

    @Override
    public void softError(BgpSessionHandler session, BgpWireException error) {
        lastError = "UPDATE error handled as " + error.handling().name().toLowerCase().replace('_', '-') + ": "
                + error.getMessage();
        LOG.log(System.Logger.Level.WARNING, config.peerAddress().getHostAddress() + ": " + lastError);
    }

    @Override
    public void closed(BgpSessionHandler session, State lastState, String reason) {
        connections.remove(session);
        lastError = reason;
        if (session == established) {
            established = null;
            establishedSince = null;
            rib.peerDown(config.peerAddress());
            LOG.log(System.Logger.Level.INFO, "BGP session with " + config.peerAddress().getHostAddress() + " down: " + reason);
        }
        if (stopped || !connections.isEmpty() || pendingConnect != null) {
            return;
        }
        if (dynamic) {
            stopped = true;
            onDynamicEnd.run();
            return;
        }
        failures++;
        state = State.IDLE;
        cancel(connectRetryTimer);
        connectRetryTimer = null;
        if (config.passive()) {
            fire(new Event.Start(true));
        } else if (restartTimer == null) {
            restartTimer = loop.schedule(() -> {
                restartTimer = null;
                if (!stopped && state == State.IDLE) {
                    fire(new Event.Start(false));
                }
            }, retryDelay().toMillis(), TimeUnit.MILLISECONDS);
        }
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
