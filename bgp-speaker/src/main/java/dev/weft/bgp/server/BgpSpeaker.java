package dev.weft.bgp.server;

import dev.weft.bgp.rib.Path;
import dev.weft.bgp.rib.Rib;
import dev.weft.bgp.rib.RibOptions;
import dev.weft.bgp.rib.RibPeer;
import dev.weft.bgp.transport.BgpChannels;
import dev.weft.bgp.transport.BgpTransport;
import dev.weft.bgp.wire.AddressFamily;
import dev.weft.bgp.wire.AsPaths;
import dev.weft.bgp.wire.BgpError;
import dev.weft.bgp.wire.NotificationMessage;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpPrefix;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.ServerChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;

/**
 * A BGP-4 speaker (RFC 4271) for IPv4 unicast: peers, sessions, RIBs and route origination.
 *
 * <p>Covers (see bgp-speaker/DESIGN.md): IPv4 and IPv6 unicast (RFC 4760, next hops RFC 2545),
 * Graceful Restart both ways (RFC 4724; {@link SpeakerConfig#withRestarted}), End-of-RIB, route
 * refresh and Enhanced Route Refresh (RFC 2918, 7313), Extended Messages (RFC 8654), TCP MD5
 * (RFC 2385), GTSM (RFC 5082), max-prefix (RFC 4486), the Send Hold Timer (RFC 9687), route
 * reflector clients and cluster ID (RFC 4456), ECMP ({@link SpeakerConfig#maxPaths()}), RFC 8212
 * policies ({@link PeerConfig#withPolicies}) and dynamic neighbours.
 *
 * <p>Threading: one Netty event loop thread owns every connection and timer; the RIB and the
 * {@link BestPathListener}s run on a second thread ({@code weft-bgp-rib}) fed through per-session
 * bounded queues (back-pressure turns off reading, never the timers). The public methods are
 * thread-safe and block until the change was applied on the owning thread (bounded to 30 s),
 * except {@link #shutdown()}, which returns a future. Called from a listener (the RIB thread),
 * RIB methods run inline; after {@link #shutdown()} they throw {@link IllegalStateException}.
 *
 * <p>Typical use (the agent): {@code start} inside the node's network namespace, {@code addPeer}
 * for the ToR (with {@code withPolicies(Policy.agentImportDefault(..), Policy.agentExportDefault(..))}
 * for eBGP, RFC 8212), {@code originate} the node's IPv4 and IPv6 Pod CIDRs, a
 * {@link BestPathListener} that programs the kernel FIB, {@code peers()}/{@code locRib()} for
 * status, {@code close()} on exit.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4271">RFC 4271</a>
 */
