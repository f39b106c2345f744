package dev.weft.cni.plugin;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** One framed request/response exchange with the agent (protocol in the package documentation). */
final class AgentClient {
    /** Largest frame either side accepts: 16 MiB. */
    static final int MAX_FRAME = 16 << 20;

    private AgentClient() {}

    /** The agent's answer. */
    static final class Answer {
        final int exitCode;
        final String stdout;
        final String stderr;

        Answer(int exitCode, String stdout, String stderr) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }
    }

    /** Thrown when the agent cannot be reached or broke the protocol. */
    static final class UnreachableException extends Exception {
        private static final long serialVersionUID = 1L;

        UnreachableException(String message) {
            super(message);
        }
    }

    static String encodeRequest(Map<String, String> env, String stdin) {
        StringBuilder b = new StringBuilder(stdin.length() + 256);
        b.append("{\"protocol\":1,\"env\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (!first) {
                b.append(',');
            }
            first = false;
            Json.quote(b, e.getKey()).append(':');
            Json.quote(b, e.getValue());
        }
        b.append("},\"stdin\":");
        Json.quote(b, stdin).append('}');
        return b.toString();
    }

    static Answer call(Path socket, Map<String, String> env, String stdin) throws UnreachableException {
        byte[] request = encodeRequest(env, stdin).getBytes(StandardCharsets.UTF_8);
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.allocate(4 + request.length);
            out.putInt(request.length).put(request).flip();
            while (out.hasRemaining()) {
                ch.write(out);
            }
            ByteBuffer len = readFully(ch, ByteBuffer.allocate(4));
            int n = len.getInt(0);
            if (n <= 0 || n > MAX_FRAME) {
                throw new UnreachableException("agent at " + socket + " sent a bad frame length " + n);
            }
            ByteBuffer body = readFully(ch, ByteBuffer.allocate(n));
            return decodeAnswer(new String(body.array(), StandardCharsets.UTF_8), socket);
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new UnreachableException("cannot reach weft agent at " + socket + ": " + why);
        }
    }

    private static ByteBuffer readFully(SocketChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw new IOException("connection closed before the answer was complete");
            }
        }
        return buf;
    }

    static Answer decodeAnswer(String json, Path socket) throws UnreachableException {
        try {
            Object v = Json.parse(json);
            if (v instanceof Map) {
                Map<?, ?> m = (Map<?, ?>) v;
                Object code = m.get("exitCode");
                Object out = m.get("stdout");
                Object err = m.get("stderr");
                if (code instanceof Double && (out == null || out instanceof String)) {
                    return new Answer(((Double) code).intValue(), out == null ? "" : (String) out,
                            err instanceof String ? (String) err : "");
                }
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw new UnreachableException("weft agent at " + socket + " sent a malformed answer");
    }
}
