package dev.weft.bgp.server;

import dev.weft.bgp.rib.Path;
import dev.weft.bgp.rib.Rib;
import dev.weft.bgp.rib.RibPeer;
import dev.weft.bgp.transport.BgpChannels;
import dev.weft.bgp.transport.BgpTransport;
import dev.weft.bgp.wire.AsPaths;
import dev.weft.bgp.wire.BgpError;
import dev.weft.bgp.wire.NotificationMessage;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpPrefix;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
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

/**
 * A BGP-4 speaker (RFC 4271) for IPv4 unicast: peers, sessions, RIBs and route origination.
 *
 * <p>Threading: one Netty event loop thread owns every session, timer and the RIB; the public
 * methods are thread-safe and block until the change was applied on that thread (bounded to
 * 30 s), except {@link #shutdown()}, which returns a future. {@link BestPathListener}s are
 * called on that thread. Called from the loop thread itself, methods run inline; after
 * {@link #shutdown()} they throw {@link IllegalStateException}.
 *
 * <p>Typical use (the agent): {@code start} inside the node's network namespace, {@code addPeer}
 * for the ToR, {@code originate} the node's Pod CIDRs, a {@link BestPathListener} that programs
 * the kernel FIB, {@code peers()}/{@code locRib()} for status, {@code close()} on exit.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4271">RFC 4271</a>
 */
