package dev.weft.bgp.server;

import dev.weft.bgp.fsm.Event;
import dev.weft.bgp.fsm.State;
import dev.weft.bgp.rib.Rib;
import dev.weft.bgp.rib.RibPeer;
import dev.weft.bgp.session.BgpSessionHandler;
import dev.weft.bgp.session.NegotiatedSession;
import dev.weft.bgp.session.SessionConfig;
import dev.weft.bgp.session.SessionListener;
import dev.weft.bgp.transport.BgpChannels;
import dev.weft.bgp.transport.BgpTransport;
import dev.weft.bgp.transport.SocketSecurity;
import dev.weft.bgp.wire.AddressFamily;
import dev.weft.bgp.wire.BgpWireException;
import dev.weft.bgp.wire.NotificationMessage;
import dev.weft.bgp.wire.RouteRefreshMessage;
import dev.weft.bgp.wire.UpdateMessage;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One configured peer: its connections, each run from OpenSent on by a {@link BgpSessionHandler},
 * connection collision resolution at OPEN (RFC 4271 §6.8, rules in {@link CollisionResolver}),
 * and the Established session's place in the peer's life. Its parts: {@link ConnectRetry} (the
 * Idle/Connect/Active part of the RFC 4271 §8 FSM: connection attempts, ConnectRetryTimer with
 * exponential backoff, passive waiting), {@link RibLink} (the Established session and the RIB),
 * {@link PeerRestart} (Graceful Restart, receiving side) and {@link PeerCounters} (status). Runs on
 * the speaker's event loop only.
 */
final class PeerController implements SessionListener, ConnectRetry.Host {
    private static final System.Logger LOG = System.getLogger(PeerController.class.getName());

    /** Replaced only by {@link #updatePolicies}. */
    private PeerConfig config;
    private final SpeakerConfig speaker;
    private final SessionConfig sessionConfig;
    private final EventLoop loop;
    private final Rib rib;
    private final Executor ribThread;
    private final PeerRestart restart;
    /** True while our advertisement is deferred (we restarted, RFC 4724 §4.1); set by the speaker. */
    java.util.function.BooleanSupplier deferring = () -> false;
    /** Called when this peer's session came up or sent End-of-RIB (selection deferral progress). */
    Runnable progress = () -> { };
    /** Told of each outbound connection's channel (the speaker closes them all when it shuts down). */
    java.util.function.Consumer<Channel> tracker = ch -> { };
    /** The Established session's link to the RIB (UPDATEs, End-of-RIB, ROUTE-REFRESH, route release). */
    private final RibLink ribLink;
    private final List<BgpSessionHandler> connections = new ArrayList<>();
    /** Idle/Connect/Active: connection attempts, ConnectRetryTimer, restarts. */
    private final ConnectRetry retry;
    private BgpSessionHandler established;
    /**
     * A newer connection that won the collision against {@link #established} (CollisionResolver
     * KEEP_NEW): it replaces that session only when the peer confirms it (our side reaches
     * Established on it); if the peer dumps it instead, the Established session goes on untouched.
     */
    private BgpSessionHandler successor;
    /** {@link System#nanoTime()} when the current session reached Established (collision age). */
    private long establishedNanos;
    private final CollisionResolver collisions;
    /** Status history: last error, flaps, UPDATE counts, last NOTIFICATIONs. */
    private final PeerCounters counters = new PeerCounters();
    private boolean stopped;
    /** Made for a dynamic neighbour: removed through {@link #onDynamicEnd} when its connection ends. */
    boolean dynamic;
    /** Called (once) when a dynamic neighbour's last connection ended. */
    Runnable onDynamicEnd = () -> { };

    /** Opens outgoing TCP connections; the initializer installs codec and session handler. */
    interface Connector {
        ChannelFuture connect(PeerConfig peer, EventLoop loop, ChannelInitializer<Channel> initializer);
    }

    /** Real TCP connections on the speaker's loop ({@link ConnectRetry#connectTcp}). */
    static final Connector TCP = ConnectRetry::connectTcp;

    /** For tests: the RIB is called inline on the event loop. */
    PeerController(PeerConfig config, SpeakerConfig speaker, EventLoop loop, Rib rib) {
        this(config, speaker, loop, rib, Runnable::run, TCP);
    }

