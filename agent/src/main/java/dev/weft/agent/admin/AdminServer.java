package dev.weft.agent.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the admin API (package documentation) on a Unix domain socket: Netty NIO domain-socket
 * channels, {@link HttpServerCodec} and {@link HttpObjectAggregator}; one I/O thread, and two
 * worker threads that build the documents (they may wait on the BGP speaker or read the lease
 * store). Requests with a body over 64 KiB are refused (413).
 *
 * <p>Example: {@code AdminServer.start(Path.of(AdminApi.DEFAULT_SOCKET), Map.of(AdminApi.STATUS, views::status))}.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final int MAX_REQUEST = 64 * 1024;

    /** Thrown by an endpoint whose part of the agent is not running yet: answered with 503. */
    public static final class UnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** @param message one line for the operator, e.g. "IPAM is not open yet: …" */
        public UnavailableException(String message) {
            super(message);
        }
    }

    private final Path socket;
    private final Map<String, Callable<Object>> endpoints;
    private final EventLoopGroup group;
    private final ExecutorService workers;
    private final Channel channel;
    private final ObjectMapper json = new ObjectMapper()
            .findAndRegisterModules()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private AdminServer(Path socket, Map<String, Callable<Object>> endpoints) throws IOException {
        this.socket = socket;
        this.endpoints = Map.copyOf(endpoints);
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("weft-admin-io", true),
                NioIoHandler.newFactory());
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "weft-admin-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            this.channel = new ServerBootstrap().group(group).channel(NioServerDomainSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST),
                                    new Handler());
                        }
                    })
                    .bind(UnixDomainSocketAddress.of(socket)).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutdownThreads();
            throw new IOException("interrupted while binding " + socket, e);
        } catch (RuntimeException e) {
            shutdownThreads();
            throw new IOException("cannot listen on " + socket + ": " + e.getMessage(), e);
        }
    }

    /**
     * Binds {@code socket} (creating parent directories, replacing a stale socket file; mode 0600)
     * and serves {@code endpoints}: path → document supplier (serialised as JSON; throwing {@link
     * UnavailableException} answers 503, anything else 500).
     *
     * @throws IOException if the socket cannot be bound
     */
    public static AdminServer start(Path socket, Map<String, Callable<Object>> endpoints) throws IOException {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(endpoints, "endpoints");
        Path parent = socket.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.deleteIfExists(socket);
        AdminServer s = new AdminServer(socket, endpoints);
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        LOG.info("admin API listening on {}", socket);
        return s;
    }

    /** The socket path. */
    public Path socket() {
        return socket;
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (!req.decoderResult().isSuccess()) {
                send(ctx, HttpResponseStatus.BAD_REQUEST, error("malformed HTTP request"), false);
                return;
            }
            String path = new QueryStringDecoder(req.uri()).path();
            Callable<Object> endpoint = endpoints.get(path);
            if (endpoint == null) {
                send(ctx, HttpResponseStatus.NOT_FOUND, error("no such endpoint: " + path), keepAlive);
                return;
            }
            if (!req.method().equals(HttpMethod.GET)) {
                send(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, error("only GET is supported"), keepAlive);
                return;
            }
            workers.execute(() -> {
                HttpResponseStatus status;
                byte[] body;
                try {
                    body = json.writeValueAsBytes(endpoint.call());
                    status = HttpResponseStatus.OK;
                } catch (UnavailableException e) {
                    status = HttpResponseStatus.SERVICE_UNAVAILABLE;
                    body = error(e.getMessage());
                } catch (Exception e) {
                    LOG.warn("admin API {} failed", path, e);
                    status = HttpResponseStatus.INTERNAL_SERVER_ERROR;
                    body = error(e.getMessage() == null ? e.toString() : e.getMessage());
                }
                HttpResponseStatus s = status;
                byte[] b = body;
                ctx.executor().execute(() -> send(ctx, s, b, keepAlive));
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof io.netty.handler.codec.TooLongFrameException) {
                send(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, error("request too large"), false);
                return;
            }
            LOG.debug("admin API connection failed", cause);
            ctx.close();
        }
    }

    private byte[] error(String message) {
        try {
            return json.writeValueAsBytes(Map.of("error", message));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(ChannelHandlerContext ctx, HttpResponseStatus status, byte[] body, boolean keepAlive) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res);
        } else {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void shutdownThreads() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        workers.shutdownNow();
    }

    /** Stops serving and removes the socket file. Idempotent. */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        shutdownThreads();
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.debug("removing {}", socket, e);
        }
    }
}
