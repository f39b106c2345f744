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
import dev.weft.bgp.wire.CodecOptions;
import dev.weft.bgp.wire.NotificationMessage;
import dev.weft.bgp.wire.RouteRefreshMessage;
import dev.weft.bgp.wire.UpdateMessage;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One configured peer: the Idle/Connect/Active part of the RFC 4271 §8 FSM (connection
 * attempts, ConnectRetryTimer with exponential backoff, passive waiting), the connections
 * handed to {@link BgpSessionHandler}s, connection collision resolution (§6.8) and the link
 * between the Established session and the RIB. Runs on the speaker's event loop only.
 */
final class PeerController implements SessionListener, ConnectRetry.Host {
    private static final System.Logger LOG = System.getLogger(PeerController.class.getName());
    private static final int CONNECT_TIMEOUT_MILLIS = 5000;

    /** Replaced only by {@link #updatePolicies}. */
    private PeerConfig config;
    private final SpeakerConfig speaker;
    private final SessionConfig sessionConfig;
    private final EventLoop loop;
    private final Rib rib;
    private final Executor ribThread;
    private final PeerRestart restart;
    /** Families whose End-of-RIB the Established session's peer sent. */
    private final java.util.Set<AddressFamily> endOfRibReceived = new java.util.HashSet<>();
    /** True while our advertisement is deferred (we restarted, RFC 4724 §4.1); set by the speaker. */
    java.util.function.BooleanSupplier deferring = () -> false;
    /** Called when this peer's session came up or sent End-of-RIB (selection deferral progress). */
    Runnable progress = () -> { };
    /** The UPDATE queue of the Established session. */
    private UpdateInbox inbox;
    /** The RibPeer given to the RIB for the Established session: sends for any other are stale. */
    private volatile RibPeer ribPeer;
    /**
     * RIB thread only: the session the RIB currently sends for ({@code ribPeer} of that session,
     * set with {@code peerUp}, cleared before its routes are released). The RIB may hand out
     * another {@link RibPeer} instance for the same session (e.g. after {@code setPolicies}).
     */
    private RibPeer ribSideSession;
    private final List<BgpSessionHandler> connections = new ArrayList<>();
    /** Idle/Connect/Active: connection attempts, ConnectRetryTimer, restarts. */
    private final ConnectRetry retry;
    private BgpSessionHandler established;
    /** {@link System#nanoTime()} when the current session reached Established (collision age). */
    private long establishedNanos;
    private final CollisionResolver collisions;
    /** RFC 7313 §4.2: BoRR without EoRR. */
    private final RefreshStaleTimers refreshTimers;
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
        this.connector = connector;
        this.ribThread = ribThread;
        this.config = config;
        this.speaker = speaker;
        this.loop = loop;
        this.rib = rib;
        this.sessionConfig = new SessionConfig(speaker.localAs(), speaker.routerId(), config.peerAs(),
                config.holdTimeSeconds(), config.keepaliveSeconds(),
                List.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST), config.gracefulRestartTimeSeconds(),
                speaker.restarted(), config.sendHoldTimeSeconds());
        this.restart = new PeerRestart(config.peerAddress(), loop, ribThread, rib);
        this.collisions = new CollisionResolver(speaker.routerId(), speaker.localAs());
        this.refreshTimers = new RefreshStaleTimers(loop);
        this.retry = new ConnectRetry(this, speaker, loop, connector);
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
            return new SessionConfig(c.localAs(), c.routerId(), c.peerAs(), c.holdTimeSeconds(), c.keepaliveSeconds(),
                    c.families(), c.gracefulRestartTimeSeconds(), false, c.sendHoldTimeSeconds());
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
        State shown = retry.state();
        if (!connections.isEmpty()) {
            shown = State.IDLE;
            for (BgpSessionHandler h : connections) {
                if (h.state().compareTo(shown) > 0) {
                    shown = h.state();
                }
            }
        }
        return counters.status(config, shown, prefixesReceived, prefixesAdvertised,
                established == null ? List.of() : established.negotiated().families().stream().map(AddressFamily::toString).toList(),
                grStatus(), inbox == null ? 0 : inbox.pauses());
    }

    private String grStatus() {
        String r = restart.status();
        if (!r.isEmpty()) {
            return r;
        }
        if (established != null && deferring.getAsBoolean()) {
            return "deferring";
        }
        return established != null && established.negotiated().peerGracefulRestart().isPresent() ? "helper" : "";
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
        if (established == null) {
            return false;
        }
        NegotiatedSession n = established.negotiated();
        return n.peerGracefulRestart().isEmpty() || endOfRibReceived.containsAll(n.families());
    }

    /** The deferral ended: re-send the whole Adj-RIB-Out (held back so far), then End-of-RIB. */
    void deferralEnded() {
        RibPeer rp = ribPeer;
        if (rp == null) {
            return;
        }
        ribThread.execute(() -> {
            rib.routeRefresh(config.peerAddress());
            loop.execute(() -> sendEndOfRib(rp));
        });
    }

    /** End-of-RIB for every negotiated family (RFC 4724 §2), after the initial table. */
    private void sendEndOfRib(RibPeer rp) {
        if (rp == ribPeer && established != null && !deferring.getAsBoolean()) {
            established.send(established.negotiated().families().stream().map(UpdateMessage::endOfRib).toList());
        }
    }

    /** Sends UPDATEs on the Established session, if any (event loop). */
    void send(List<UpdateMessage> updates) {
        if (established != null) {
            counters.updatesSent(updates.size());
            established.send(updates);
        }
    }

    /**
     * Sends UPDATEs the RIB computed for {@code forPeer} (any thread): dropped if that session is
     * no longer the Established one (the RIB re-sends its whole table to a new session).
     */
    void sendFromRib(RibPeer forPeer, List<UpdateMessage> updates) {
        RibPeer session = ribSideSession;
        if (session == null || !session.address().equals(forPeer.address())) {
            return;
        }
        loop.execute(() -> {
            if (session == ribPeer) {
                send(updates);
            }
        });
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
                    counters.lastError("connection collision resolved (kept the new connection)");
                    if (other == established) {
                        // the peer keeps the new connection too: its routes come back on it at once
                        sessionLost(other, other.negotiated().peerGracefulRestart().isPresent());
                    }
                    other.collisionDump();
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
        established = session;
        counters.established();
        establishedNanos = System.nanoTime();
        retry.established();
        NegotiatedSession n = session.negotiated();
        InetAddress local = session.localAddress() instanceof InetSocketAddress a ? BgpSpeaker.unmapped(a.getAddress()) : null;
        LocalNextHops hops = LocalNextHops.of(local, config.peerAddress(), speaker.routerId(), config.ipv6NextHop());
        // RFC 4271 §6.3: our IPv6 next hops on this session are own addresses for the NEXT_HOP check too
        session.addLocalAddresses(java.util.stream.Stream.concat(hops.ipv6().stream(), hops.linkLocal().stream()).toList());
        LOG.log(System.Logger.Level.INFO, "BGP session with " + config.peerAddress().getHostAddress() + " AS"
                + n.peerAs() + " Established (hold " + n.holdTimeSeconds() + " s, " + n.families() + ")");
        boolean ebgp = speaker.localAs() != n.peerAs();
        RibPeer rp = new RibPeer(config.peerAddress(), n.peerAs(), n.peerRouterId(), ebgp, hops.ipv4(),
                new CodecOptions(n.fourOctetAs()).withExtendedMessage(n.extendedMessage()))
                .withRouteReflectorClient(config.routeReflectorClient() && !ebgp)
                .withPolicies(config.importPolicy(), config.exportPolicy());
        if (n.carries(AddressFamily.IPV6_UNICAST) && hops.ipv6().isPresent()) {
            rp = rp.withIpv6NextHop(hops.ipv6().get(), hops.linkLocal());
        }
        RibPeer up = rp;
        ribPeer = up;
        endOfRibReceived.clear();
        inbox = new UpdateInbox(session.channel(), ribThread, batch -> applyUpdates(up, batch));
        ribThread.execute(() -> {
            ribSideSession = up;
            rib.peerUp(up);
            loop.execute(() -> sendEndOfRib(up)); // after the initial table the RIB just queued
        });
        restart.sessionUp(n);
        progress.run();
    }

    /** RIB thread: a batch of UPDATEs from the session of {@code rp}. */
    private void applyUpdates(RibPeer rp, List<UpdateMessage> batch) {
        try {
            List<UpdateMessage> run = new ArrayList<>();
            for (UpdateMessage u : batch) {
                Optional<AddressFamily> eor = u.endOfRib();
                if (eor.isEmpty()) {
                    run.add(u);
                    continue;
                }
                if (!run.isEmpty()) {
                    rib.update(config.peerAddress(), run);
                    run = new ArrayList<>();
                }
                AddressFamily f = eor.get();
                loop.execute(() -> endOfRibReceived(rp, f));
            }
            if (!run.isEmpty()) {
                rib.update(config.peerAddress(), run);
            }
        } catch (RuntimeException e) {
            // a bug must not take a good session down: report it and go on
            String why = "UPDATE not applied: " + e;
            loop.execute(() -> counters.lastError(why));
            LOG.log(System.Logger.Level.ERROR, config.peerAddress().getHostAddress() + ": " + why, e);
        }
        PrefixLimits.check(rib, config).ifPresent(o -> loop.execute(() -> maxPrefixesExceeded(rp, o)));
    }

    @Override
    public void update(BgpSessionHandler session, UpdateMessage update) {
        if (session == established) {
            counters.updateReceived();
            inbox.offer(update);
        }
    }

    /** Event loop: the peer's End-of-RIB for {@code family}, after its preceding UPDATEs were applied. */
    private void endOfRibReceived(RibPeer rp, AddressFamily family) {
        if (rp != ribPeer) {
            return;
        }
        endOfRibReceived.add(family);
        restart.endOfRib(family);
        progress.run();
    }

    /**
     * ROUTE-REFRESH (RFC 2918 §4; answered whether or not we negotiated the capability, as we
     * always advertise it): re-sends our Adj-RIB-Out of the family asked for. With Enhanced Route
     * Refresh (RFC 7313 §4) the answer is framed by BoRR and EoRR. The peer's own BoRR marks its
     * routes of the family stale and its EoRR drops those it did not re-announce (RFC 7313 §4.2);
     * both are queued to the RIB thread behind the UPDATEs received before them.
     */
    @Override
    public void routeRefresh(BgpSessionHandler session, RouteRefreshMessage message) {
        if (session != established) {
            return;
        }
        RibPeer rp = ribPeer;
        AddressFamily family = message.family();
        InetAddress peer = config.peerAddress();
        if (message.subtype() == RouteRefreshMessage.BEGINNING_OF_RIB_REFRESH
                || message.subtype() == RouteRefreshMessage.END_OF_RIB_REFRESH) {
            LOG.log(System.Logger.Level.DEBUG, () -> peer.getHostAddress() + ": " + message);
            if (!session.negotiated().enhancedRouteRefresh()) {
                return; // RFC 7313 §5: BoRR/EoRR without the capability negotiated are ignored
            }
            boolean begin = message.subtype() == RouteRefreshMessage.BEGINNING_OF_RIB_REFRESH;
            if (begin) {
                // RFC 7313 §4.2: the EoRR may never come; purge what is still stale after a while
                refreshTimers.begin(family, config.enhancedRefreshStaleTime(), () -> refreshStaleExpired(rp, family));
            } else {
                refreshTimers.end(family);
            }
            ribThread.execute(() -> {
                if (ribSideSession != rp) {
                    return;
                }
                if (begin) {
                    rib.markStale(peer, family);
                } else {
                    rib.endOfRib(peer, family);
                }
            });
            return;
        }
        if (message.subtype() != RouteRefreshMessage.NORMAL) {
            return;
        }
        boolean enhanced = session.negotiated().enhancedRouteRefresh();
        if (enhanced) {
            session.send(List.of(RouteRefreshMessage.beginning(family)));
        }
        ribThread.execute(() -> {
            rib.routeRefresh(peer, family);
            if (enhanced) {
                loop.execute(() -> {
                    if (rp == ribPeer && established != null) {
                        established.send(List.of(RouteRefreshMessage.end(family)));
                    }
                });
            }
        });
    }

    /**
     * No EoRR within {@link PeerConfig#enhancedRefreshStaleTime()} of the BoRR (RFC 7313 §4.2):
     * the family's routes still stale are purged, in order with the UPDATEs read before.
     */
    private void refreshStaleExpired(RibPeer rp, AddressFamily family) {
        if (rp != ribPeer) {
            return;
        }
        InetAddress peer = config.peerAddress();
        LOG.log(System.Logger.Level.WARNING, peer.getHostAddress() + ": no EoRR for " + family + " within "
                + config.enhancedRefreshStaleTime().toSeconds() + " s of its BoRR: purging its stale routes (RFC 7313 §4.2)");
        counters.lastError("Enhanced Route Refresh of " + family + " without EoRR: stale routes purged (RFC 7313 §4.2)");
        ribThread.execute(() -> {
            if (ribSideSession == rp) {
                rib.endOfRib(peer, family);
            }
        });
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

    /**
     * RFC 4486 §4: CEASE 6/1 with the AFI (2), SAFI (1) of the family that overflowed and its
     * limit (4) as data (sent as Hard Reset when RFC 8538 was negotiated); reconnect after
     * {@link PeerConfig#maxPrefixRestart()} or stay down.
     */
    private void maxPrefixesExceeded(RibPeer rp, PrefixLimits.Overflow overflow) {
        if (rp != ribPeer || established == null) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, config.peerAddress().getHostAddress() + ": " + overflow.received() + " "
                + overflow.family() + " prefixes received, limit " + overflow.limit() + ": closing with CEASE 6/1");
        retry.holdForMaxPrefix();
        established.stop(overflow.cease());
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
        refreshTimers.cancelAll();
        established = null;
        ribPeer = null;
        UpdateInbox box = inbox;
        inbox = null;
        counters.sessionLost(box.pauses());
        if (keepStale && session.negotiated().peerGracefulRestart().isPresent()) {
            LOG.log(System.Logger.Level.INFO, config.peerAddress().getHostAddress() + " restarting gracefully: routes kept"
                    + " stale for up to " + session.negotiated().peerGracefulRestart().get().restartTimeSeconds() + " s");
            restart.sessionLost(session.negotiated(), () -> {
                ribSideSession = null;
                box.close();
            });
        } else {
            restart.cancel();
            ribThread.execute(() -> {
                ribSideSession = null;
                box.close();
                rib.peerDown(config.peerAddress());
            });
        }
    }
}
