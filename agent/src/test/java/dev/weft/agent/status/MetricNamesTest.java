package dev.weft.agent.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.agent.admin.LiveAgentFixture;
import dev.weft.agent.datastore.DirectoryDatastore;
import dev.weft.agent.policy.PolicyController;
import dev.weft.dataplane.iptables.exec.CommandRunner;
import dev.weft.model.sync.DesiredState;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Binds every agent meter to real parts (a BGP session on loopback, an IPAM store, the directory
 * datastore, a policy controller, a failing dataplane command), scrapes {@code /metrics} over HTTP
 * and checks the exposition against the Prometheus naming conventions.
 */
class MetricNamesTest {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    @TempDir
    static Path dir;

    static LiveAgentFixture agent;
    static String exposition;
    /** Family name (as in {@code # TYPE}) → type. */
    static final Map<String, String> types = new TreeMap<>();
    static final List<String> samples = new ArrayList<>();

    @BeforeAll
    static void scrape() throws Exception {
        agent = new LiveAgentFixture(dir);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AgentMetrics metrics = new AgentMetrics(registry);
        Liveness liveness = new Liveness();

        // NetworkPolicy: a real controller over the datastore's state, its dataplane recording the states.
        List<DesiredState> applied = new CopyOnWriteArrayList<>();
        PolicyController policy = new PolicyController("node-1", applied::add);
        policy.setObserver(metrics.policyObserver(liveness.register("policy", Duration.ofSeconds(60))));
        policy.start();
        DirectoryDatastore store = new DirectoryDatastore(agent.datastoreDir, policy::onState, Duration.ofMillis(50),
                Duration.ofSeconds(5)).start();
        // The state was delivered by start(): the first sync after this request has seen it.
        policy.requestSync().get(30, TimeUnit.SECONDS);
        assertThat(applied).hasSize(1);

        metrics.bindIpam(agent.ipam);
        metrics.bindDatastore(store::health, Clock.systemUTC());
        metrics.cniObserver().completed("ADD", 12_000_000, -1);
        metrics.cniObserver().completed("DEL", 3_000_000, 7);
        metrics.cniObserver().completed("BOGUS", 1_000, 4);

        // Dataplane commands that really run and fail (read-only, nothing changes in the kernel).
        CommandRunner runner = new DataplaneCommandMetrics(CommandRunner.local(), registry);
        assertThat(runner.run(List.of("ipset", "list", "weft-metric-names-test-no-such-set"), null).ok()).isFalse();
        assertThatThrownBy(() -> runner.run(List.of("/nonexistent/iptables-restore", "--noflush"), "COMMIT\n"))
                .isInstanceOf(UncheckedIOException.class);

        BgpMetrics bgp = new BgpMetrics(registry, agent.node::peers, Clock.systemUTC());
        metrics.bindLiveness(liveness);
        try (StatusServer server = new StatusServer(new InetSocketAddress("127.0.0.1", 0), Map::of, registry, liveness,
                new Readiness(), bgp::refresh)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            exposition = r.body();
        } finally {
            store.close();
            policy.close();
        }
        for (String line : exposition.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] f = line.split(" ");
                types.put(f[2], f[3]);
            } else if (!line.startsWith("#") && !line.isBlank()) {
                samples.add(line);
            }
        }
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    private static String sampleName(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        return line.substring(0, brace >= 0 && brace < space ? brace : space);
    }

    @Test
    void everyFamilyFollowsThePrometheusConventions() {
        assertThat(types).isNotEmpty();
        types.forEach((name, type) -> {
            assertThat(name).as("name").startsWith("weft_").matches(NAME);
            assertThat(name).as("unit once: " + name).doesNotContain("_seconds_seconds").doesNotContain("millis")
                    .doesNotEndWith("_ms");
            switch (type) {
                case "counter" -> assertThat(name).as("counter " + name).endsWith("_total");
                case "histogram" -> assertThat(name).as("histogram " + name).endsWith("_seconds");
                case "gauge" -> {
                    assertThat(name).as("gauge " + name).doesNotEndWith("_total");
                    if (name.endsWith("_seconds_max")) {
                        // micrometer's companion of a timer: the histogram family must exist
                        assertThat(types).as("histogram of " + name)
                                .containsEntry(name.substring(0, name.length() - 4), "histogram");
                        return;
                    }
                    if (name.contains("seconds")) {
                        assertThat(name).as("gauge " + name).endsWith("_seconds");
                    }
                }
                default -> throw new AssertionError("unexpected type " + type + " of " + name);
            }
        });
        for (String s : samples) {
            String name = sampleName(s);
            assertThat(name).startsWith("weft_").matches(NAME);
            assertThat(types.keySet()).as("family of " + name)
                    .anyMatch(f -> name.equals(f) || name.equals(f + "_bucket") || name.equals(f + "_count")
                            || name.equals(f + "_sum") || name.equals(f + "_max"));
        }
    }

    @Test
    void theIssueMetricsAreAllThere() {
        assertThat(types).containsKeys(
                "weft_bgp_peers", "weft_bgp_peers_established", "weft_bgp_session_state",
                "weft_bgp_session_established_seconds", "weft_bgp_session_flaps_total",
                "weft_bgp_prefixes_received", "weft_bgp_prefixes_advertised",
                "weft_bgp_updates_received_total", "weft_bgp_updates_sent_total",
                "weft_policy_programming_latency_seconds", "weft_policy_compute_duration_seconds",
                "weft_policy_apply_duration_seconds", "weft_policy_syncs_total", "weft_policy_sync_failures_total",
                "weft_ipset_duration_seconds", "weft_ipset_failures_total",
                "weft_iptables_restore_duration_seconds", "weft_iptables_restore_failures_total",
                "weft_cni_request_duration_seconds", "weft_cni_errors_total",
                "weft_ipam_addresses_in_use", "weft_ipam_addresses_free",
                "weft_datastore_synced", "weft_datastore_outage", "weft_datastore_outage_seconds",
                "weft_datastore_last_sync_timestamp_seconds", "weft_datastore_snapshots_total",
                "weft_loop_heartbeat_age_seconds");
    }

    @Test
    void bgpSeriesDescribeTheLoopbackSession() {
        assertThat(samples).contains(
                "weft_bgp_peers 1.0",
                "weft_bgp_peers_established 1.0",
                "weft_bgp_session_state{peer=\"10.0.0.1\",peer_as=\"65000\",state=\"Established\"} 1.0",
                "weft_bgp_session_state{peer=\"10.0.0.1\",peer_as=\"65000\",state=\"Idle\"} 0.0",
                "weft_bgp_prefixes_received{peer=\"10.0.0.1\",peer_as=\"65000\"} 1.0",
                "weft_bgp_prefixes_advertised{peer=\"10.0.0.1\",peer_as=\"65000\"} 1.0",
                "weft_bgp_session_flaps_total{peer=\"10.0.0.1\",peer_as=\"65000\"} 0.0");
        assertThat(samples).filteredOn(s -> s.startsWith("weft_bgp_session_state{")).hasSize(6);
    }

    @Test
    void policyCniIpamAndDataplaneSeriesHaveTheirValues() {
        assertThat(samples).contains(
                "weft_policy_programming_latency_seconds_count 1",
                "weft_cni_request_duration_seconds_count{command=\"ADD\"} 1",
                "weft_cni_errors_total{code=\"7\",command=\"DEL\"} 1.0",
                "weft_cni_errors_total{code=\"4\",command=\"other\"} 1.0",
                "weft_ipam_addresses_in_use{cidr=\"10.244.1.0/24\"} 2.0",
                "weft_ipam_addresses_free 251.0",
                "weft_ipset_failures_total{operation=\"list\"} 1.0",
                "weft_iptables_restore_failures_total{family=\"ipv4\"} 1.0",
                "weft_datastore_synced 1.0",
                "weft_datastore_outage 0.0",
                "weft_datastore_snapshots_total 1.0");
        assertThat(samples).anyMatch(s -> s.startsWith("weft_policy_programming_latency_seconds_bucket{le=\"0.001\"}"));
        assertThat(samples).anyMatch(s -> s.startsWith("weft_loop_heartbeat_age_seconds{loop=\"policy\"}"));
    }
}
