package dev.weft.bgp.server;

import dev.weft.bgp.wire.BgpMessage;
import dev.weft.bgp.wire.BgpMessageCodec;
import dev.weft.bgp.wire.BgpWireException;
import dev.weft.bgp.wire.CodecOptions;
import dev.weft.bgp.wire.KeepaliveMessage;
import dev.weft.bgp.wire.NotificationMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One hand-driven BGP connection over a real socket (tests): a reader thread decodes what the
 * speaker sends (4-octet AS) into a queue and notes the end of the stream; {@link #send} writes
 * messages; {@link #keepAlive} sends a KEEPALIVE every second from a daemon thread.
 */
final class RawPeer implements AutoCloseable {
    /** Put in the queue when the speaker closed the connection. */
    static final Object EOF = new Object();

    private final Socket socket;
    private final OutputStream out;
    private final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final List<BgpMessage> all = new ArrayList<>();
    private volatile boolean closed;

    private RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        Thread reader = new Thread(this::read, "raw-peer-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects from {@code local} to {@code remote}. */
    static RawPeer connect(InetSocketAddress local, InetSocketAddress remote) throws IOException {
        Socket s = new Socket();
        s.bind(local);
        s.connect(remote, 5000);
        return new RawPeer(s);
    }

    /** Takes the next connection of {@code server} (15 s at most). */
    static RawPeer accept(ServerSocket server) throws IOException {
        server.setSoTimeout(15_000);
        return new RawPeer(server.accept());
    }

    private void read() {
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            while (true) {
                byte[] header = new byte[19];
                in.readFully(header);
                int len = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
                byte[] frame = new byte[len];
                System.arraycopy(header, 0, frame, 0, 19);
                in.readFully(frame, 19, len - 19);
                ByteBuf b = Unpooled.wrappedBuffer(frame);
                try {
                    BgpMessage m = BgpMessageCodec.decode(b, CodecOptions.FOUR_OCTET_AS, e -> { });
                    synchronized (all) {
                        all.add(m);
                    }
                    received.add(m);
                } catch (BgpWireException e) {
                    received.add(e);
                } finally {
                    b.release();
                }
            }
        } catch (IOException e) {
            closed = true;
            received.add(EOF);
        }
    }

    /** Writes and flushes {@code messages}. */
    synchronized void send(BgpMessage... messages) throws IOException {
        for (BgpMessage m : messages) {
            ByteBuf b = Unpooled.buffer();
            try {
                BgpMessageCodec.encode(m, b, CodecOptions.FOUR_OCTET_AS);
                byte[] bytes = new byte[b.readableBytes()];
                b.readBytes(bytes);
                out.write(bytes);
            } finally {
                b.release();
            }
        }
        out.flush();
    }

    /** Sends a KEEPALIVE every second until the connection ends. */
    void keepAlive() {
        Thread t = new Thread(() -> {
            while (!closed && !socket.isClosed()) {
                try {
                    send(KeepaliveMessage.INSTANCE);
                    Thread.sleep(1000);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        }, "raw-peer-keepalive");
        t.setDaemon(true);
        t.start();
    }

    /** The next message of type {@code type}, skipping others; empty if the stream ended or 15 s passed. */
    <T> Optional<T> next(Class<T> type) throws InterruptedException {
        long end = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < end) {
            Object o = received.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (o == null || o == EOF) {
                if (o == EOF) {
                    received.add(EOF);
                }
                return Optional.empty();
            }
            if (type.isInstance(o)) {
                return Optional.of(type.cast(o));
            }
        }
        return Optional.empty();
    }

    /** Waits (15 s at most) until the speaker closed the connection; true if it did. */
    boolean awaitClosed() throws InterruptedException {
        long end = System.nanoTime() + 15_000_000_000L;
        while (!closed && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        return closed;
    }

    /** True if the speaker closed the connection (so far). */
    boolean closed() {
        return closed;
    }

    /** Every NOTIFICATION received so far. */
    List<NotificationMessage> notifications() {
        synchronized (all) {
            return all.stream().filter(NotificationMessage.class::isInstance).map(NotificationMessage.class::cast).toList();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        socket.close();
    }
}
