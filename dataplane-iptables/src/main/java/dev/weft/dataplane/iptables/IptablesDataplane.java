package dev.weft.dataplane.iptables;

import dev.weft.dataplane.iptables.ipset.DesiredKernelSet;
import dev.weft.dataplane.iptables.ipset.IpSetManager;
import dev.weft.dataplane.iptables.ipset.IpSetPort;
import dev.weft.dataplane.iptables.ipset.LibIpSetPort;
import dev.weft.dataplane.iptables.ipset.RestoreIpSetPort;
import dev.weft.dataplane.iptables.rules.FilterTable;
import dev.weft.dataplane.iptables.rules.IptablesBackend;
import dev.weft.dataplane.iptables.rules.RenderedFilter;
import dev.weft.dataplane.iptables.rules.RuleRenderer;
import dev.weft.model.ipset.IpFamily;
import dev.weft.model.ipset.IpSet;
import dev.weft.model.sync.DesiredState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Weft's NetworkPolicy dataplane on iptables and ipset: the entry point the agent calls.
 *
 * <p>{@link #apply(DesiredState)} converges the kernel to a desired state, in this order:
 * <ol>
 *   <li>render both families' {@code filter} tables (pure; a bad state is refused here, before
 *       anything is touched);
 *   <li>IP sets: create missing {@code weft-*} sets and fix members (one port call; big changes
 *       through a temporary set and swap);
 *   <li>iptables: one {@code iptables-restore --noflush} transaction per family, holding only the
 *       chains whose rule hashes differ from what is programmed (and missing jump rules);
 *   <li>IP sets: destroy the {@code weft-*} sets no longer wanted (now unreferenced).
 * </ol>
 * Nothing is issued when nothing differs. Only Weft's own objects are touched: chains
 * {@code WEFT-*}, sets {@code weft-*} and the {@code weft:}-commented jump rules at the top of
 * filter {@code INPUT}, {@code FORWARD} and {@code OUTPUT}. The first apply reads the kernel back
 * and sweeps away Weft objects left by an earlier run (mark and sweep).
 *
 * <p>Failures are retried {@link DataplaneConfig#maxAttempts()} times with doubling backoff,
 * re-reading the kernel before each retry; then {@link DataplaneException} is thrown. The dataplane
 * fails closed: each table transaction is atomic, so the rules in force are the last committed ones
 * (never a flushed, open table).
 *
 * <p>{@link #resync()} reads everything back ({@code ipset save}/list, {@code iptables-save}) and
 * repairs drift (a deleted rule, chain, jump or set member). Call it periodically, or use
 * {@link #startPeriodicResync(Duration, Consumer)}.
 *
 * <p>Thread-safe: calls are serialised.
 */
public final class IptablesDataplane implements AutoCloseable {
    private final DataplaneConfig config;
    private final IptablesBackend backend;
    private final RuleRenderer renderer;
    private final IpSetPort ipSetPort;
    private final IpSetManager ipSets;
    private final Map<IpFamily, FilterTable> tables = new EnumMap<>(IpFamily.class);
    private DesiredState desired;
    /** The state the kernel was last converged to without error (null after a failure). */
    private DesiredState converged;
    /** Kernel sets of the previous apply's IP sets: unchanged sets are not re-canonicalised. */
    private Map<IpSet, List<DesiredKernelSet>> setCache = new HashMap<>();
    private ScheduledExecutorService timer;

    private IptablesDataplane(DataplaneConfig config, IptablesBackend backend, IpSetPort port) {
        this.config = config;
        this.backend = backend;
        this.renderer = new RuleRenderer(config.interfacePrefix(), config.allowMark());
        this.ipSetPort = port;
        this.ipSets = new IpSetManager(port, config.replaceThreshold());
        tables.put(IpFamily.V4, new FilterTable(IpFamily.V4, backend, config.runner()));
        if (config.ipv6()) {
            tables.put(IpFamily.V6, new FilterTable(IpFamily.V6, backend, config.runner()));
        }
    }

    /**
     * Creates a dataplane; detects the iptables back end if the config does not fix one. Touches
     * nothing in the kernel (the first {@link #apply} does). If libipset is chosen but cannot be
     * loaded, the {@code ipset restore} implementation is used instead; {@link
     * #ipSetImplementation()} tells which one is in use (log it).
     */
    public static IptablesDataplane create(DataplaneConfig config) {
        Objects.requireNonNull(config, "config");
        IptablesBackend backend = config.backend() != null ? config.backend() : IptablesBackend.detect(config.runner());
        IpSetPort port = new RestoreIpSetPort(config.runner());
        if (config.ipSets() == IpSetImplementation.LIBIPSET) {
            try {
                port = LibIpSetPort.open(config.runner().netns() == null ? null : Path.of("/var/run/netns", config.runner().netns()));
            } catch (IllegalStateException e) {
                // libipset13 missing or the namespace unusable in process: the ipset tool still works.
                port = new RestoreIpSetPort(config.runner());
            }
        }
        return new IptablesDataplane(config, backend, port);
    }

    /**
     * What one {@link #apply}/{@link #resync} did.
     *
     * @param ipSetOps ipset commands issued in phase 1 (0: no port call)
     * @param restoredFamilies families whose filter table got a restore transaction
     * @param setsDestroyed sets destroyed in phase 3
     * @param attempts attempts used (1 = no retry)
     * @param warnings non-fatal problems (e.g. a stale set still referenced by a foreign rule)
     */
    public record ApplyResult(int ipSetOps, List<IpFamily> restoredFamilies, int setsDestroyed, int attempts, List<String> warnings) {
        public ApplyResult {
            restoredFamilies = List.copyOf(restoredFamilies);
            warnings = List.copyOf(warnings);
        }

        /** True if nothing was written to the kernel. */
        public boolean unchanged() {
            return ipSetOps == 0 && restoredFamilies.isEmpty() && setsDestroyed == 0;
        }
    }

    /**
     * Converges the kernel to {@code state} (see the class comment for the order).
     *
     * @throws IllegalArgumentException if {@code state} cannot be rendered (e.g. an endpoint
     *     interface without the configured prefix); nothing was touched
     * @throws DataplaneException if programming failed after every retry; the old rules stay
     */
    public synchronized ApplyResult apply(DesiredState state) {
        Objects.requireNonNull(state, "state");
        if (state.equals(converged)) {
            // Same state as the last successful convergence: nothing to render, diff or issue.
            desired = state;
            return new ApplyResult(0, List.of(), 0, 1, List.of());
        }
        Map<IpFamily, RenderedFilter> rendered = new EnumMap<>(IpFamily.class);
        for (IpFamily f : tables.keySet()) {
            rendered.put(f, renderer.render(state, f));
        }
        ApplyResult r = converge(state, rendered, false);
        desired = state;
        return r;
    }

    /**
     * Reads the kernel back and repairs any difference from the last applied state (drift). Before
     * the first {@link #apply} it does nothing.
     *
     * @throws DataplaneException as {@link #apply}
     */
    public synchronized ApplyResult resync() {
        if (desired == null) {
            return new ApplyResult(0, List.of(), 0, 0, List.of());
        }
        Map<IpFamily, RenderedFilter> rendered = new EnumMap<>(IpFamily.class);
        for (IpFamily f : tables.keySet()) {
            rendered.put(f, renderer.render(desired, f));
        }
        return converge(desired, rendered, true);
    }

    private Map<String, DesiredKernelSet> kernelSets(DesiredState state) {
        Map<IpSet, List<DesiredKernelSet>> cache = new HashMap<>();
        Map<String, DesiredKernelSet> out = new TreeMap<>();
        for (IpSet set : state.ipSets().values()) {
            List<DesiredKernelSet> k = setCache.get(set);
            if (k == null) {
                k = DesiredKernelSet.of(set);
            }
            cache.put(set, k);
            k.forEach(d -> out.put(d.name(), d));
        }
        setCache = cache;
        return out;
    }

    private ApplyResult converge(DesiredState state, Map<IpFamily, RenderedFilter> rendered, boolean readBack) {
        converged = null;
        Map<String, DesiredKernelSet> sets = kernelSets(state);
        Duration backoff = config.initialBackoff();
        RuntimeException last = null;
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            boolean fresh = readBack || attempt > 1;
            try {
                int ops = ipSets.applyUpdates(sets, fresh);
                List<IpFamily> restored = new ArrayList<>();
                for (Map.Entry<IpFamily, FilterTable> e : tables.entrySet()) {
                    if (e.getValue().apply(rendered.get(e.getKey()), fresh)) {
                        restored.add(e.getKey());
                    }
                }
                int destroyed = ipSets.applyDeletions(sets);
                converged = state;
                return new ApplyResult(ops, restored, destroyed, attempt, ipSets.lastDeleteFailures());
            } catch (RuntimeException e) {
                last = e;
                ipSets.invalidate();
                tables.values().forEach(FilterTable::invalidate);
                if (attempt < config.maxAttempts()) {
                    sleep(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(2)) > 0 ? Duration.ofSeconds(2) : backoff.multipliedBy(2);
                }
            }
        }
        throw new DataplaneException("dataplane apply failed after " + config.maxAttempts() + " attempts; the last committed rules stay in force: "
                + last.getMessage(), last);
    }

    /**
     * Starts a daemon timer calling {@link #resync()} every {@code period}; failures go to
     * {@code onFailure} (and the timer keeps running). Replaces an earlier timer.
     */
    public synchronized void startPeriodicResync(Duration period, Consumer<RuntimeException> onFailure) {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(onFailure, "onFailure");
        stopTimer();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "weft-iptables-resync");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(1, period.toMillis());
        timer.scheduleWithFixedDelay(() -> {
            try {
                resync();
            } catch (RuntimeException e) {
                onFailure.accept(e);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** The iptables back end in use. */
    public IptablesBackend backend() {
        return backend;
    }

    /** The name of the IP set implementation in use ({@code ipset-restore} or {@code libipset}). */
    public String ipSetImplementation() {
        return ipSetPort.name();
    }

    /** The last state passed to {@link #apply}, or null. */
    public synchronized DesiredState desired() {
        return desired;
    }

    /** The rendering of {@code state} for {@code family}, as a full restore input (diagnostics, weftctl). */
    public synchronized String render(DesiredState state, IpFamily family) {
        return renderer.render(state, family).fullRestoreInput();
    }

    /** Stops the resync timer and releases the IP set port. Leaves the kernel as it is (policy stays enforced). */
    @Override
    public synchronized void close() {
        stopTimer();
        ipSetPort.close();
    }

    private void stopTimer() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
