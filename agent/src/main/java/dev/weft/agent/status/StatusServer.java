package dev.weft.agent.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's local HTTP endpoint (plain HTTP/1.1, bound to 127.0.0.1:9099 by default):
 * <ul>
 *   <li>{@code GET /livez} — 200 {@code {"live":true,...}} while every loop of {@link Liveness}
 *       beats within its threshold; 503 with {@code "stale":[{"loop","ageSeconds","thresholdSeconds"}]}
 *       naming the stuck loops otherwise (Kubernetes liveness/startup probe);
 *   <li>{@code GET /readyz} — 200 {@code {"ready":true,"reasons":[]}} when every {@link Readiness}
 *       check passes; 503 with {@code "reasons":[{"check","reason"}]} otherwise (readiness probe);
 *   <li>{@code GET /metrics} — Prometheus text exposition format 0.0.4 (micrometer);
 *   <li>{@code GET /status} — JSON snapshot of the agent (sessions, routes, rejections);
 *   <li>{@code GET /healthz} — 200 "ok" while live, 503 "unhealthy" otherwise (kept for the lab).
 * </ul>
 * Any other path is 404, any method but GET/HEAD 405. Four daemon threads serve requests, so a
 * slow {@code /metrics} does not hold up a probe.
 */
public final class StatusServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);
    private static final String JSON = "application/json";

    private final HttpServer server;
    private final ExecutorService executor;
    private final ObjectMapper json = new ObjectMapper()
            .findAndRegisterModules()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /**
     * Binds and starts serving.
     *
     * @param listen address and port to bind (port 0: any free port, see {@link #port()})
     * @param status supplies the object serialised for {@code /status}
     * @param registry the meters scraped by {@code /metrics}
     * @param liveness loops checked by {@code /livez} and {@code /healthz}
     * @param readiness checks of {@code /readyz}
     * @param beforeScrape run before each scrape (e.g. to register meters of new BGP peers)
     * @throws UncheckedIOException if the address cannot be bound
     */
    public StatusServer(InetSocketAddress listen, Supplier<Object> status, PrometheusMeterRegistry registry,
            Liveness liveness, Readiness readiness, Runnable beforeScrape) {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(liveness, "liveness");
        Objects.requireNonNull(readiness, "readiness");
        Objects.requireNonNull(beforeScrape, "beforeScrape");
        try {
            server = HttpServer.create(listen, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + listen, e);
        }
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "weft-status-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        context("/status", ex -> reply(ex, 200, JSON, json.writeValueAsBytes(status.get())));
        context("/metrics", ex -> {
            beforeScrape.run();
            reply(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape().getBytes(StandardCharsets.UTF_8));
        });
        context("/livez", ex -> {
            List<Liveness.Stale> stale = liveness.stale();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("live", stale.isEmpty());
            List<Map<String, Object>> loops = new ArrayList<>();
            for (Liveness.Stale s : stale) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("loop", s.loop());
                m.put("ageSeconds", s.age().toMillis() / 1000.0);
                m.put("thresholdSeconds", s.threshold().toMillis() / 1000.0);
                loops.add(m);
            }
            body.put("stale", loops);
            Map<String, Object> ages = new LinkedHashMap<>();
            liveness.ages().forEach((k, v) -> ages.put(k, v.toMillis() / 1000.0));
            body.put("heartbeatAgeSeconds", ages);
            reply(ex, stale.isEmpty() ? 200 : 503, JSON, json.writeValueAsBytes(body));
        });
        context("/readyz", ex -> {
            List<Readiness.Reason> reasons = readiness.reasons();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ready", reasons.isEmpty());
            body.put("reasons", reasons);
            reply(ex, reasons.isEmpty() ? 200 : 503, JSON, json.writeValueAsBytes(body));
        });
        context("/healthz", ex -> {
            boolean ok = liveness.stale().isEmpty();
            reply(ex, ok ? 200 : 503, "text/plain", (ok ? "ok\n" : "unhealthy\n").getBytes(StandardCharsets.UTF_8));
        });
        server.start();
    }

    private void context(String path, HttpHandler handler) {
        server.createContext(path, ex -> {
            try (ex) {
                if (!ex.getRequestURI().getPath().equals(path)) {
                    reply(ex, 404, "text/plain", "not found\n".getBytes(StandardCharsets.UTF_8));
                } else if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                    ex.getResponseHeaders().set("Allow", "GET, HEAD");
                    reply(ex, 405, "text/plain", "method not allowed\n".getBytes(StandardCharsets.UTF_8));
                } else {
                    handler.handle(ex);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("status endpoint {} failed: {}", path, e.toString());
                try {
                    reply(ex, 500, "text/plain", ("error: " + e + "\n").getBytes(StandardCharsets.UTF_8));
                } catch (IOException | RuntimeException ignored) {
                    // headers already sent or the client went away
                }
            }
        });
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void reply(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(code, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