public final class BgpSpeaker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BgpSpeaker.class.getName());
    private static final long CALL_TIMEOUT_SECONDS = 30;

    private final SpeakerConfig config;
    private final EventLoopGroup group;
    private final EventLoop loop;
    /** Every session channel, accepted or connected (closed ones leave by themselves); closed at shutdown. */
    private final ChannelGroup channels;
    /** Touched only on {@link #ribExecutor}. */
    private final Rib rib;
    /** The RIB's own thread: UPDATE batches, best-path selection, exports, listeners. */
    private final ExecutorService ribExecutor;
    /** Event loop only. */
    private final Map<InetAddress, PeerController> peers = new LinkedHashMap<>();
    /** For the RIB thread's sends: the same controllers. */
    private final Map<InetAddress, PeerController> peersByAddress = new ConcurrentHashMap<>();
    /** Restarting speaker (RFC 4724 §4.1): selection and advertisement deferred. */
    private volatile boolean deferring;
    /** Best-path changes held back while deferring (RIB thread). */
    private final Map<IpPrefix, Optional<BestPath>> deferredBestPaths = new LinkedHashMap<>();
    private ScheduledFuture<?> deferralTimer;
    /** The RIB executor's thread (for inline calls from listeners). */
    private volatile Thread ribThread;
    private final List<BestPathListener> listeners = new CopyOnWriteArrayList<>();
    private volatile Channel serverChannel;
    private volatile CompletableFuture<Void> shutdown;

    private final CompletableFuture<Long> warmUp = new CompletableFuture<>();

    /** Ingest warm-up size (see {@link IngestWarmUp}): rounds × prefixes per peer and round. */
    static final int WARM_UP_ROUNDS = 6;
    static final int WARM_UP_PREFIXES = 32_000;

    private BgpSpeaker(SpeakerConfig config, ThreadFactory threadFactory) {
        this.config = config;
        this.group = new MultiThreadIoEventLoopGroup(1, threadFactory, BgpTransport.ioHandlerFactory());
        this.loop = group.next();
        this.channels = new DefaultChannelGroup("bgp-sessions", loop);
        this.ribExecutor = Executors.newSingleThreadExecutor(new DefaultThreadFactory("weft-bgp-rib", true));
        ribExecutor.execute(() -> ribThread = Thread.currentThread());
        this.deferring = config.restarted();
        this.rib = new Rib(config.localAs(), new RibOptions(config.routerId(), config.clusterId(), config.maxPaths()),
                new Rib.Output() {
                    @Override
                    public void bestPathChanged(IpPrefix prefix, Optional<Path> best) {
                        bestPathChanged(prefix, best, best.map(p -> List.of(p.attributes().nextHop())).orElse(List.of()));
                    }

                    @Override
                    public void bestPathChanged(IpPrefix prefix, Optional<Path> best, List<InetAddress> nextHops) {
                        if (!deferring && listeners.isEmpty()) {
                            return; // nobody to tell; a listener added later gets the Loc-RIB replayed
                        }
                        Optional<BestPath> b = best.map(p -> toBestPath(p, nextHops));
                        if (deferring) {
                            deferredBestPaths.put(prefix, b); // RFC 4724 §4.1: selection waits
                            return;
                        }
                        for (BestPathListener l : listeners) {
                            notifyListener(l, prefix, b);
                        }
                    }

                    @Override
                    public boolean wantsBestPaths() {
                        return deferring || !listeners.isEmpty();
                    }

                    @Override
                    public void send(RibPeer peer, List<UpdateMessage> updates) {
                        if (deferring) {
                            return; // re-sent in full when the deferral ends
                        }
                        PeerController pc = peersByAddress.get(peer.address());
                        if (pc != null) {
                            pc.sendFromRib(peer, updates);
                        }
                    }
                });
    }

    /**
     * Starts a speaker; binds {@code listenAddress:listenPort} if the port is not 0.
     *
     * @throws UncheckedIOException if the listener cannot be bound
     */
    public static BgpSpeaker start(SpeakerConfig config) {
        return start(config, new DefaultThreadFactory("weft-bgp", true));
    }

    /**
     * Starts a speaker whose event loop thread comes from {@code threadFactory}. The thread is
     * started from the calling thread, so it inherits the caller's network namespace: calling
     * this from a thread inside another namespace runs the whole speaker there.
     *
     * @throws UncheckedIOException if the listener cannot be bound
     */
    public static BgpSpeaker start(SpeakerConfig config, ThreadFactory threadFactory) {
        Objects.requireNonNull(config, "config");
        BgpSpeaker s = new BgpSpeaker(config, threadFactory);
        // Every socket is created on the loop thread, which starts here from the caller's thread
        // and so inherits the caller's network namespace.
        ChannelFuture f = s.loop.submit(() -> config.listenPort() == 0 ? null : s.bind()).syncUninterruptibly().getNow();
        if (f != null) {
            f.awaitUninterruptibly();
            if (!f.isSuccess()) {
                s.group.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
                s.ribExecutor.shutdown();
                Throwable c = f.cause();
                throw new UncheckedIOException("cannot listen on " + config.listenAddress().getHostAddress() + ":"
                        + config.listenPort(), c instanceof IOException io ? io : new IOException(c));
            }
            s.serverChannel = f.channel();
        }
        if (config.ingestWarmUp()) {
            Thread t = new Thread(() -> {
                long t0 = System.nanoTime();
                try {
                    IngestWarmUp.run(WARM_UP_ROUNDS, WARM_UP_PREFIXES, () -> s.shutdown != null);
                    try {
                        SessionWarmUp.run(() -> s.shutdown != null);
                    } catch (IOException | UncheckedIOException e) {
                        LOG.log(System.Logger.Level.DEBUG, "session warm-up on 127.0.0.1 skipped: " + e);
                    }
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "ingest warm-up failed (harmless: only the first table is slower)", e);
                } finally {
                    s.warmUp.complete((System.nanoTime() - t0) / 1_000_000);
                }
            }, "weft-bgp-warmup");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            t.start();
        } else {
            s.warmUp.complete(0L);
        }
        if (config.restarted()) {
            s.loop.execute(() -> s.deferralTimer = s.loop.schedule(() -> s.endDeferral("selection deferral timer expired"),
                    config.selectionDeferral().toMillis(), TimeUnit.MILLISECONDS));
        }
        return s;
    }

    private ChannelFuture bind() {
        return new ServerBootstrap().group(loop).channel(BgpTransport.serverChannelClass())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accept(ch);
                    }
                })
                .bind(new InetSocketAddress(config.listenAddress(), config.listenPort()));
    }

    /** A controller for {@code peer}, registered (event loop). */
    private PeerController newController(PeerConfig peer) {
        PeerController pc = new PeerController(peer, config, loop, rib, ribExecutor, PeerController.TCP);
        pc.deferring = () -> deferring;
        pc.progress = this::checkDeferral;
        pc.tracker = channels::add;
        peers.put(peer.peerAddress(), pc);
        peersByAddress.put(peer.peerAddress(), pc);
        return pc;
    }

    /**
     * Restarting speaker (RFC 4724 §4.1): the deferral ends when every configured peer is
     * Established and has sent End-of-RIB for each family (or does not do Graceful Restart), or
     * when {@link SpeakerConfig#selectionDeferral()} has passed since the start.
     */
    private void checkDeferral() {
        if (!deferring) {
            return;
        }
        for (PeerController pc : peers.values()) {
            if (!pc.dynamic && !pc.deferralSatisfied()) {
                return;
            }
        }
        if (!peers.isEmpty()) {
            endDeferral("every peer sent End-of-RIB");
        }
    }

    private void endDeferral(String why) {
        if (!deferring) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "graceful restart: route selection deferral ends: " + why);
        if (deferralTimer != null) {
            deferralTimer.cancel(false);
        }
        ribExecutor.execute(() -> {
            deferring = false;
            Map<IpPrefix, Optional<BestPath>> held = new LinkedHashMap<>(deferredBestPaths);
            deferredBestPaths.clear();
            held.forEach((prefix, best) -> listeners.forEach(l -> notifyListener(l, prefix, best)));
            loop.execute(() -> peers.values().forEach(PeerController::deferralEnded));
        });
    }

    /**
     * Completes when the background ingest warm-up ({@link SpeakerConfig#ingestWarmUp()}) is done,
     * with its duration in milliseconds; already complete with 0 when it is off. Sessions are not
     * held back meanwhile: a table arriving earlier is applied at once, only partly compiled.
     */
    public CompletableFuture<Long> ingestWarmUp() {
        return warmUp;
    }

    /** True while route selection and advertisement wait after our own restart (RFC 4724 §4.1). */
    public boolean deferring() {
        return deferring;
    }

    /**
     * Listener MD5 keys (one per peer with a password), SYN-ACK TTL (255 if a peer uses GTSM) and
     * the listener's minimum TTL (254 when every peer and dynamic range uses GTSM, so that even a
     * SYN from farther away is dropped; else the accepted socket gets it before its first read).
     */
    private void updateListenerSecurity() {
        if (!(serverChannel instanceof ServerChannel listener)) {
            return;
        }
        Map<InetAddress, String> keys = new java.util.HashMap<>();
        boolean gtsm = false;
        boolean allGtsm = !peers.isEmpty() || !config.dynamicNeighbors().isEmpty();
        for (PeerController pc : peers.values()) {
            pc.config().md5Password().ifPresent(p -> keys.put(pc.config().peerAddress(), p));
            gtsm |= pc.config().ttlSecurity();
            allGtsm &= pc.config().ttlSecurity();
        }
        for (DynamicNeighbor d : config.dynamicNeighbors()) {
            gtsm |= d.template().ttlSecurity();
            allGtsm &= d.template().ttlSecurity();
        }
        BgpTransport.setListenerMd5(listener, keys);
        BgpTransport.setListenerTtl(listener, gtsm, allGtsm);
    }

    /** An IPv4-mapped IPv6 address (dual-stack listener) as the IPv4 address. */
    static InetAddress unmapped(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length == 16) {
            boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = b[i] == 0;
            }
            if (mapped) {
                try {
                    return InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16));
                } catch (java.net.UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return a;
    }

    /** The TCP port the listener is bound to, or 0 without a listener. */
    public int listenPort() {
        return serverChannel == null ? 0 : ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The configuration. */
    public SpeakerConfig config() {
        return config;
    }

    private void accept(Channel ch) {
        channels.add(ch);
        InetAddress remote = unmapped(((InetSocketAddress) ch.remoteAddress()).getAddress());
        PeerController pc = peers.get(remote);
        if (pc == null) {
            Optional<DynamicNeighbor> dyn = config.dynamicNeighbor(remote);
            if (dyn.isPresent()) {
                pc = newController(dyn.get().peerFor(remote));
                pc.dynamic = true;
                PeerController made = pc;
                pc.onDynamicEnd = () -> {
                    peers.remove(remote, made);
                    peersByAddress.remove(remote, made);
                };
                pc.start();
                LOG.log(System.Logger.Level.INFO, "accepting dynamic BGP neighbour " + remote.getHostAddress() + " (range "
                        + dyn.get().range() + ")");
                pc.accept(ch);
                return;
            }
            // refused before anything is read: no OPEN of an unknown speaker is ever parsed
            ch.config().setAutoRead(false);
            LOG.log(System.Logger.Level.INFO, "rejecting BGP connection from unconfigured " + remote.getHostAddress());
            BgpChannels.addCodec(ch.pipeline());
            ch.writeAndFlush(NotificationMessage.of(BgpError.CONNECTION_REJECTED)).addListener(f -> ch.close());
            return;
        }
        pc.accept(ch);
    }

    /**
     * Adds or reconfigures a peer (keyed by address). The same config again changes nothing
     * (except for a peer stopped by its prefix limit, which starts again); one that differs only
     * in its policies applies them without a session reset; any other closes the old sessions
     * with CEASE 6/6 and starts afresh.
     *
     * @throws IllegalStateException if the peer needs TCP MD5, GTSM or a TTL and the epoll
     *     transport is not available
     */
    public void addPeer(PeerConfig peer) {
        Objects.requireNonNull(peer, "peer");
        run(() -> {
            PeerController old = peers.get(peer.peerAddress());
            BgpTransport.requireSecurityOptions(PeerController.security(peer));
            if (old != null) {
                if (old.config().equals(peer) && !old.stopped()) {
                    return null;
                }
                if (!old.stopped() && old.config().withPolicies(peer.importPolicy(), peer.exportPolicy()).equals(peer)) {
                    old.updatePolicies(peer); // policies only: no session reset
                    return null;
                }
                old.stop(NotificationMessage.of(BgpError.OTHER_CONFIGURATION_CHANGE));
            }
            PeerController pc = newController(peer);
            updateListenerSecurity();
            pc.start();
            return null;
        });
    }

    /** Removes a peer: CEASE 6/3 on its sessions, its routes withdrawn. Unknown addresses are ignored. */
    public void removePeer(InetAddress peerAddress) {
        run(() -> {
            PeerController pc = peers.remove(peerAddress);
            peersByAddress.remove(peerAddress);
            if (pc != null) {
                pc.stop(NotificationMessage.of(BgpError.PEER_DECONFIGURED));
                updateListenerSecurity();
            }
            return null;
        });
    }

    /**
     * Announces a prefix to every Established peer and to peers that come up later (ORIGIN IGP,
     * AS_PATH [local AS] for eBGP, subject to each peer's export policy). IPv4 prefixes go as
     * classic NLRI with NEXT_HOP = our IPv4 address on the session; IPv6 prefixes in
     * MP_REACH_NLRI (RFC 4760) with our IPv6 global (+ link-local, RFC 2545 §3) next hop, to
     * peers that negotiated IPv6 unicast and for which we have an IPv6 next hop.
     */
    public void originate(IpPrefix prefix) {
        Objects.requireNonNull(prefix, "prefix");
        ribCall(() -> {
            rib.originate(prefix);
            return null;
        });
    }

    /** Announces several prefixes at once (fewer, fuller UPDATEs than one call per prefix). */
    public void originate(Collection<IpPrefix> prefixes) {
        List<IpPrefix> copy = List.copyOf(prefixes);
        ribCall(() -> {
            rib.originate(copy);
            return null;
        });
    }

    /** Stops announcing a prefix given to {@link #originate}. */
    public void withdrawOriginated(IpPrefix prefix) {
        Objects.requireNonNull(prefix, "prefix");
        ribCall(() -> {
            rib.withdrawOriginated(prefix);
            return null;
        });
    }

    /**
     * Asks a peer to re-send its routes of one family: sends ROUTE-REFRESH (RFC 2918 §3, subtype 0;
     * a peer with Enhanced Route Refresh, RFC 7313 §4, answers with BoRR, its Adj-RIB-Out, EoRR,
     * and routes it no longer announces are removed at the EoRR). Does not wait.
     *
     * @param peer a configured peer's address
     * @param family the AFI/SAFI, one negotiated on the session (e.g. {@link AddressFamily#IPV6_UNICAST})
     * @return completes when the message was written to the peer's socket; fails with
     *     {@link IllegalArgumentException} for an unconfigured peer, and with
     *     {@link IllegalStateException} if the peer is not Established, did not advertise the
     *     Route Refresh capability (RFC 2918 §3: the message MUST NOT be sent) or did not
     *     negotiate {@code family}, or the speaker is shut down
     */
    public CompletableFuture<Void> requestRouteRefresh(InetAddress peer, AddressFamily family) {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(family, "family");
        if (shutdown != null) {
            return CompletableFuture.failedFuture(new IllegalStateException("BGP speaker is shut down"));
        }
        CompletableFuture<Void> out = new CompletableFuture<>();
        loop.execute(() -> {
            PeerController pc = peers.get(unmapped(peer));
            if (pc == null) {
                out.completeExceptionally(new IllegalArgumentException("not a configured peer: " + peer.getHostAddress()));
                return;
            }
            pc.requestRouteRefresh(family).whenComplete((v, e) -> {
                if (e != null) {
                    out.completeExceptionally(e);
                } else {
                    out.complete(null);
                }
            });
        });
        return out;
    }

    /** Adds a listener and replays the current learned best paths to it (on the speaker thread). */
    public void addBestPathListener(BestPathListener listener) {
        Objects.requireNonNull(listener, "listener");
        ribCall(() -> {
            listeners.add(listener);
            if (!deferring) {
                rib.locRib().forEach((p, path) -> notifyListener(listener, p, Optional.of(toBestPath(path, rib.nextHops(p)))));
            }
            return null;
        });
    }

    /** Removes a listener. */
    public void removeBestPathListener(BestPathListener listener) {
        listeners.remove(listener);
    }

    /** A snapshot of every configured peer, in the order added. */
    public List<PeerStatus> peers() {
        List<PeerController> pcs = run(() -> List.copyOf(peers.values()));
        Map<InetAddress, int[]> counts = ribCall(() -> {
            Map<InetAddress, int[]> m = new java.util.HashMap<>();
            for (PeerController pc : pcs) {
                InetAddress a = pc.config().peerAddress();
                m.put(a, new int[] {rib.prefixesReceived(a), rib.prefixesAdvertised(a)});
            }
            return m;
        });
        return run(() -> {
            List<PeerStatus> out = new ArrayList<>();
            for (PeerController pc : pcs) {
                int[] c = counts.get(pc.config().peerAddress());
                out.add(pc.status(c[0], c[1]));
            }
            return List.copyOf(out);
        });
    }

    /** A snapshot of the learned best paths. */
    public Map<IpPrefix, BestPath> locRib() {
        return ribCall(() -> {
            Map<IpPrefix, BestPath> out = new LinkedHashMap<>();
            rib.locRib().forEach((p, path) -> out.put(p, toBestPath(path, rib.nextHops(p))));
            return java.util.Collections.unmodifiableMap(out);
        });
    }

    /** The prefixes given to {@link #originate} and not withdrawn. */
    public List<IpPrefix> originated() {
        return ribCall(() -> List.copyOf(rib.originated()));
    }

    /**
     * Sends CEASE 6/2 Administrative Shutdown (RFC 4486) on every session, waits up to 2 s for
     * the connections to close, then releases the listener and the thread. Peers drop our routes.
     * Idempotent (also with {@link #shutdownForRestart()}: the first call decides).
     */
    public CompletableFuture<Void> shutdown() {
        return shutdown(false);
    }

    /**
     * Shutdown before a planned restart (RFC 4724 §4.2 from the peers' side): every connection is
     * closed without a NOTIFICATION, so peers that negotiated Graceful Restart keep our routes,
     * marked stale, for our Restart Time and go on forwarding to us. Start the next speaker with
     * {@link SpeakerConfig#withRestarted} within that time. Peers without Graceful Restart see a
     * plain connection loss.
     */
    public CompletableFuture<Void> shutdownForRestart() {
        return shutdown(true);
    }

    private synchronized CompletableFuture<Void> shutdown(boolean forRestart) {
        if (shutdown != null) {
            return shutdown;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        shutdown = done;
        loop.execute(() -> {
            List<ChannelFuture> closing = new ArrayList<>();
            for (PeerController pc : peers.values()) {
                closing.addAll(forRestart ? pc.abortForRestart()
                        : pc.stop(NotificationMessage.of(BgpError.ADMINISTRATIVE_SHUTDOWN)));
            }
            if (serverChannel != null) {
                closing.add(serverChannel.close());
            }
            int[] left = {closing.size()};
            Runnable finish = () -> {
                channels.close(); // what is still open (a NOTIFICATION's linger): the group does not close it
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).addListener(f -> {
                    ribExecutor.shutdown();
                    done.complete(null);
                });
            };
            if (left[0] == 0) {
                finish.run();
                return;
            }
            var timeout = loop.schedule(finish, 2, TimeUnit.SECONDS);
            for (ChannelFuture cf : closing) {
                cf.addListener(f -> {
                    if (--left[0] == 0 && timeout.cancel(false)) {
                        finish.run();
                    }
                });
            }
        });
        return done;
    }

    /** {@code shutdown()} and wait up to 10 s. */
    @Override
    public void close() {
        try {
            shutdown().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "BGP speaker shutdown incomplete", e);
        }
    }

    /** Runs {@code task} on the event loop and waits (bounded); inline if called from it. */
    private <T> T run(Callable<T> task) {
        return callOn(loop, loop.inEventLoop(), "BGP speaker thread", task);
    }

    private static void notifyListener(BestPathListener l, IpPrefix prefix, Optional<BestPath> best) {
        try {
            l.bestPathChanged(prefix, best);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "best path listener failed for " + prefix, e);
        }
    }

    static BestPath toBestPath(Path p, List<InetAddress> nextHops) {
        return new BestPath(p.prefix(), p.attributes().nextHop(), AsPaths.flatten(p.attributes().asPath()),
                p.source().address(), p.source().asn(), p.attributes().origin(), p.attributes().med(), p.localPref(),
                p.attributes().communities(), nextHops);
    }

    /** Runs {@code task} on the RIB thread and waits (bounded); inline if called from it. */
    private <T> T ribCall(Callable<T> task) {
        return callOn(ribExecutor, Thread.currentThread() == ribThread, "BGP RIB thread", task);
    }

    /**
     * Runs {@code task} inline when {@code inline}, else on {@code executor}, waiting at most
     * {@link #CALL_TIMEOUT_SECONDS}; every failure surfaces as an unchecked exception.
     */
    private <T> T callOn(ExecutorService executor, boolean inline, String thread, Callable<T> task) {
        if (inline) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        if (shutdown != null) {
            throw new IllegalStateException("BGP speaker is shut down");
        }
        try {
            return executor.submit(task).get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(thread + " did not answer in " + CALL_TIMEOUT_SECONDS + " s", e);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IllegalStateException("BGP speaker is shut down", e);
        }
    }
}
