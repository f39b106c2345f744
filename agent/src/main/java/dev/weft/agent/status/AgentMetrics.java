package dev.weft.agent.status;

import dev.weft.agent.cni.CniServer;
import dev.weft.agent.policy.PolicyController;
import dev.weft.agent.policy.SyncResult;
import dev.weft.common.net.IpPrefix;
import dev.weft.ipam.Ipam;
import dev.weft.ipam.Lease;
import dev.weft.agent.datastore.DatastoreHealth;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The agent's meters outside BGP ({@link BgpMetrics}) and the dataplane commands ({@link
 * DataplaneCommandMetrics}). Names follow the Prometheus conventions: {@code weft_} prefix, base
 * units in the name, counters end in {@code _total} (added by the registry), histograms in seconds.
 *
 * <ul>
 *   <li>{@code weft_policy_programming_latency_seconds} (histogram) — from the arrival of a datastore
 *       state at the NetworkPolicy controller to the end of the kernel apply it caused;
 *   <li>{@code weft_policy_compute_duration_seconds}, {@code weft_policy_apply_duration_seconds}
 *       (histograms) — engine compute per sync, dataplane apply per changed sync;
 *   <li>{@code weft_policy_syncs_total}, {@code weft_policy_sync_failures_total};
 *   <li>{@code weft_cni_request_duration_seconds{command}} (histogram) and {@code
 *       weft_cni_errors_total{command,code}} — CNI calls served by the agent (code: CNI error code);
 *   <li>{@code weft_ipam_addresses_in_use{cidr}}, {@code weft_ipam_addresses_free} (in the family
 *       with the fewest free addresses);
 *   <li>{@code weft_datastore_synced}, {@code weft_datastore_outage}, {@code weft_datastore_outage_seconds},
 *       {@code weft_datastore_last_sync_timestamp_seconds}, {@code weft_datastore_snapshots_total};
 *   <li>{@code weft_loop_heartbeat_age_seconds{loop}} — time since each loop's last heartbeat.
 * </ul>
 */
