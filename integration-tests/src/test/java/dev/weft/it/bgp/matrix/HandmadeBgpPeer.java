package dev.weft.it.bgp.matrix;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A BGP peer on a plain socket whose handshake is written by the test, for what {@link RawBgpPeer}
 * cannot do: an OPEN without the 4-octet AS capability (a 2-octet session, RFC 6793), with
 * Extended Message (RFC 8654), or no handshake at all (messages in OpenSent / OpenConfirm,
 * RFC 4271 §8.2.2, RFC 6608). A reader thread records every message the speaker sends; a
 * KEEPALIVE timer is started only by {@link #keepalivesEverySecond()}. Knows nothing of Weft's codec.
 */
final class HandmadeBgpPeer implements BgpBytes.Connection {
    /** One received message (RFC 4271 §4.1): type and body. */
    record Received(int type, byte[] body) {}

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<RawBgpPeer.Notification> notifications = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService keepalives;
    private volatile boolean closed;

    private HandmadeBgpPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
        this.keepalives = RawBgpPeer.keepaliveTimer("handmade-bgp-keepalive");
        Thread reader = new Thread(this::readLoop, "handmade-bgp-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects from {@code local} in namespace {@code ns} to {@code remote}:179, retrying refusals for {@code timeout}. */
    static HandmadeBgpPeer connect(Path ns, InetAddress local, InetAddress remote, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Socket s = RawBgpPeer.connectIn(ns, local, remote);
            if (s != null) {
                return new HandmadeBgpPeer(s);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no TCP connection to " + remote + " from " + local + " within " + timeout);
    }

    /**
     * Connects and completes the handshake with {@code open}: sends it, waits for the speaker's
     * OPEN and KEEPALIVE, answers with a KEEPALIVE and keeps the session alive. Retries while the
     * speaker closes the connection (a peer just reset may still be in its back-off).
     */
    static HandmadeBgpPeer establish(Path ns, InetAddress local, InetAddress remote, byte[] open, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            HandmadeBgpPeer p = connect(ns, local, remote, timeout);
            try {
                p.send(open);
                p.awaitType(BgpBytes.OPEN, Duration.ofSeconds(5));
                p.send(BgpBytes.keepalive());
                p.awaitType(BgpBytes.KEEPALIVE, Duration.ofSeconds(5));
                p.keepalivesEverySecond();
                return p;
            } catch (IOException | AssertionError e) {
                last = e;
                p.close();
                Thread.sleep(300);
            }
        }
        throw new AssertionError("no BGP session with " + remote + " from " + local + " within " + timeout, last);
    }

    /**
     * OPEN (RFC 4271 §4.2) with exactly these capabilities (RFC 5492), each given as code then
     * value octets; My AS is AS_TRANS (23456) for an AS above 65535.
     */
    static byte[] open(long as, int holdTime, Inet4Address routerId, List<byte[]> capabilities) {
        return BgpBytes.openWithCapabilities(as, holdTime, routerId, BgpBytes.capabilities(capabilities));
    }

    /**
     * OPEN in the RFC 9072 §2 extended encoding: Non-Ext OP Len 255, Non-Ext OP Type 255, a
     * 2-octet total length, one Capabilities parameter with a 2-octet length.
     */
    static byte[] openExtended(long as, int holdTime, Inet4Address routerId, List<byte[]> capabilities) {
        byte[] c = BgpBytes.capabilities(capabilities);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        BgpBytes.openFixedFields(b, as, holdTime, routerId);
        b.write(255);
        b.write(255);
        int total = 3 + c.length;
        b.write(total >> 8);
        b.write(total);
        b.write(2);
        b.write(c.length >> 8);
        b.write(c.length);
        b.writeBytes(c);
        return BgpBytes.message(BgpBytes.OPEN, b.toByteArray());
    }

    /** Capability: Multiprotocol Extensions for {@code afi}/SAFI 1 (RFC 4760 §8). */
    static byte[] multiprotocol(int afi) {
        return BgpBytes.bytes(1, afi >> 8, afi, 0, 1);
    }

    /** Capability: 4-octet AS number support (RFC 6793 §3). */
    static byte[] fourOctetAs(long as) {
        return BgpBytes.concat(BgpBytes.bytes(65), BgpBytes.u32(as));
    }

    /** Capability: Extended Message (RFC 8654 §3). */
    static byte[] extendedMessage() {
        return BgpBytes.bytes(6);
    }

    /** Sends a KEEPALIVE every second from now on (hold time of the OPEN must exceed it). */
    void keepalivesEverySecond() {
        keepalives.scheduleAtFixedRate(() -> {
            try {
                send(BgpBytes.keepalive());
            } catch (IOException e) {
                closed = true;
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    private void readLoop() {
        try {
            while (!closed) {
                byte[] header = new byte[19];
                in.readFully(header);
                int length = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
                byte[] body = new byte[Math.max(0, length - 19)];
                in.readFully(body);
                int type = header[18] & 0xff;
                if (type == BgpBytes.NOTIFICATION && body.length >= 2) {
                    notifications.add(RawBgpPeer.notification(body));
                }
                received.add(new Received(type, body));
            }
        } catch (IOException e) {
            // the speaker closed the connection
        } finally {
            closed = true;
        }
    }

    /** Takes received messages until one of {@code type} arrives; fails after {@code timeout}. */
    Received awaitType(int type, Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Received r = received.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (r == null) {
                throw new IOException("no message of type " + type + " within " + timeout + (closed ? " (closed)" : ""));
            }
            if (r.type() == type) {
                return r;
            }
            if (r.type() == BgpBytes.NOTIFICATION) {
                throw new IOException("NOTIFICATION " + notifications.peek() + " while waiting for type " + type);
            }
        }
    }

    /** Writes one (possibly malformed) message. */
    @Override
    public synchronized void send(byte[] message) throws IOException {
        out.write(message);
        out.flush();
    }

    /** The first NOTIFICATION within {@code timeout}, if any. */
    @Override
    public Optional<RawBgpPeer.Notification> awaitNotification(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(notifications.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** NOTIFICATIONs received and not yet taken. */
    @Override
    public Optional<RawBgpPeer.Notification> pendingNotification() {
        return Optional.ofNullable(notifications.peek());
    }

    /** Whether the speaker closed the connection. */
    @Override
    public boolean isClosed() {
        return closed;
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
