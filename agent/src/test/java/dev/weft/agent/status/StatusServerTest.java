package dev.weft.agent.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every endpoint of the health/metrics server over real HTTP on 127.0.0.1. */
class StatusServerTest {
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final Liveness liveness = new Liveness(clock::get);
    private final Readiness readiness = new Readiness();
    private final AtomicReference<Optional<String>> datastore = new AtomicReference<>(Optional.of("datastore dir:/x not synced yet"));
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicLong scrapes = new AtomicLong();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private Heartbeat policy;
    private StatusServer server;

    @BeforeEach
    void start() {
        policy = liveness.register("policy", Duration.ofSeconds(60));
        liveness.register("datastore", Duration.ofSeconds(30));
        readiness.add("datastore", datastore::get);
        readiness.add("bgp", Optional::empty);
        Counter.builder("weft_test_things").register(registry).increment(3);
        server = new StatusServer(new InetSocketAddress("127.0.0.1", 0), () -> Map.of("node", "node-1"), registry,
                liveness, readiness, scrapes::incrementAndGet);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void livezIsOkWhileEveryLoopBeatsAndNamesTheStaleLoopOtherwise() throws Exception {
        HttpResponse<String> ok = get("/livez");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json.readTree(ok.body()).path("live").asBoolean()).isTrue();

        clock.addAndGet(Duration.ofSeconds(45).toNanos());
        policy.beat();
        HttpResponse<String> stale = get("/livez");
        assertThat(stale.statusCode()).isEqualTo(503);
        JsonNode body = json.readTree(stale.body());
        assertThat(body.path("live").asBoolean()).isFalse();
        assertThat(body.path("stale")).hasSize(1);
        assertThat(body.path("stale").get(0).path("loop").asText()).isEqualTo("datastore");
        assertThat(body.path("stale").get(0).path("ageSeconds").asDouble()).isEqualTo(45.0);
        assertThat(body.path("stale").get(0).path("thresholdSeconds").asDouble()).isEqualTo(30.0);
        assertThat(body.path("heartbeatAgeSeconds").path("policy").asDouble()).isZero();
        assertThat(get("/healthz").statusCode()).isEqualTo(503);
    }

    @Test
    void readyzListsTheReasonsUntilEveryCheckPasses() throws Exception {
        HttpResponse<String> notReady = get("/readyz");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = json.readTree(notReady.body());
        assertThat(body.path("ready").asBoolean()).isFalse();
        assertThat(body.path("reasons")).hasSize(1);
        assertThat(body.path("reasons").get(0).path("check").asText()).isEqualTo("datastore");
        assertThat(body.path("reasons").get(0).path("reason").asText()).isEqualTo("datastore dir:/x not synced yet");

        datastore.set(Optional.empty());
        HttpResponse<String> ready = get("/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json.readTree(ready.body()).path("reasons")).isEmpty();
    }

    @Test
    void aThrowingReadinessCheckIsAReason() throws Exception {
        readiness.add("routing", () -> {
            throw new IllegalStateException("BGP speaker thread did not answer in 30 s");
        });
        datastore.set(Optional.empty());
        JsonNode body = json.readTree(get("/readyz").body());
        assertThat(body.path("reasons").get(0).path("reason").asText())
                .isEqualTo("check failed: BGP speaker thread did not answer in 30 s");
    }

    @Test
    void metricsIsThePrometheusTextFormatAndRefreshesFirst() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(r.body()).contains("# TYPE weft_test_things_total counter", "weft_test_things_total 3.0");
        assertThat(scrapes.get()).isEqualTo(1);
    }

    @Test
    void statusAndHealthzKeepWorking() throws Exception {
        HttpResponse<String> s = get("/status");
        assertThat(s.statusCode()).isEqualTo(200);
        assertThat(json.readTree(s.body()).path("node").asText()).isEqualTo("node-1");
        HttpResponse<String> h = get("/healthz");
        assertThat(h.statusCode()).isEqualTo(200);
        assertThat(h.body()).isEqualTo("ok\n");
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        assertThat(get("/livezz").statusCode()).isEqualTo(404);
        assertThat(get("/").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/readyz"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }
}