public final class AgentMetrics {
    /** Histogram bucket bounds shared by the agent's latency histograms: 1 ms … 60 s. */
    static final Duration[] BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)
    };
    /** CNI commands kept as label values; anything else is {@code other}. */
    private static final Set<String> CNI_COMMANDS = Set.of("ADD", "DEL", "CHECK", "GC", "STATUS", "VERSION");

    private final MeterRegistry registry;
    private final List<Object> keep = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Timer programming;
    private final Timer compute;
    private final Timer apply;
    private final Counter syncs;
    private final Counter syncFailures;

    /** Registers the policy meters in {@code registry}; the others are registered by the bind methods. */
    public AgentMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        programming = histogram("weft_policy_programming_latency",
                "Time from a datastore change reaching the NetworkPolicy controller to its rules being in the kernel");
        compute = histogram("weft_policy_compute_duration", "NetworkPolicy engine compute time per sync");
        apply = histogram("weft_policy_apply_duration", "NetworkPolicy dataplane apply time per sync that changed the kernel");
        syncs = Counter.builder("weft_policy_syncs").description("Completed NetworkPolicy syncs").register(registry);
        syncFailures = Counter.builder("weft_policy_sync_failures")
                .description("Failed NetworkPolicy syncs (the rules last programmed stay in force)").register(registry);
    }

    private Timer histogram(String name, String help) {
        return Timer.builder(name).description(help).serviceLevelObjectives(BUCKETS).register(registry);
    }

    /**
     * The NetworkPolicy controller's observer: records the meters above and beats {@code heartbeat}.
     */
    public PolicyController.Observer policyObserver(Heartbeat heartbeat) {
        Objects.requireNonNull(heartbeat, "heartbeat");
        return new PolicyController.Observer() {
            @Override
            public void alive() {
                heartbeat.beat();
            }

            @Override
            public void synced(SyncResult r, long inputAgeNanos) {
                heartbeat.beat();
                syncs.increment();
                compute.record(r.computeTime());
                if (r.applied()) {
                    apply.record(r.applyTime());
                    if (inputAgeNanos >= 0) {
                        programming.record(inputAgeNanos, TimeUnit.NANOSECONDS);
                    }
                }
            }

            @Override
            public void failed(RuntimeException error) {
                heartbeat.beat();
                syncFailures.increment();
            }
        };
    }

    /** The CNI server's observer: request durations by command, errors by command and code. */
    public CniServer.CallObserver cniObserver() {
        return (command, nanos, code) -> {
            String c = CNI_COMMANDS.contains(command) ? command : "other";
            Timer.builder("weft_cni_request_duration").tag("command", c)
                    .description("Duration of CNI calls served by the agent")
                    .serviceLevelObjectives(BUCKETS).register(registry).record(nanos, TimeUnit.NANOSECONDS);
            if (code >= 0) {
                Counter.builder("weft_cni_errors").tags("command", c, "code", Integer.toString(code))
                        .description("CNI calls answered with an error, by CNI error code").register(registry).increment();
            }
        };
    }

    /** IPAM gauges of the node's store (read from disk at each scrape). */
    public void bindIpam(Ipam ipam) {
        Objects.requireNonNull(ipam, "ipam");
        for (IpPrefix cidr : ipam.podCidrs()) {
            Gauge.builder("weft_ipam_addresses_in_use", () -> inUse(ipam.leases(), cidr))
                    .tag("cidr", cidr.toString()).description("Leased Pod addresses in the Pod CIDR").register(registry);
        }
        Gauge.builder("weft_ipam_addresses_free", () -> ipam.freeAddresses().doubleValue())
                .description("Free Pod addresses in the address family with the fewest").register(registry);
    }

    private static long inUse(List<Lease> leases, IpPrefix cidr) {
        return leases.stream().filter(l -> l.cidr().equals(cidr)).count();
    }

    /**
     * Datastore gauges: {@code weft_datastore_synced} (1 once the first complete snapshot was
     * delivered), {@code weft_datastore_outage} (1 while the source cannot be read and the last
     * known state is in force), {@code weft_datastore_outage_seconds} (length of the current
     * outage, 0 when none), {@code weft_datastore_last_sync_timestamp_seconds} (Unix time of the
     * last confirmed complete view, NaN before) and the counter {@code weft_datastore_snapshots_total}.
     */
    public void bindDatastore(Supplier<DatastoreHealth> health, Clock clock) {
        Objects.requireNonNull(health, "health");
        Gauge.builder("weft_datastore_synced", () -> health.get().synced() ? 1 : 0)
                .description("1 once the datastore delivered a complete first snapshot").register(registry);
        Gauge.builder("weft_datastore_outage", () -> health.get().outage() ? 1 : 0)
                .description("1 while the datastore cannot be read (the last known state stays in force)").register(registry);
        Gauge.builder("weft_datastore_outage_seconds", () -> health.get().outageSince()
                        .map(t -> Math.max(0, Duration.between(t, clock.instant()).toMillis() / 1000.0)).orElse(0.0))
                .description("Length of the current datastore outage, 0 when none").register(registry);
        Gauge.builder("weft_datastore_last_sync_timestamp_seconds", () -> health.get().lastSync()
                        .map(t -> t.toEpochMilli() / 1000.0).orElse(Double.NaN))
                .description("Unix time the datastore's view was last confirmed complete and current").register(registry);
        keep.add(health); // meters hold their object weakly
        FunctionCounter.builder("weft_datastore_snapshots", health, h -> h.get().snapshots())
                .description("Snapshots the datastore delivered (changes only)").register(registry);
    }

    /** {@code weft_loop_heartbeat_age_seconds{loop}} for every loop registered in {@code liveness} so far. */
    public void bindLiveness(Liveness liveness) {
        for (String loop : liveness.ages().keySet()) {
            Gauge.builder("weft_loop_heartbeat_age_seconds",
                            () -> liveness.ages().getOrDefault(loop, Duration.ZERO).toMillis() / 1000.0)
                    .tag("loop", loop).description("Time since the agent loop's last heartbeat").register(registry);
        }
    }
}
