package dev.weft.agent.routing;

import dev.weft.agent.datastore.ClusterState;
import dev.weft.bgp.server.BgpSpeaker;
import dev.weft.bgp.server.PeerConfig;
import dev.weft.bgp.server.SpeakerConfig;
import dev.weft.common.net.IpPrefix;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the BGP speaker in step with the datastore: starts it when this node appears, restarts
 * it when the AS, router ID or port change, adds/updates/removes peers as BGPPeers come and go,
 * and announces/withdraws the node's Pod CIDRs (IPv4 and IPv6). Learned best paths go to a
 * {@link KernelRouteSync}, ECMP on ({@link NodeRouting#maxPaths()}).
 *
 * <p>Graceful restart, restarting side (RFC 4724 §4.1): when the first speaker of this process
 * starts while Weft routes of a previous run are still in the kernel, it is started as
 * {@linkplain SpeakerConfig#restarted() restarted with forwarding state preserved} (R and F bits
 * in OPEN, best-path selection deferred until End-of-RIB). The kernel routes are kept (add-only)
 * and swept only once no peer is still "deferring" (End-of-RIB received, or the speaker's
 * selection deferral timer ran out) and the agent's start-up grace ended.
 *
 * <p>{@link #onState} is called on the datastore thread; all speaker operations are made from
 * that one thread, so no further locking is needed.
 */
public final class RoutingController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RoutingController.class);

    private final String nodeName;
    private final KernelRouteSync kernel;
    private final SpeakerConfigFactory configFactory;
    private volatile BgpSpeaker speaker;
    private volatile NodeRouting applied;
    private volatile String problem = "";
    private boolean startedOnce;

    /** Builds the speaker's config for a plan (lets tests shorten timers). */
    @FunctionalInterface
    public interface SpeakerConfigFactory {
        SpeakerConfig create(NodeRouting plan);
    }

    /** The default: listen on all addresses, reconnect backoff 1 s doubling to 30 s. */
    public static SpeakerConfig defaultConfig(NodeRouting plan) {
        return new SpeakerConfig(plan.localAs(), plan.routerId(), anyLocal(), plan.listenPort(),
                Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    public RoutingController(String nodeName, KernelRouteSync kernel, SpeakerConfigFactory configFactory) {
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        this.configFactory = Objects.requireNonNull(configFactory, "configFactory");
        kernel.setSweepGate(this::noPeerDeferring);
    }

    /** True when no peer is still awaited for its End-of-RIB after our restart (RFC 4724 §4.1). */
    boolean noPeerDeferring() {
        BgpSpeaker s = speaker;
        return s == null || (!s.deferring() && s.peers().stream().noneMatch(p -> "deferring".equals(p.gracefulRestart())));
    }

    /** The speaker config for a plan: the factory's, with ECMP and, on the first start, the restart state. */
    SpeakerConfig speakerConfig(NodeRouting want) {
        SpeakerConfig c = configFactory.create(want).withMaxPaths(want.maxPaths());
        if (!startedOnce && kernel.previousRunRoutes() > 0) {
            LOG.info("kernel routes of a previous run found: restarting speaker with forwarding state preserved "
                    + "(RFC 4724), stale routes swept after End-of-RIB");
            c = c.withRestarted(true, c.selectionDeferral());
        }
        return c;
    }

    /** Applies a new datastore state (idempotent). */
    public synchronized void onState(ClusterState state) {
        StringBuilder why = new StringBuilder();
        Optional<NodeRouting> plan = RoutingPlanner.plan(nodeName, state, why);
        if (plan.isEmpty()) {
            if (!problem.contentEquals(why)) {
                LOG.warn("BGP not running: {}", why);
            }
            problem = why.toString();
            stopSpeaker();
            return;
        }
        problem = "";
        NodeRouting want = plan.get();
        NodeRouting have = applied;
        if (want.equals(have)) {
            return;
        }
        if (want.needsNewSpeaker(have)) {
            stopSpeaker();
            LOG.info("starting BGP speaker: AS {} router ID {} port {}", want.localAs(),
                    want.routerId().getHostAddress(), want.listenPort());
            BgpSpeaker s = BgpSpeaker.start(speakerConfig(want));
            startedOnce = true;
            s.addBestPathListener(kernel);
            speaker = s;
            have = null;
        }
        BgpSpeaker s = speaker;
        // Originate before configuring peers: a (restarted) speaker's first Adj-RIB-Out and its
        // End-of-RIB must already hold the node's own prefixes (RFC 4724 §4.1).
        Set<IpPrefix> oldPrefixes = have == null ? Set.of() : have.originated();
        Set<IpPrefix> withdraw = new HashSet<>(oldPrefixes);
        withdraw.removeAll(want.originated());
        withdraw.forEach(s::withdrawOriginated);
        want.originated().stream().filter(p -> !oldPrefixes.contains(p)).forEach(s::originate);
        Map<InetAddress, PeerConfig> oldPeers = have == null ? Map.of() : have.peers();
        for (InetAddress gone : oldPeers.keySet()) {
            if (!want.peers().containsKey(gone)) {
                LOG.info("removing BGP peer {}", gone.getHostAddress());
                s.removePeer(gone);
            }
        }
        for (PeerConfig p : want.peers().values()) {
            if (!p.equals(oldPeers.get(p.peerAddress()))) {
                LOG.info("configuring BGP peer {} AS {}", p.peerAddress().getHostAddress(), p.peerAs());
                s.addPeer(p);
            }
        }
        applied = want;
    }

    /** The running speaker, if any (for status). */
    public Optional<BgpSpeaker> speaker() {
        return Optional.ofNullable(speaker);
    }

    /** The applied plan, if any (for status). */
    public Optional<NodeRouting> applied() {
        return Optional.ofNullable(applied);
    }

    /** Why BGP is not running, or the empty string. */
    public String problem() {
        return problem;
    }

    private void stopSpeaker() {
        BgpSpeaker s = speaker;
        speaker = null;
        applied = null;
        if (s != null) {
            try {
                s.shutdown().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("BGP speaker shutdown: {}", e.toString());
            }
            kernel.forgetAll();
        }
    }

    /**
     * Stops the speaker for a planned restart (RFC 4724 §4.2 seen from the peers): every session is
     * closed without a NOTIFICATION, so peers that negotiated Graceful Restart keep the node's
     * routes (stale) for the restart time, and the kernel routes are left as they are for the next
     * agent, which starts as a restarting speaker and sweeps what it no longer wants after
     * End-of-RIB. Peers without Graceful Restart see a plain connection loss.
     */
    public synchronized void closeForRestart() {
        BgpSpeaker s = speaker;
        speaker = null;
        applied = null;
        if (s != null) {
            try {
                s.shutdownForRestart().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("BGP speaker shutdown for restart: {}", e.toString());
            }
        }
    }

    /** Sends CEASE/Administrative Shutdown to every peer (RFC 4486) and stops the speaker. */
    @Override
    public synchronized void close() {
        stopSpeaker();
    }

    private static InetAddress anyLocal() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
