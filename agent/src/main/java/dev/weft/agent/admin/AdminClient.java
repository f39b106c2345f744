package dev.weft.agent.admin;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code weftctl}'s side of the admin API: one {@code GET} per call over the agent's Unix socket
 * (Netty NIO domain-socket channel, {@link HttpClientCodec}), the JSON answer mapped to an {@link
 * AdminApi} record. Not for concurrent use by several threads.
 */
public final class AdminClient implements AutoCloseable {
    /** Largest answer accepted: 64 MiB (a Loc-RIB of a few hundred thousand routes). */
    private static final int MAX_RESPONSE = 64 << 20;

    /** The agent could not be asked or refused the request; the message is one line for the operator. */
    public static final class AdminException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AdminException(String message) {
            super(message);
        }
    }

    private final Path socket;
    private final Duration timeout;
    private final EventLoopGroup group;
    private final ObjectMapper json = new ObjectMapper()
            .findAndRegisterModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * @param socket the agent's admin socket (e.g. {@link AdminApi#DEFAULT_SOCKET})
     * @param timeout how long one request may take
     */
    public AdminClient(Path socket, Duration timeout) {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("weftctl-io", true),
                NioIoHandler.newFactory());
    }

    /**
     * {@code GET path}, the answer mapped to {@code type}.
     *
     * @throws AdminException if the agent is not running (no socket, connection refused), does not
     *     answer within the timeout, or answers with an error status (its {@code error} message)
     */
    public <T> T get(String path, Class<T> type) {
        String body = getText(path);
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            throw new AdminException("unexpected answer from the agent for " + path + ": " + e.getMessage());
        }
    }

    /** {@code GET path}, the JSON answer as a tree. @throws AdminException as {@link #get} */
    public JsonNode getTree(String path) {
        return get(path, JsonNode.class);
    }

    private String getText(String path) {
        if (!Files.exists(socket)) {
            throw new AdminException("weft-agent is not running (no admin socket at " + socket + ")");
        }
        CompletableFuture<FullHttpResponse> answer = new CompletableFuture<>();
        ChannelFuture connect = new Bootstrap().group(group).channel(NioDomainSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_RESPONSE),
                                new SimpleChannelInboundHandler<FullHttpResponse>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
                                        answer.complete(res.retainedDuplicate());
                                        ctx.close();
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        answer.completeExceptionally(cause);
                                        ctx.close();
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        answer.completeExceptionally(new IOException("the agent closed the connection"));
                                    }
                                });
                    }
                })
                .connect(UnixDomainSocketAddress.of(socket));
        try {
            if (!connect.await(timeout.toMillis()) || !connect.isSuccess()) {
                Throwable c = connect.cause();
                throw new AdminException("weft-agent is not running (cannot connect to " + socket
                        + (c == null ? ": timed out" : ": " + oneLine(c)) + ")");
            }
            FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
            req.headers().set(HttpHeaderNames.HOST, "weft-agent");
            req.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            req.headers().set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON);
            connect.channel().writeAndFlush(req);
            FullHttpResponse res = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                String text = res.content().toString(StandardCharsets.UTF_8);
                int code = res.status().code();
                if (code != 200) {
                    throw new AdminException("agent: " + errorOf(text, res.status().toString()));
                }
                return text;
            } finally {
                res.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException("interrupted");
        } catch (ExecutionException e) {
            throw new AdminException("request " + path + " to the agent failed: " + oneLine(e.getCause()));
        } catch (TimeoutException e) {
            throw new AdminException("the agent did not answer " + path + " within " + timeout.toSeconds() + " s");
        } finally {
            connect.channel().close();
        }
    }

    private String errorOf(String body, String status) {
        try {
            JsonNode n = json.readTree(body);
            if (n.hasNonNull("error")) {
                return n.get("error").asText();
            }
        } catch (IOException e) {
            // not JSON: fall back to the status line
        }
        return status;
    }

    private static String oneLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.replace('\n', ' ');
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
