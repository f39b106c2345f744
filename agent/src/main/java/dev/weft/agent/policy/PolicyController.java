package dev.weft.agent.policy;

import dev.weft.agent.cni.PodPolicyHook;
import dev.weft.model.sync.DesiredState;
import dev.weft.policy.calc.PolicyEngine;
import dev.weft.policy.calc.PolicyResult;
import dev.weft.policy.calc.Rejection;
import dev.weft.policy.input.ClusterState;
import dev.weft.policy.input.LocalEndpointInfo;
import dev.weft.policy.input.PodInfo;
import dev.weft.policy.input.PodRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's NetworkPolicy dataplane equal to what the datastore and the local endpoints
 * imply: on every datastore state ({@link #onState}) and every local endpoint change (CNI ADD/DEL,
 * {@link #endpointAttached}/{@link #endpointDetached}) it requests a sync; one worker thread runs
 * {@link PolicyEngine#compute} over the latest inputs and hands the {@link DesiredState} to the
 * dataplane ({@code Consumer<DesiredState>}, e.g. {@link PolicyDataplanes#iptables}).
 *
 * <p><b>Coalescing</b> (kube-router's {@code RequestFullSync}): there is one pending-sync slot.
 * Requests arriving while a sync runs set the slot; the worker then does exactly one more sync over
 * the inputs as they are by then, however many requests came. A {@link #requestSync()} future
 * completes with the first sync that started after the request, so that sync saw every input change
 * made before it.
 *
 * <p><b>Nothing is applied before the first datastore state</b> (an empty state would sweep the
 * rules a previous agent left in force). Restore the endpoints wired before a restart with {@link
 * #restoreEndpoints} (e.g. from {@link LocalAttachment#fromLeases}) before the first state, for the
 * same reason. A state equal to the last one applied is not applied again (the dataplane repairs
 * drift with its own resync). A failed apply is logged and retried after {@code retryDelay}; the
 * rules last committed stay in force meanwhile.
 *
 * <p>Compute and apply times are logged per sync (INFO when something was applied, DEBUG
 * otherwise) and kept in {@link #lastSync()}. Thread-safe.
 */
public final class PolicyController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyController.class);

    private final String nodeName;
    private final Consumer<DesiredState> dataplane;
    private final Duration retryDelay;
    private final Thread worker;
    private final Object lock = new Object();
    private final PolicyInputCache inputCache = new PolicyInputCache();
    private volatile Observer observer = new Observer() {};

    // Guarded by lock.
    private ClusterState input;
    private List<InputRejection> inputRejections = List.of();
    private final Map<String, LocalAttachment> attachments = new LinkedHashMap<>();
    private boolean pending;
    /** nanoTime of the oldest datastore input not yet synced, or -1. */
    private long inputSinceNanos = -1;
    private List<CompletableFuture<SyncResult>> waiters = new ArrayList<>();
    private long retryAtNanos = -1;
    private boolean closed;

    // Worker thread only.
    private DesiredState applied;
    private List<Rejection> lastRejections = List.of();
    private long sequence;
    private volatile SyncResult last;

    /**
     * @param nodeName this node's Node name (for logs and the local Pods' check)
     * @param dataplane receives each new desired state on the controller's thread; throwing (e.g.
     *     {@code DataplaneException}) marks the sync failed
     * @param retryDelay wait before retrying a failed sync (e.g. 1 s)
     */
    public PolicyController(String nodeName, Consumer<DesiredState> dataplane, Duration retryDelay) {
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.dataplane = Objects.requireNonNull(dataplane, "dataplane");
        this.retryDelay = Objects.requireNonNull(retryDelay, "retryDelay");
        this.worker = new Thread(this::run, "weft-policy");
        this.worker.setDaemon(true);
    }

    /** A controller retrying failed syncs after 1 s. */
    public PolicyController(String nodeName, Consumer<DesiredState> dataplane) {
        this(nodeName, dataplane, Duration.ofSeconds(1));
    }

    /**
     * Instrumentation of the worker (metrics, liveness). Every method is called on the worker
     * thread and must return quickly; exceptions are logged and ignored.
     */
    public interface Observer {
        /** The worker is alive: called at least once a second while idle, and before each sync. */
        default void alive() {}

        /**
         * A sync completed.
         *
         * @param result the sync
         * @param inputAgeNanos time from the arrival of the oldest datastore state this sync took
         *     in ({@link #onState}/{@link #onPolicyInput}) to the end of its dataplane apply; -1 when
         *     the sync took in no new datastore state (endpoint change, retry)
         */
        default void synced(SyncResult result, long inputAgeNanos) {}

        /** A sync failed (the rules last programmed stay in force; it is retried). */
        default void failed(RuntimeException error) {}
    }

    /** Sets the observer (call before {@link #start()}). */
    public void setObserver(Observer observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    private void observe(Consumer<Observer> call) {
        try {
            call.accept(observer);
        } catch (RuntimeException e) {
            LOG.warn("policy controller observer failed", e);
        }
    }

    /** Starts the worker thread. */
    public PolicyController start() {
        worker.start();
        return this;
    }

    /**
     * Datastore listener: converts the Pods, Namespaces and NetworkPolicies (reusing the conversion
     * of unchanged objects) and requests a sync.
     */
    public void onState(dev.weft.agent.datastore.ClusterState state) {
        PolicyInputs.Result converted;
        synchronized (inputCache) {
            converted = inputCache.convert(state);
        }
        onPolicyInput(converted);
    }

    /** Takes a converted cluster state (any datastore) and requests a sync. */
    public void onPolicyInput(PolicyInputs.Result converted) {
        synchronized (lock) {
            input = converted.state();
            inputRejections = converted.rejections();
            if (inputSinceNanos < 0) {
                inputSinceNanos = System.nanoTime();
            }
            pending = true;
            lock.notifyAll();
        }
    }

    /** Endpoints wired before this controller existed (agent restart); call before the first state. */
    public void restoreEndpoints(Collection<LocalAttachment> restored) {
        synchronized (lock) {
            restored.forEach(a -> attachments.put(a.key(), a));
            pending = true;
            lock.notifyAll();
        }
    }

    /** A CNI ADD wired a Pod interface; requests a sync (use the future to wait for it). */
    public CompletableFuture<SyncResult> endpointAttached(LocalAttachment attachment) {
        synchronized (lock) {
            attachments.remove(attachment.key());
            attachments.put(attachment.key(), attachment); // most recent last: it wins for its Pod
            return requestLocked();
        }
    }

    /** A CNI DEL removed an attachment; unknown attachments are ignored. Requests a sync. */
    public CompletableFuture<SyncResult> endpointDetached(String containerId, String ifName) {
        synchronized (lock) {
            attachments.remove(containerId + "/" + ifName);
            return requestLocked();
        }
    }

    /**
     * Requests a sync.
     *
     * @return completes with the first sync that starts after this call, or exceptionally with the
     *     dataplane's exception if that sync fails ({@link CancellationException} on {@link #close})
     */
    public CompletableFuture<SyncResult> requestSync() {
        synchronized (lock) {
            return requestLocked();
        }
    }

    private CompletableFuture<SyncResult> requestLocked() {
        CompletableFuture<SyncResult> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new CancellationException("policy controller closed"));
            return f;
        }
        waiters.add(f);
        pending = true;
        lock.notifyAll();
        return f;
    }

    /**
     * Waits until the latest datastore state holds {@code pod} (the engine binds only endpoints
     * whose Pod object is known).
     *
     * @return false if {@code deadlineNanos} ({@link System#nanoTime()} clock) passed first
     */
    boolean awaitPod(PodRef pod, long deadlineNanos) throws InterruptedException {
        synchronized (lock) {
            while (!closed) {
                if (input != null && input.pods().stream().anyMatch(p -> p.ref().equals(pod))) {
                    return true;
                }
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return false;
        }
    }

    /**
     * True once a datastore state has arrived and it holds no NetworkPolicy in {@code namespace}:
     * then no policy can select that namespace's Pods (policies select Pods of their own namespace
     * only), whatever their labels. False before the first state (unknown: fail safe).
     */
    boolean noPolicyIn(String namespace) {
        synchronized (lock) {
            return input != null && input.policies().stream().noneMatch(p -> p.namespace().equals(namespace));
        }
    }

    /**
     * The CNI hook: on ADD, registers the endpoint and returns only once a sync that includes it has
     * been applied, within {@code timeout} (waiting for the Pod object too); otherwise throws {@link
     * PolicyNotProgrammedException}, so the ADD fails. On DEL, forgets the endpoint.
     */
    public PodPolicyHook podPolicyHook(Duration timeout) {
        return new CniPolicyHook(this, timeout);
    }

    /** The last completed sync, if any. */
    public Optional<SyncResult> lastSync() {
        return Optional.ofNullable(last);
    }

    /** This node's name. */
    public String nodeName() {
        return nodeName;
    }

    private void run() {
        while (true) {
            ClusterState state;
            List<LocalAttachment> eps;
            List<InputRejection> inputRej;
            List<CompletableFuture<SyncResult>> taken;
            long inputSince;
            synchronized (lock) {
                try {
                    while (!closed && !(pending && input != null)) {
                        observe(Observer::alive);
                        if (retryAtNanos >= 0) {
                            long left = retryAtNanos - System.nanoTime();
                            if (left <= 0) {
                                retryAtNanos = -1;
                                pending = true;
                                continue;
                            }
                            lock.wait(Math.max(1, left / 1_000_000));
                        } else {
                            lock.wait(1000); // wakes to beat the observer's heartbeat
                        }
                    }
                } catch (InterruptedException e) {
                    closed = true;
                }
                if (closed) {
                    waiters.forEach(f -> f.completeExceptionally(new CancellationException("policy controller closed")));
                    waiters = new ArrayList<>();
                    return;
                }
                pending = false;
                retryAtNanos = -1;
                taken = waiters;
                waiters = new ArrayList<>();
                state = input;
                eps = List.copyOf(attachments.values());
                inputRej = inputRejections;
                inputSince = inputSinceNanos;
                inputSinceNanos = -1;
            }
            observe(Observer::alive);
            try {
                SyncResult r = sync(state, eps, inputRej);
                last = r;
                long age = inputSince < 0 ? -1 : System.nanoTime() - inputSince;
                observe(o -> o.synced(r, age));
                taken.forEach(f -> f.complete(r));
            } catch (RuntimeException e) {
                observe(o -> o.failed(e));
                LOG.error("policy sync failed; the rules last programmed stay in force, retrying in {} ms",
                        retryDelay.toMillis(), e);
                taken.forEach(f -> f.completeExceptionally(e));
                synchronized (lock) {
                    retryAtNanos = System.nanoTime() + retryDelay.toNanos();
                    if (inputSince >= 0 && (inputSinceNanos < 0 || inputSince < inputSinceNanos)) {
                        inputSinceNanos = inputSince; // the retry still carries that input
                    }
                }
            }
        }
    }

    private SyncResult sync(ClusterState state, List<LocalAttachment> eps, List<InputRejection> inputRej) {
        Map<PodRef, LocalEndpointInfo> byPod = new LinkedHashMap<>();
        for (LocalAttachment a : eps) {
            LocalEndpointInfo previous = byPod.put(a.endpoint().pod(), a.endpoint());
            if (previous != null) {
                LOG.warn("Pod {} has several attachments on this node; using the latest ({})", a.endpoint().pod(),
                        a.endpoint().interfaceName());
            }
        }
        long t0 = System.nanoTime();
        PolicyResult result = PolicyEngine.compute(state, byPod.values());
        long t1 = System.nanoTime();
        DesiredState desired = result.desiredState();
        boolean changed = !desired.equals(applied);
        if (changed) {
            dataplane.accept(desired);
            applied = desired;
        }
        long t2 = System.nanoTime();
        sequence++;
        for (Rejection r : result.rejections()) {
            if (!lastRejections.contains(r)) {
                LOG.warn("NetworkPolicy {} rejected, not enforced: {}", r.policy(), r.reason());
            }
        }
        lastRejections = result.rejections();
        if (changed) {
            warnForeignPods(state, byPod);
            LOG.info("policy sync #{}: {} Pods, {} policies, {} local endpoints -> {} IP sets, {} policy chains, "
                            + "{} endpoint chains; compute {} ms, apply {} ms", sequence, state.pods().size(),
                    state.policies().size(), byPod.size(), desired.ipSets().size(), desired.policyChains().size(),
                    desired.endpointChains().size(), millis(t1 - t0), millis(t2 - t1));
        } else {
            LOG.debug("policy sync #{}: unchanged; compute {} ms", sequence, millis(t1 - t0));
        }
        return new SyncResult(sequence, desired, result.rejections(), inputRej, byPod.size(), changed,
                Duration.ofNanos(t1 - t0), changed ? Duration.ofNanos(t2 - t1) : Duration.ZERO);
    }

    private void warnForeignPods(ClusterState state, Map<PodRef, LocalEndpointInfo> local) {
        for (PodInfo p : state.pods()) {
            if (local.containsKey(p.ref()) && p.nodeName() != null && !p.nodeName().equals(nodeName)) {
                LOG.warn("Pod {} is wired on this node ({}) but spec.nodeName is {}", p.ref(), nodeName, p.nodeName());
            }
        }
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }

    /** Stops the worker; pending futures fail with {@link CancellationException}. The kernel is left as it is. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        if (Thread.currentThread() != worker && worker.isAlive()) {
            try {
                worker.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            waiters.forEach(f -> f.completeExceptionally(new CancellationException("policy controller closed")));
            waiters = new ArrayList<>();
        }
    }
}