    /**
     * @param rib the RIB, touched only through {@code ribThread}
     * @param ribThread the RIB's single thread (FIFO)
     */
    PeerController(PeerConfig config, SpeakerConfig speaker, EventLoop loop, Rib rib, Executor ribThread,
            Connector connector) {
        this.ribThread = ribThread;
        this.config = config;
        this.speaker = speaker;
        this.loop = loop;
        this.rib = rib;
        this.sessionConfig = new SessionConfig(speaker.localAs(), speaker.routerId(), config.peerAs(),
                config.holdTimeSeconds(), config.keepaliveSeconds(),
                List.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST), config.gracefulRestartTimeSeconds(),
                speaker.restarted(), config.sendHoldTimeSeconds())
                .withRole(config.role().map(BgpRole::code).orElse(-1), config.strictRole()); // RFC 9234 §4
        this.restart = new PeerRestart(config.peerAddress(), loop, ribThread, rib);
        this.collisions = new CollisionResolver(speaker.routerId(), speaker.localAs());
        this.retry = new ConnectRetry(this, speaker, loop, connector);
        this.ribLink = new RibLink(this::config, loop, rib, ribThread, restart, counters, () -> deferring.getAsBoolean(),
                () -> progress.run(), retry::holdForMaxPrefix);
    }

    @Override
    public PeerConfig config() {
        return config;
    }

    /**
     * Applies new import/export policies without resetting the session ({@code peer} differs
     * from the current config in its policies only): the RIB re-evaluates the Adj-RIB-In and
     * re-exports.
     */
    void updatePolicies(PeerConfig peer) {
        config = peer;
        ribThread.execute(() -> rib.setPolicies(peer.peerAddress(), peer.importPolicy(), peer.exportPolicy()));
    }

    /**
     * The configuration of a new connection: the R and F bits of Graceful Restart only while our
     * own restart is not over (RFC 4724 §4.1: after selection deferral we are a normal speaker).
     */
    private SessionConfig sessionConfig() {
        SessionConfig c = sessionConfig;
        if (c.restarted() && !deferring.getAsBoolean()) {
            return c.withRestarted(false);
        }
        return c;
    }

    /** The socket settings of this peer's connections. */
    static SocketSecurity security(PeerConfig peer) {
        return new SocketSecurity(peer.md5Password(), peer.ttlSecurity(), peer.ebgpMultihopTtl(),
                peer.effectiveTcpUserTimeoutMillis());
    }

    /** ManualStart. */
    void start() {
        retry.start();
    }

    /** ManualStop: CEASE to every connection, no more attempts. */
    List<ChannelFuture> stop(NotificationMessage cease) {
        stopped = true;
        if (!restart.status().isEmpty()) {
            restart.cancel();
            if (established == null) {
                ribThread.execute(() -> rib.peerDown(config.peerAddress()));
            }
        }
        retry.stop();
        List<ChannelFuture> closing = new ArrayList<>();
        for (BgpSessionHandler h : List.copyOf(connections)) {
            closing.add(h.closeFuture());
            h.stop(cease);
        }
        return closing;
    }

    /** Shutdown for a restart: close every connection without NOTIFICATION, no more attempts. */
    List<ChannelFuture> abortForRestart() {
        stopped = true;
        retry.stop();
        List<ChannelFuture> closing = new ArrayList<>();
        for (BgpSessionHandler h : List.copyOf(connections)) {
            closing.add(h.closeFuture());
            h.abort("speaker restarting (no NOTIFICATION, RFC 4724)");
        }
        return closing;
    }

    /** Status with the RIB counts read on the RIB thread (tests: inline). */
    PeerStatus status() {
        return status(rib.prefixesReceived(config.peerAddress()), rib.prefixesAdvertised(config.peerAddress()));
    }

    /** Status (event loop) with counts taken on the RIB thread. */
    PeerStatus status(int prefixesReceived, int prefixesAdvertised) {
        return counters.status(config, retry.state(), connections, established, restart.status(), deferring,
                prefixesReceived, prefixesAdvertised, ribLink.readPauses());
    }

    /** True if the config was stopped (removed, or down after a max-prefix CEASE without restart). */
    @Override
    public boolean stopped() {
        return stopped;
    }

    /**
     * Selection deferral (RFC 4724 §4.1): true once this peer no longer holds it up: Established
     * and either without Graceful Restart or with End-of-RIB received for every family.
     */
    boolean deferralSatisfied() {
        return ribLink.deferralSatisfied();
    }

    /** The deferral ended: re-send the whole Adj-RIB-Out (held back so far), then End-of-RIB. */
    void deferralEnded() {
        ribLink.deferralEnded();
    }

    /**
     * Sends UPDATEs the RIB computed for {@code forPeer} (any thread): dropped if that session is
     * no longer the Established one (the RIB re-sends its whole table to a new session).
     */
    void sendFromRib(RibPeer forPeer, List<UpdateMessage> updates) {
        ribLink.sendFromRib(forPeer, updates);
    }

    /** An incoming TCP connection from this peer (already on the event loop). */
    void accept(Channel channel) {
        BgpTransport.configureAccepted(channel, config.peerAddress(), security(config));
        BgpChannels.addCodec(channel.pipeline());
        adoptInbound(channel);
    }

    /**
     * Adopts an incoming connection whose pipeline already has the codec; null if it was
     * refused (the peer is being removed or held down after max-prefix). A connection arriving
     * while another one is Established is not judged here: it sends its OPEN and waits in OpenSent
     * with its own timers, and {@link #openReceived} decides when the peer's OPEN arrives
     * ({@link CollisionResolver}; interop finding O2).
     */
    BgpSessionHandler adoptInbound(Channel channel) {
        if (stopped) {
            channel.close();
            return null;
        }
        retry.cancelPendingConnect();
        BgpSessionHandler h = new BgpSessionHandler(sessionConfig(), false, this);
        connections.add(h);
        if (retry.state().compareTo(State.OPEN_SENT) < 0) {
            retry.fire(new Event.TcpConnected());
        }
        channel.pipeline().addLast("bgpSession", h);
        return h;
    }

    /** Adopts a connected channel as our own outbound connection (what a successful connect does). */
    BgpSessionHandler adoptOutbound(Channel channel) {
        BgpSessionHandler h = newOutboundSession();
        connections.add(h);
        tracker.accept(channel);
        retry.fire(new Event.TcpConnected());
        channel.pipeline().addLast("bgpSession", h);
        return h;
    }

    @Override
    public BgpSessionHandler newOutboundSession() {
        return new BgpSessionHandler(sessionConfig(), true, this);
    }

    @Override
    public void outboundConnected(BgpSessionHandler session) {
        connections.add(session);
        tracker.accept(session.channel());
    }

    @Override
    public void connectFailed(String why) {
        counters.lastError(why);
    }

    /**
     * Collision detection at the new connection's OPEN (RFC 4271 §6.8, RFC 4724 §4.2): each other
     * connection in OpenConfirm or Established is weighed against it by {@link CollisionResolver};
     * the loser is closed with CEASE 6/7, or, when the peer restarted, the Established one is
     * closed without NOTIFICATION and its routes kept stale.
     */
    @Override
    public boolean openReceived(BgpSessionHandler session, NegotiatedSession negotiated) {
        CollisionResolver.Connection fresh = new CollisionResolver.Connection(session.state(), session.outbound());
        for (BgpSessionHandler other : List.copyOf(connections)) {
            if (other == session || (other.state() != State.OPEN_CONFIRM && other.state() != State.ESTABLISHED)) {
                continue;
            }
            boolean isEstablished = other.state() == State.ESTABLISHED;
            Duration age = isEstablished && other == established
                    ? Duration.ofNanos(System.nanoTime() - establishedNanos) : Duration.ZERO;
            CollisionResolver.Outcome outcome = collisions.resolve(fresh, negotiated,
                    new CollisionResolver.Connection(other.state(), other.outbound()), other.negotiated(), age);
            LOG.log(System.Logger.Level.INFO, config.peerAddress().getHostAddress() + ": OPEN on a new "
                    + (session.outbound() ? "outgoing" : "incoming") + " connection while another is "
                    + other.state().rfcName() + (isEstablished ? " for " + age.toMillis() + " ms" : "") + ": " + outcome);
            switch (outcome) {
                case KEEP_OTHER -> {
                    counters.lastError("connection collision resolved (kept the " + other.state().rfcName() + " connection)");
                    return false;
                }
                case KEEP_NEW -> {
                    if (other == established) {
                        // RFC 4271 §6.8 lets a peer close the new connection instead (BIRD does when its
                        // side is Established): the old session is closed only once the peer confirms
                        // the new one with its KEEPALIVE (established()), never before
                        successor = session;
                    } else {
                        counters.lastError("connection collision resolved (kept the new connection)");
                        other.collisionDump();
                    }
                }
                case PEER_RESTARTED -> {
                    String why = "peer restarted: new connection while Established (RFC 4724 §4.2)";
                    counters.lastError(why);
                    if (other == established) {
                        sessionLost(other, true);
                    }
                    other.abort(why);
                }
            }
        }
        return true;
    }

    @Override
    public void established(BgpSessionHandler session) {
        BgpSessionHandler previous = established;
        if (previous != null && previous != session) {
            // the collision's successor is confirmed by the peer: it replaces the older session
            // (whose routes stay stale if the peer does Graceful Restart, else come back on the new one)
            counters.lastError("connection collision resolved (kept the new connection)");
            sessionLost(previous, previous.negotiated().peerGracefulRestart().isPresent());
            previous.collisionDump();
        }
        if (successor == session) {
            successor = null;
        }
        established = session;
        counters.established();
        establishedNanos = System.nanoTime();
        retry.established();
        NegotiatedSession n = session.negotiated();
        LOG.log(System.Logger.Level.INFO, "BGP session with " + config.peerAddress().getHostAddress() + " AS"
                + n.peerAs() + " Established (hold " + n.holdTimeSeconds() + " s, " + n.families() + ")");
        ribLink.up(session, speaker);
    }

    @Override
    public void update(BgpSessionHandler session, UpdateMessage update) {
        if (session == established) {
            counters.updateReceived();
            ribLink.offer(update);
        }
    }

    /** ROUTE-REFRESH, BoRR and EoRR on the Established session: {@link RibLink#routeRefresh}. */
    @Override
    public void routeRefresh(BgpSessionHandler session, RouteRefreshMessage message) {
        if (session == established) {
            ribLink.routeRefresh(session, message);
        }
    }

    /**
     * Asks the peer to re-send its routes of {@code family} with a ROUTE-REFRESH (RFC 2918 §3,
     * subtype 0 also with Enhanced Route Refresh, RFC 7313 §4). Event loop only.
     *
     * @return completes when the message was written to the socket; fails with
     *     {@link IllegalStateException} if the peer is not Established, did not advertise the Route
     *     Refresh capability (RFC 2918 §3: the message MUST NOT be sent then) or did not negotiate
     *     {@code family}
     */
    CompletableFuture<Void> requestRouteRefresh(AddressFamily family) {
        String who = config.peerAddress().getHostAddress();
        BgpSessionHandler session = established;
        return session == null ? CompletableFuture.failedFuture(new IllegalStateException("peer " + who
                + " is not Established")) : session.requestRouteRefresh(family, "peer " + who);
    }

    @Override
    public void softError(BgpSessionHandler session, BgpWireException error) {
        counters.lastError("UPDATE error handled as " + error.handling().name().toLowerCase().replace('_', '-') + ": "
                + error.getMessage());
        LOG.log(System.Logger.Level.WARNING, config.peerAddress().getHostAddress() + ": " + counters.lastError());
    }

    @Override
    public void closed(BgpSessionHandler session, State lastState, String reason) {
        connections.remove(session);
        if (session == successor) {
            successor = null; // the peer kept the Established session (RFC 4271 §6.8): nothing lost
        }
        counters.connectionClosed(reason);
        if (session == established) {
            sessionLost(session, PeerRestart.applies(session.negotiated(), session.endingNotification(), stopped));
            LOG.log(System.Logger.Level.INFO, "BGP session with " + config.peerAddress().getHostAddress() + " down: " + reason);
        }
        if (stopped || !connections.isEmpty() || retry.connecting()) {
            return;
        }
        if (dynamic) {
            stopped = true;
            onDynamicEnd.run();
            return;
        }
        if (!retry.connectionEnded()) {
            stopped = true; // RFC 4486 §4: stays down until reconfigured
        }
    }

    /**
     * The Established session is gone: release its routes, or keep them stale (RFC 4724 §4.2).
     *
     * @param keepStale the peer's routes are kept stale for its Restart Time (it must have
     *     advertised Graceful Restart)
     */
    private void sessionLost(BgpSessionHandler session, boolean keepStale) {
        established = null;
        ribLink.down(session, keepStale);
    }
}
