package dev.weft.agent.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The agent's local HTTP endpoint (plain HTTP, meant for 127.0.0.1):
 * <ul>
 *   <li>{@code GET /status} — JSON snapshot of the agent (sessions, routes, rejections);
 *   <li>{@code GET /metrics} — Prometheus text exposition format 0.0.4 (micrometer);
 *   <li>{@code GET /healthz} — 200 "ok" while healthy, 503 otherwise.
 * </ul>
 */
public final class StatusServer implements AutoCloseable {
    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper()
            .findAndRegisterModules()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /**
     * @param listen address and port to bind
     * @param status supplies the object serialised for {@code /status}
     * @param healthy health check for {@code /healthz}
     * @throws UncheckedIOException if the port cannot be bound
     */
    public StatusServer(InetSocketAddress listen, Supplier<Object> status, BooleanSupplier healthy,
            PrometheusMeterRegistry registry) {
        try {
            server = HttpServer.create(listen, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + listen, e);
        }
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "weft-status-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/status", ex -> reply(ex, 200, "application/json", json.writeValueAsBytes(status.get())));
        server.createContext("/metrics", ex -> reply(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                registry.scrape().getBytes(StandardCharsets.UTF_8)));
        server.createContext("/healthz", ex -> {
            boolean ok = healthy.getAsBoolean();
            reply(ex, ok ? 200 : 503, "text/plain", (ok ? "ok\n" : "unhealthy\n").getBytes(StandardCharsets.UTF_8));
        });
        server.start();
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void reply(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(code, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
