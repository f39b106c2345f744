package dev.weft.it.bgp.matrix;

import dev.weft.netlink.NetNs;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A BGP peer on a plain socket, opened inside a namespace (the socket stays in the namespace it
 * was created in): connects to the speaker, exchanges OPEN/KEEPALIVE, then sends whatever bytes a
 * test hands it while a reader thread records what comes back and a timer keeps the session alive
 * with KEEPALIVEs every second. Nothing here knows Weft's codec.
 */
final class RawBgpPeer implements BgpBytes.Connection {
    /** A received NOTIFICATION (RFC 4271 §4.5). */
    record Notification(int code, int subcode, byte[] data) {
        @Override
        public String toString() {
            return code + "/" + subcode + " data " + java.util.HexFormat.of().formatHex(data);
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final LinkedBlockingQueue<Notification> notifications = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService keepalives;
    private volatile boolean closed;
    private volatile int updatesReceived;
    private final Thread reader;

    private RawBgpPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
        this.keepalives = keepaliveTimer("raw-bgp-keepalive");
        this.reader = new Thread(this::readLoop, "raw-bgp-reader");
        this.reader.setDaemon(true);
    }

    /**
     * Connects from {@code local} (inside namespace {@code ns}) to {@code remote}:179, sends OPEN
     * (hold 30 s, Multiprotocol for {@code afis}, Route Refresh, 4-octet AS), waits for the
     * speaker's OPEN, sends KEEPALIVE and waits for one back: on return the session is Established.
     * Retries refused connections for up to {@code timeout} (a passive peer just dropped may refuse
     * for its back-off).
     */
    static RawBgpPeer establish(Path ns, InetAddress local, InetAddress remote, long as, Inet4Address routerId, Duration timeout,
            int... afis) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            Socket s = connectIn(ns, local, remote);
            if (s == null) {
                Thread.sleep(200);
                continue;
            }
            RawBgpPeer peer = new RawBgpPeer(s);
            try {
                s.setSoTimeout(10_000);
                peer.send(BgpBytes.open(as, 30, routerId, afis));
                int type = peer.readMessageType();
                if (type != BgpBytes.OPEN) {
                    throw new IOException("expected OPEN, got type " + type);
                }
                peer.send(BgpBytes.keepalive());
                type = peer.readMessageType();
                if (type != BgpBytes.KEEPALIVE) {
                    throw new IOException("expected KEEPALIVE, got type " + type);
                }
                s.setSoTimeout(0);
                peer.reader.start();
                peer.keepalives.scheduleAtFixedRate(peer::keepalive, 1, 1, TimeUnit.SECONDS);
                return peer;
            } catch (IOException e) {
                last = e;
                peer.close();
                Thread.sleep(200);
            }
        }
        throw new AssertionError("no BGP session with " + remote + " from " + local + " within " + timeout, last);
    }

    /**
     * A TCP connection from {@code local} (port chosen by the kernel) to {@code remote}:179, made
     * inside namespace {@code ns} with a 2 s connect timeout and TCP_NODELAY; null if refused or timed out.
     */
    static Socket connectIn(Path ns, InetAddress local, InetAddress remote) throws Exception {
        return NetNs.callIn(ns, () -> {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.bind(new InetSocketAddress(local, 0));
            try {
                socket.connect(new InetSocketAddress(remote, 179), 2000);
            } catch (IOException e) {
                socket.close();
                return null;
            }
            return socket;
        });
    }

    /** A single daemon thread named {@code threadName} to send KEEPALIVEs on. */
    static ScheduledExecutorService keepaliveTimer(String threadName) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Reads one message during the handshake; returns its type (a NOTIFICATION is recorded too). */
    private int readMessageType() throws IOException {
        byte[] header = new byte[19];
        in.readFully(header);
        int length = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
        byte[] body = new byte[length - 19];
        in.readFully(body);
        int type = header[18] & 0xff;
        if (type == BgpBytes.NOTIFICATION) {
            notifications.add(notification(body));
        }
        return type;
    }

    /** The NOTIFICATION in {@code body} (at least 2 octets): code, subcode, data. */
    static Notification notification(byte[] body) {
        return new Notification(body[0] & 0xff, body[1] & 0xff, java.util.Arrays.copyOfRange(body, 2, body.length));
    }

    private void readLoop() {
        try {
            while (!closed) {
                int type = readMessageType();
                if (type == BgpBytes.UPDATE) {
                    updatesReceived++;
                }
            }
        } catch (IOException e) {
            // the speaker closed the connection (after a NOTIFICATION, or abruptly)
        } finally {
            closed = true;
        }
    }

    private void keepalive() {
        try {
            send(BgpBytes.keepalive());
        } catch (IOException e) {
            closed = true;
        }
    }

    /** Writes one (possibly malformed) message. */
    @Override
    public synchronized void send(byte[] message) throws IOException {
        out.write(message);
        out.flush();
    }

    /** The first NOTIFICATION the speaker sends within {@code timeout}, if any. */
    @Override
    public Optional<Notification> awaitNotification(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(notifications.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** NOTIFICATIONs received and not yet taken by {@link #awaitNotification}. */
    @Override
    public Optional<Notification> pendingNotification() {
        return Optional.ofNullable(notifications.peek());
    }

    /** Whether the speaker has closed the connection. */
    @Override
    public boolean isClosed() {
        return closed;
    }

    /** UPDATE messages received from the speaker. */
    int updatesReceived() {
        return updatesReceived;
    }

    @Override
    public void close() {
        closed = true;
        keepalives.shutdownNow();
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
