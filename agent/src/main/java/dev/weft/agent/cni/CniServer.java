package dev.weft.agent.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's end of the {@code weft} plugin protocol: a Unix stream socket where each
 * connection carries one request frame and gets one response frame (format in
 * {@code dev.weft.agent.cni} package documentation, identical to the plugin's). Requests are
 * served by a fixed pool of platform threads; one accept thread.
 *
 * <p>Example: {@code CniServer s = CniServer.start(Path.of("/var/run/weft/cni.sock"), handler); …
 * s.close();}
 */
public final class CniServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CniServer.class);
    /** Largest frame accepted: 16 MiB (the plugin's limit too). */
    static final int MAX_FRAME = 16 << 20;
    /** Worker threads: CNI calls are I/O bound and runtimes run a few in parallel. */
    static final int WORKERS = 8;
    /** How long a client may take to send its request frame before the connection is closed. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final Path socket;
    private final CniHandler handler;
    private final ServerSocketChannel server;
    private final ExecutorService workers;
    private final Thread acceptor;
    private final ScheduledExecutorService timeouts;
    private final Duration requestTimeout;
    private final ObjectMapper json = new ObjectMapper();
    private volatile CallObserver observer = CallObserver.NO_OP;
    private volatile boolean closed;

    /** Instrumentation of served requests (metrics). Called on a worker thread; must return quickly. */
    @FunctionalInterface
    public interface CallObserver {
        /** Ignores every call. */
        CallObserver NO_OP = (command, nanos, errorCode) -> {};

        /**
         * One request was answered.
         *
         * @param command {@code CNI_COMMAND} as received (e.g. {@code ADD}), or the empty string
         * @param nanos time from the decoded request to the response (the handler's work)
         * @param errorCode the CNI error code of a failed call (CNI SPEC §Error), or -1 on success
         */
        void completed(String command, long nanos, int errorCode);
    }

    /** Sets the observer of served requests. */
    public void setObserver(CallObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /**
     * Liveness probe: completes once a worker thread ran a no-op task; fails at once if the accept
     * thread has died or the server is closed. A probe that never completes means every worker is
     * stuck.
     */
    public java.util.concurrent.CompletableFuture<Void> probe() {
        if (closed || !acceptor.isAlive()) {
            return java.util.concurrent.CompletableFuture.failedFuture(
                    new IllegalStateException("CNI server " + (closed ? "closed" : "accept thread died")));
        }
        return java.util.concurrent.CompletableFuture.runAsync(() -> {}, workers);
    }

    private CniServer(Path socket, CniHandler handler, ServerSocketChannel server, Duration requestTimeout) {
        this.socket = socket;
        this.requestTimeout = requestTimeout;
        this.timeouts = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "weft-cni-timeout");
            t.setDaemon(true);
            return t;
        });
        this.handler = handler;
        this.server = server;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "weft-cni-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "weft-cni-accept");
        this.acceptor.setDaemon(true);
    }

    /**
     * Binds {@code socket} (replacing a stale socket file, creating parent directories, mode 0600)
     * and starts serving.
     *
     * @throws IOException if the socket cannot be bound
     */
    public static CniServer start(Path socket, CniHandler handler) throws IOException {
        return start(socket, handler, REQUEST_TIMEOUT);
    }

    /** As {@link #start(Path, CniHandler)} with another request-frame timeout (tests). */
    static CniServer start(Path socket, CniHandler handler, Duration requestTimeout) throws IOException {
        Objects.requireNonNull(handler, "handler");
        Path parent = socket.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            server.close();
            throw e;
        }
        CniServer s = new CniServer(socket, handler, server, requestTimeout);
        s.acceptor.start();
        LOG.info("CNI server listening on {}", socket);
        return s;
    }

    /** The socket path. */
    public Path socket() {
        return socket;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel c = server.accept();
                workers.execute(() -> serve(c));
            } catch (AsynchronousCloseException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("CNI server accept failed", e);
                }
            } catch (RuntimeException e) {
                LOG.warn("CNI server: rejected a connection", e);
            }
        }
    }

    private void serve(SocketChannel c) {
        // A client that never sends its frame must not hold a worker: close its channel after
        // the timeout (a blocked read then fails with AsynchronousCloseException).
        ScheduledFuture<?> timeout = timeouts.schedule(() -> {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }, requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try (c) {
            int n = readFully(c, ByteBuffer.allocate(4)).getInt(0);
            if (n <= 0 || n > MAX_FRAME) {
                LOG.warn("CNI server: bad frame length {}", n);
                return;
            }
            String request = new String(readFully(c, ByteBuffer.allocate(n)).array(), StandardCharsets.UTF_8);
            if (!timeout.cancel(false)) {
                return; // timed out just now
            }
            long t0 = System.nanoTime();
            CniResponse r = dispatch(request);
            observe(request, r, System.nanoTime() - t0);
            ObjectNode answer = json.createObjectNode();
            answer.put("exitCode", r.exitCode());
            answer.put("stdout", r.stdout());
            if (!r.stderr().isEmpty()) {
                answer.put("stderr", r.stderr());
            }
            byte[] body = json.writeValueAsBytes(answer);
            ByteBuffer out = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
            while (out.hasRemaining()) {
                c.write(out);
            }
        } catch (AsynchronousCloseException e) {
            LOG.warn("CNI server: no request within {}; connection closed", requestTimeout);
        } catch (IOException e) {
            LOG.warn("CNI server: connection failed: {}", e.toString());
        } catch (RuntimeException e) {
            LOG.error("CNI server: request failed", e);
        }
    }

    /** Decodes a request frame and runs it; a malformed request gets a code 6 error. */
    CniResponse dispatch(String request) {
        Map<String, String> env = new HashMap<>();
        String stdin;
        try {
            JsonNode req = json.readTree(request);
            JsonNode e = req.path("env");
            JsonNode s = req.get("stdin");
            if (!e.isObject() || s == null || !s.isTextual()) {
                throw new IOException("request needs an \"env\" object and a \"stdin\" string");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                env.put(f.getKey(), f.getValue().asText());
            }
            stdin = s.asText();
        } catch (IOException e) {
            ObjectNode err = json.createObjectNode().put("code", CniException.DECODING_FAILURE)
                    .put("msg", "malformed request from the weft plugin").put("details", e.getMessage());
            return new CniResponse(1, err + "\n", "");
        }
        return handler.handle(env, stdin);
    }

    private void observe(String request, CniResponse r, long nanos) {
        try {
            String command = "";
            try {
                command = json.readTree(request).path("env").path("CNI_COMMAND").asText("");
            } catch (IOException e) {
                // a malformed request: reported with an empty command
            }
            int code = -1;
            if (r.exitCode() != 0) {
                try {
                    code = json.readTree(r.stdout()).path("code").asInt(CniException.INTERNAL);
                } catch (IOException e) {
                    code = CniException.INTERNAL;
                }
            }
            observer.completed(command, nanos, code);
        } catch (RuntimeException e) {
            LOG.warn("CNI server observer failed", e);
        }
    }

    private static ByteBuffer readFully(SocketChannel c, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (c.read(b) < 0) {
                throw new IOException("connection closed mid-frame");
            }
        }
        return b;
    }

    /** Stops accepting, lets running requests finish (up to 10 s), removes the socket file. */
    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        workers.shutdown();
        timeouts.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(socket);
    }
}