public final class BgpSpeaker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BgpSpeaker.class.getName());
    private static final long CALL_TIMEOUT_SECONDS = 30;

    private final SpeakerConfig config;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final Rib rib;
    private final Map<InetAddress, PeerController> peers = new LinkedHashMap<>();
    private final List<BestPathListener> listeners = new CopyOnWriteArrayList<>();
    private volatile Channel serverChannel;
    private volatile CompletableFuture<Void> shutdown;

    private BgpSpeaker(SpeakerConfig config, ThreadFactory threadFactory) {
        this.config = config;
        this.group = new MultiThreadIoEventLoopGroup(1, threadFactory, BgpTransport.ioHandlerFactory());
        this.loop = group.next();
        this.rib = new Rib(config.localAs(), new Rib.Output() {
            @Override
            public void bestPathChanged(IpPrefix prefix, Optional<Path> best) {
                Optional<BestPath> b = best.map(BgpSpeaker::toBestPath);
                for (BestPathListener l : listeners) {
                    notifyListener(l, prefix, b);
                }
            }

            @Override
            public void send(RibPeer peer, List<UpdateMessage> updates) {
                PeerController pc = peers.get(peer.address());
                if (pc != null) {
                    pc.send(updates);
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
                Throwable c = f.cause();
                throw new UncheckedIOException("cannot listen on " + config.listenAddress().getHostAddress() + ":"
                        + config.listenPort(), c instanceof IOException io ? io : new IOException(c));
            }
            s.serverChannel = f.channel();
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

    /** Listener MD5 keys (one per peer with a password) and SYN-ACK TTL (255 if a peer uses GTSM). */
    private void updateListenerSecurity() {
        if (!(serverChannel instanceof ServerChannel listener)) {
            return;
        }
        Map<InetAddress, String> keys = new java.util.HashMap<>();
        boolean gtsm = false;
        for (PeerController pc : peers.values()) {
            pc.config().md5Password().ifPresent(p -> keys.put(pc.config().peerAddress(), p));
            gtsm |= pc.config().ttlSecurity();
        }
        for (DynamicNeighbor d : config.dynamicNeighbors()) {
            gtsm |= d.template().ttlSecurity();
        }
        BgpTransport.setListenerMd5(listener, keys);
        BgpTransport.setListenerTtl(listener, gtsm);
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
        InetAddress remote = unmapped(((InetSocketAddress) ch.remoteAddress()).getAddress());
        PeerController pc = peers.get(remote);
        if (pc == null) {
            Optional<DynamicNeighbor> dyn = config.dynamicNeighbor(remote);
            if (dyn.isPresent()) {
                pc = new PeerController(dyn.get().peerFor(remote), config, loop, rib);
                pc.dynamic = true;
                PeerController made = pc;
                pc.onDynamicEnd = () -> peers.remove(remote, made);
                peers.put(remote, pc);
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
     * Adds or reconfigures a peer (keyed by address). The same config again changes nothing;
     * a different one closes the old sessions with CEASE 6/6 and starts afresh.
     */
    public void addPeer(PeerConfig peer) {
        Objects.requireNonNull(peer, "peer");
        run(() -> {
            PeerController old = peers.get(peer.peerAddress());
            if (old != null) {
                if (old.config().equals(peer)) {
                    return null;
                }
                old.stop(NotificationMessage.of(BgpError.OTHER_CONFIGURATION_CHANGE));
            }
            BgpTransport.requireSecurityOptions(PeerController.security(peer));
            PeerController pc = new PeerController(peer, config, loop, rib);
            peers.put(peer.peerAddress(), pc);
            updateListenerSecurity();
            pc.start();
            return null;
        });
    }

    /** Removes a peer: CEASE 6/3 on its sessions, its routes withdrawn. Unknown addresses are ignored. */
    public void removePeer(InetAddress peerAddress) {
        run(() -> {
            PeerController pc = peers.remove(peerAddress);
            if (pc != null) {
                pc.stop(NotificationMessage.of(BgpError.PEER_DECONFIGURED));
                updateListenerSecurity();
            }
            return null;
        });
    }

    /**
     * Announces an IPv4 prefix to every Established peer and to peers that come up later
     * (NEXT_HOP = our address on each session, ORIGIN IGP, AS_PATH [local AS] for eBGP).
     *
     * @throws IllegalArgumentException for an IPv6 prefix
     */
    public void originate(IpPrefix prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.isIpv4()) {
            throw new IllegalArgumentException("only IPv4 prefixes can be originated: " + prefix);
        }
        run(() -> {
            rib.originate(prefix);
            return null;
        });
    }

    /**
     * Announces several IPv4 prefixes at once (fewer, fuller UPDATEs than one call per prefix).
     *
     * @throws IllegalArgumentException if any prefix is IPv6 (then none is announced)
     */
    public void originate(Collection<IpPrefix> prefixes) {
        List<IpPrefix> copy = List.copyOf(prefixes);
        for (IpPrefix p : copy) {
            if (!p.isIpv4()) {
                throw new IllegalArgumentException("only IPv4 prefixes can be originated: " + p);
            }
        }
        run(() -> {
            rib.originate(copy);
            return null;
        });
    }

    /** Stops announcing a prefix given to {@link #originate}. */
    public void withdrawOriginated(IpPrefix prefix) {
        Objects.requireNonNull(prefix, "prefix");
        run(() -> {
            rib.withdrawOriginated(prefix);
            return null;
        });
    }

    /** Adds a listener and replays the current learned best paths to it (on the speaker thread). */
    public void addBestPathListener(BestPathListener listener) {
        Objects.requireNonNull(listener, "listener");
        run(() -> {
            listeners.add(listener);
            rib.locRib().forEach((p, path) -> notifyListener(listener, p, Optional.of(toBestPath(path))));
            return null;
        });
    }

    /** Removes a listener. */
    public void removeBestPathListener(BestPathListener listener) {
        listeners.remove(listener);
    }

    /** A snapshot of every configured peer, in the order added. */
    public List<PeerStatus> peers() {
        return run(() -> {
            List<PeerStatus> out = new ArrayList<>();
            for (PeerController pc : peers.values()) {
                out.add(pc.status());
            }
            return List.copyOf(out);
        });
    }

    /** A snapshot of the learned best paths. */
    public Map<IpPrefix, BestPath> locRib() {
        return run(() -> {
            Map<IpPrefix, BestPath> out = new LinkedHashMap<>();
            rib.locRib().forEach((p, path) -> out.put(p, toBestPath(path)));
            return java.util.Collections.unmodifiableMap(out);
        });
    }

    /** The prefixes given to {@link #originate} and not withdrawn. */
    public List<IpPrefix> originated() {
        return run(() -> List.copyOf(rib.originated()));
    }

    /**
     * Sends CEASE 6/2 Administrative Shutdown (RFC 4486) on every session, waits up to 2 s for
     * the connections to close, then releases the listener and the thread. Idempotent.
     */
    public synchronized CompletableFuture<Void> shutdown() {
        if (shutdown != null) {
            return shutdown;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        shutdown = done;
        loop.execute(() -> {
            List<ChannelFuture> closing = new ArrayList<>();
            for (PeerController pc : peers.values()) {
                closing.addAll(pc.stop(NotificationMessage.of(BgpError.ADMINISTRATIVE_SHUTDOWN)));
            }
            if (serverChannel != null) {
                closing.add(serverChannel.close());
            }
            int[] left = {closing.size()};
            Runnable finish = () -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS)
                    .addListener(f -> done.complete(null));
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

    private <T> T run(Callable<T> task) {
        if (loop.inEventLoop()) {
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
            return loop.submit(task).get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("BGP speaker thread did not answer in " + CALL_TIMEOUT_SECONDS + " s", e);
        }
    }

    private static void notifyListener(BestPathListener l, IpPrefix prefix, Optional<BestPath> best) {
        try {
            l.bestPathChanged(prefix, best);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "best path listener failed for " + prefix, e);
        }
    }

    static BestPath toBestPath(Path p) {
        return new BestPath(p.prefix(), p.attributes().nextHop(), AsPaths.flatten(p.attributes().asPath()),
                p.source().address(), p.source().asn(), p.attributes().origin(), p.attributes().med(), p.localPref(),
                p.attributes().communities());
    }
}
