package dev.weft.agent.datastore.kube;

import dev.weft.agent.crd.BgpPeer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this node's entry of {@code BGPPeer.status.nodes[]} through the status subresource.
 *
 * <p>{@link #report} takes the full set of this node's sessions and returns at once; writing is
 * done on the reporter's own thread, coalesced and rate-limited: at most one write per peer per
 * {@code minInterval}, always with the latest state reported. An entry is only written when it
 * differs from what was written last; a peer no longer in the map has this node's entry removed.
 * Each write reads the object, replaces only this node's entry (entries of other nodes are kept)
 * and updates the status with the object's {@code resourceVersion}, retrying on a conflict (409)
 * with another node's agent. A failed write is retried after {@code minInterval}; a BGPPeer that
 * no longer exists is forgotten.
 */
public final class BgpPeerStatusReporter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BgpPeerStatusReporter.class);
    private static final int CONFLICT_RETRIES = 5;

    private final KubernetesClient client;
    private final String nodeName;
    private final long minIntervalNanos;
    private final ScheduledExecutorService executor;
    /** Latest reported entry per peer; {@code Optional.empty()} = remove this node's entry. */
    private final Map<String, Optional<BgpPeer.NodeStatus>> desired = new HashMap<>();
    private final Map<String, Optional<BgpPeer.NodeStatus>> written = new HashMap<>();
    private final Map<String, Long> lastWrite = new HashMap<>();
    private final Set<String> scheduled = new HashSet<>();
    private long writes;

    /**
     * @param client the API client; not closed by the reporter
     * @param nodeName this node's name (the {@code node} of its entries)
     * @param minInterval minimum time between two writes of one BGPPeer's status (e.g. 10 s)
     */
    public BgpPeerStatusReporter(KubernetesClient client, String nodeName, Duration minInterval) {
        this.client = Objects.requireNonNull(client, "client");
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.minIntervalNanos = minInterval.toNanos();
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "weft-bgppeer-status");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Reports this node's sessions, by BGPPeer name. Peers reported before and missing now get
     * this node's entry removed. Never blocks on the API server; never throws for API errors.
     */
    public synchronized void report(Map<String, PeerSessionState> sessions) {
        for (String peer : new ArrayList<>(desired.keySet())) {
            if (!sessions.containsKey(peer)) {
                desired.put(peer, Optional.empty());
            }
        }
        sessions.forEach((peer, s) -> desired.put(peer, Optional.of(entry(s))));
        long now = System.nanoTime();
        for (String peer : desired.keySet()) {
            if (desired.get(peer).equals(written.getOrDefault(peer, Optional.empty())) || scheduled.contains(peer)) {
                continue;
            }
            long wait = Math.max(0, lastWrite.getOrDefault(peer, now - minIntervalNanos) + minIntervalNanos - now);
            schedule(peer, wait);
        }
    }

    /** Number of status writes that reached the API server (for tests and metrics). */
    public synchronized long writes() {
        return writes;
    }

    private void schedule(String peer, long delayNanos) {
        scheduled.add(peer);
        executor.schedule(() -> flush(peer), delayNanos, TimeUnit.NANOSECONDS);
    }

    private BgpPeer.NodeStatus entry(PeerSessionState s) {
        BgpPeer.NodeStatus n = new BgpPeer.NodeStatus();
        n.node = nodeName;
        n.state = s.state();
        n.since = s.since().toString();
        n.prefixesReceived = s.prefixesReceived();
        n.prefixesAdvertised = s.prefixesAdvertised();
        return n;
    }

    private void flush(String peer) {
        Optional<BgpPeer.NodeStatus> want;
        synchronized (this) {
            scheduled.remove(peer);
            want = desired.get(peer);
            if (want == null) {
                return;
            }
        }
        boolean ok;
        try {
            ok = write(peer, want);
        } catch (KubernetesClientException | IllegalStateException e) {
            LOG.warn("cannot write status of BGPPeer {}: {} (retrying)", peer, KubernetesDatastore.oneLine(e));
            ok = false;
        }
        synchronized (this) {
            lastWrite.put(peer, System.nanoTime());
            if (ok) {
                if (want.isEmpty() || !desired.containsKey(peer)) { // entry removed, or the BGPPeer is gone
                    if (want.isEmpty() && want.equals(desired.get(peer))) {
                        desired.remove(peer);
                    }
                    written.remove(peer);
                } else {
                    written.put(peer, want);
                }
            }
            Optional<BgpPeer.NodeStatus> latest = desired.get(peer);
            if (latest != null && !latest.equals(written.getOrDefault(peer, Optional.empty()))
                    && !scheduled.contains(peer)) {
                schedule(peer, minIntervalNanos);
            }
        }
    }

    /** One read-modify-write of the status; false if the write must be retried later. */
    private boolean write(String peer, Optional<BgpPeer.NodeStatus> want) {
        for (int attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
            BgpPeer cur = client.resources(BgpPeer.class).withName(peer).get();
            if (cur == null) {
                synchronized (this) {
                    desired.remove(peer);
                    written.remove(peer);
                }
                return true;
            }
            BgpPeer.Status status = cur.getStatus() == null ? new BgpPeer.Status() : cur.getStatus();
            List<BgpPeer.NodeStatus> nodes = new ArrayList<>(status.nodes == null ? List.of() : status.nodes);
            Optional<BgpPeer.NodeStatus> had = nodes.stream().filter(n -> nodeName.equals(n.node)).findFirst();
            if (had.equals(want)) {
                return true;
            }
            nodes.removeIf(n -> nodeName.equals(n.node));
            want.ifPresent(nodes::add);
            nodes.sort(Comparator.comparing(n -> n.node == null ? "" : n.node));
            status.nodes = nodes;
            cur.setStatus(status);
            try {
                client.resources(BgpPeer.class).resource(cur).updateStatus();
                synchronized (this) {
                    writes++;
                }
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return true;
                }
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
        return false;
    }

    /** Stops writing; pending writes are dropped. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
