package dev.weft.agent.datastore.kube;

import dev.weft.agent.crd.BgpConfiguration;
import dev.weft.agent.crd.BgpPeer;
import dev.weft.agent.crd.IpPool;
import dev.weft.agent.datastore.ClusterState;
import dev.weft.agent.datastore.Datastore;
import dev.weft.agent.datastore.DatastoreHealth;
import dev.weft.agent.datastore.HealthTracker;
import dev.weft.agent.datastore.Rejection;
import dev.weft.agent.datastore.Resource;
import dev.weft.agent.datastore.ResourceParser;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes datastore ({@code --datastore kubernetes}): fabric8 {@code
 * SharedIndexInformer}s whose caches are turned, on one thread, into the same {@link
 * ClusterState} snapshots {@link dev.weft.agent.datastore.DirectoryDatastore} produces (every
 * object goes through {@link ResourceParser#toState}).
 *
 * <p>Watched: Nodes, Namespaces, NetworkPolicies (all namespaces), {@code BGPPeer}, {@code
 * BGPConfiguration}, {@code IPPool} (typed {@code dev.weft.agent.crd} resources), Pods, and the
 * Secrets of the agent's namespace while some BGPPeer has a {@code password}.
 *
 * <p><b>Pod scope.</b> This node's Pods are always watched with the field selector {@code
 * spec.nodeName=NODE}. While at least one NetworkPolicy exists, a second informer watches all
 * Pods, because a policy's peers ({@code podSelector}/{@code namespaceSelector}) can be on any
 * node; its cache replaces the node's Pods in the snapshot once it has synced, and it is stopped
 * when the last NetworkPolicy goes. Snapshots are held back while it lists, so a new policy is
 * never evaluated against only this node's Pods.
 *
 * <p><b>Sync and outages.</b> Nothing is delivered before every informer needed has synced
 * (listed once); {@link #synced()} turns true with the first delivery. Events only mark the
 * state dirty; after {@code debounce} of quiet the caches are read and a snapshot is delivered
 * if it differs from the last one (level-triggered, coalesced). Informer caches keep their
 * content while a watch is down, so an API outage or watch error never produces an empty or
 * partial snapshot: the last state stays in force and {@link #health()} reports the outage once
 * any informer has been down for {@code outageGrace} (not watching after its list, or its list
 * failing; a first list still running without errors is not an outage). fabric8 reconnects the watches with
 * exponential backoff; in addition each informer that lost its watch is relisted by a
 * replacement informer, swapped in once it has synced, so changes the API server does not replay
 * on reconnect (deletions especially) are seen and the cache is never empty meanwhile.
 *
 * <p>This node's Pods are also filtered client-side by {@code spec.nodeName}, in case a server
 * or proxy ignores the field selector.
 */
public final class KubernetesDatastore implements Datastore {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesDatastore.class);
    private static final Duration TICK = Duration.ofMillis(200);

    private final KubernetesClient client;
    private final String nodeName;
    private final String secretNamespace;
    private final Consumer<ClusterState> listener;
    private final Duration debounce;
    private final Duration outageGrace;
    private final ResourceParser parser;
    private final ResourceAdapter adapter;
    private final HealthTracker health;
    private final Object lock = new Object();
    private final Thread thread;
    private final List<WatchedKind<?>> always = new ArrayList<>();
    private WatchedKind<?> nodePods;
    private WatchedKind<?> allPods;
    private WatchedKind<?> secrets;
    private WatchedKind<?> networkPolicies;
    private WatchedKind<?> bgpPeers;
    private volatile ClusterState current = ClusterState.empty();
    private volatile boolean closed;
    private boolean ownsClient;
    private boolean dirty;
    private boolean delivered;
    private long notWatchingSince = -1;

    /**
     * @param client the API client (see {@link KubeClients}); not closed by this datastore
     * @param nodeName this node's {@code Node} name ({@code --node-name}, {@code NODE_NAME})
     * @param secretNamespace namespace of the Secrets BGPPeer passwords refer to (the agent's)
     * @param listener receives each changed snapshot on the datastore's thread; exceptions it
     *     throws are logged, not fatal
     * @param debounce quiet time after an event before the caches are read (e.g. 50 ms)
     * @param outageGrace how long an informer may be without a watch (a normal reconnect)
     *     before health reports an outage (e.g. 5 s)
     */
    public KubernetesDatastore(KubernetesClient client, String nodeName, String secretNamespace,
            Consumer<ClusterState> listener, Duration debounce, Duration outageGrace) {
        this.client = Objects.requireNonNull(client, "client");
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.secretNamespace = Objects.requireNonNull(secretNamespace, "secretNamespace");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.debounce = debounce;
        this.outageGrace = outageGrace;
        this.parser = new ResourceParser(secretNamespace);
        this.adapter = new ResourceAdapter(client.getKubernetesSerialization());
        this.health = new HealthTracker("kubernetes " + client.getMasterUrl(), Clock.systemUTC());
        this.thread = new Thread(this::run, "weft-datastore-kube");
        this.thread.setDaemon(true);
    }

    /**
     * The agent's datastore ({@code --datastore kubernetes}): a client from {@code kubeconfig} or
     * auto-configuration ({@link KubeClients}), owned (closed with the datastore); Secrets from
     * {@code $POD_NAMESPACE}, else the client's namespace (the service account's, or the
     * kubeconfig context's), else {@code default}; 50 ms debounce, 5 s outage grace.
     *
     * @throws io.fabric8.kubernetes.client.KubernetesClientException if no configuration works
     */
    public static KubernetesDatastore connect(Optional<Path> kubeconfig, String nodeName,
            Consumer<ClusterState> listener) {
        KubernetesClient client = KubeClients.create(kubeconfig);
        String ns = Optional.ofNullable(System.getenv("POD_NAMESPACE")).filter(v -> !v.isBlank())
                .or(() -> Optional.ofNullable(client.getNamespace())).orElse("default");
        KubernetesDatastore d = new KubernetesDatastore(client, nodeName, ns, listener, Duration.ofMillis(50),
                Duration.ofSeconds(5));
        d.ownsClient = true;
        return d;
    }

    /** The API client (e.g. for a {@link BgpPeerStatusReporter} sharing the connection). */
    public KubernetesClient client() {
        return client;
    }

    /** Starts every informer and the snapshot thread; returns at once (see {@link #awaitSynced}). */
    @Override
    public synchronized KubernetesDatastore start() {
        if (!always.isEmpty()) {
            return this;
        }
        always.add(watch("Node", client.nodes()));
        always.add(watch("Namespace", client.namespaces()));
        networkPolicies = watch("NetworkPolicy", client.network().v1().networkPolicies().inAnyNamespace());
        always.add(networkPolicies);
        bgpPeers = watch("BGPPeer", client.resources(BgpPeer.class));
        always.add(bgpPeers);
        always.add(watch("BGPConfiguration", client.resources(BgpConfiguration.class)));
        always.add(watch("IPPool", client.resources(IpPool.class)));
        nodePods = new WatchedKind<Pod>("Pod", "Pod (spec.nodeName=" + nodeName + ")",
                () -> client.pods().inAnyNamespace().withField("spec.nodeName", nodeName),
                p -> p.getSpec() != null && nodeName.equals(p.getSpec().getNodeName()), this);
        always.add(nodePods);
        allPods = new WatchedKind<Pod>("Pod", "Pod (all nodes)", () -> client.pods().inAnyNamespace(), p -> true, this);
        secrets = new WatchedKind<Secret>("Secret", "Secret (" + secretNamespace + ")",
                () -> client.secrets().inNamespace(secretNamespace), x -> true, this);
        always.forEach(WatchedKind::start);
        thread.start();
        LOG.info("kubernetes datastore: node {}, API {}, Secrets from namespace {}", nodeName, client.getMasterUrl(),
                secretNamespace);
        return this;
    }

    private <T extends HasMetadata> WatchedKind<T> watch(String kind,
            io.fabric8.kubernetes.client.dsl.Informable<T> op) {
        return new WatchedKind<>(kind, kind, () -> op, x -> true, this);
    }

    /**
     * Waits until the first snapshot was delivered.
     *
     * @return true if synced within {@code timeout}
     */
    public boolean awaitSynced(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!synced()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Override
    public ClusterState current() {
        return current;
    }

    @Override
    public boolean synced() {
        return health.synced();
    }

    @Override
    public DatastoreHealth health() {
        return health.snapshot();
    }

    /** Called by the informers' event handlers (any thread): the caches changed. */
    void changed() {
        synchronized (lock) {
            dirty = true;
            lock.notifyAll();
        }
    }

    /** Called by the informers' exception handlers (any thread). */
    void failed(String what, Throwable t) {
        String msg = what + ": " + oneLine(t);
        health.error(msg);
        LOG.warn("kubernetes datastore: {} (retrying; the last state stays in force)", msg);
    }

    private void run() {
        while (!closed) {
            try {
                boolean work;
                synchronized (lock) {
                    if (!dirty) {
                        lock.wait(TICK.toMillis());
                    }
                    work = dirty;
                }
                if (work) {
                    Thread.sleep(debounce.toMillis()); // coalesce a burst of events
                    synchronized (lock) {
                        dirty = false;
                    }
                    rebuild();
                }
                checkWatches();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                health.error("snapshot failed: " + oneLine(e));
                LOG.error("kubernetes datastore: snapshot failed; keeping the last state", e);
            }
        }
    }

    private synchronized List<WatchedKind<?>> active() {
        List<WatchedKind<?>> a = new ArrayList<>(always);
        if (allPods.running()) {
            a.add(allPods);
        }
        if (secrets.running()) {
            a.add(secrets);
        }
        return a;
    }

    /** Detects outages (an informer without a watch for longer than the grace) and their end. */
    private void checkWatches() {
        List<String> down = new ArrayList<>();
        boolean unsynced = false;
        boolean allWatching = true;
        for (WatchedKind<?> w : active()) {
            if (w.promote()) {
                LOG.info("kubernetes datastore: {} relisted", w.label());
                changed();
            }
            if (w.down()) {
                down.add(w.label());
            }
            allWatching &= w.watching();
            unsynced |= !w.synced();
        }
        long now = System.nanoTime();
        if (down.isEmpty()) {
            notWatchingSince = -1;
            if (allWatching && !unsynced) {
                boolean wasOut = health.inOutage();
                health.confirmed();
                if (wasOut) {
                    LOG.info("kubernetes datastore: every watch is back");
                    changed();
                }
            }
        } else if (notWatchingSince < 0) {
            notWatchingSince = now;
        } else if (now - notWatchingSince > outageGrace.toNanos() && !health.inOutage()) {
            String last = health.snapshot().lastError().orElse("no error reported");
            health.failed("not watching " + String.join(", ", down) + " (last error: " + last + ")");
            LOG.warn("kubernetes datastore: outage, not watching {}; keeping the last state and relisting", down);
            // A reconnected watch only sees what the API server replays; a fresh list sees all.
            for (WatchedKind<?> w : active()) {
                if (w.down() && w.synced()) {
                    w.relist();
                }
            }
        }
        if (!unsynced && !delivered) {
            changed();
        }
    }

    private void rebuild() {
        for (WatchedKind<?> w : always) {
            if (!w.synced()) {
                return; // the first sync completes later; checkWatches() retries
            }
        }
        // Start or stop the informers that only some states need, before reading the caches.
        boolean needAll = !networkPolicies.isEmpty();
        boolean needSecrets = bgpPeers.items().stream().anyMatch(p -> p instanceof BgpPeer b && b.getSpec() != null
                && b.getSpec().password != null);
        synchronized (this) {
            allPods.setRunning(needAll);
            secrets.setRunning(needSecrets);
        }
        if (needAll && !allPods.synced() || needSecrets && !secrets.synced()) {
            return;
        }
        List<Resource> resources = new ArrayList<>();
        for (WatchedKind<?> w : always) {
            if (w == nodePods && needAll) {
                continue;
            }
            w.addTo(resources, adapter);
        }
        if (needAll) {
            allPods.addTo(resources, adapter);
        }
        if (needSecrets) {
            secrets.addTo(resources, adapter);
        }
        deliver(parser.toState(resources, List.of()));
    }

    private void deliver(ClusterState next) {
        ClusterState prev = current;
        if (delivered && next.equals(prev)) {
            return;
        }
        for (Rejection r : next.rejections()) {
            if (!prev.rejections().contains(r)) {
                LOG.warn("rejected {}", r);
            }
        }
        if (closed) {
            return;
        }
        delivered = true;
        current = next;
        health.delivered();
        try {
            listener.accept(next);
        } catch (RuntimeException e) {
            health.error("listener failed: " + oneLine(e));
            LOG.error("datastore listener failed", e);
        }
    }

    static String oneLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** Stops every informer and the snapshot thread; the client is closed only if {@link #connect} made it. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        List<WatchedKind<?>> all;
        synchronized (this) {
            all = new ArrayList<>(always);
            if (allPods != null) {
                all.add(allPods);
                all.add(secrets);
            }
        }
        all.forEach(WatchedKind::stop);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsClient) {
            client.close();
        }
    }
}
