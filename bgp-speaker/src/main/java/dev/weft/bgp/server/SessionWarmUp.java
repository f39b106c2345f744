package dev.weft.bgp.server;

import dev.weft.bgp.policy.Policy;
import dev.weft.bgp.wire.BgpMessage;
import dev.weft.bgp.wire.BgpMessageCodec;
import dev.weft.bgp.wire.Capability;
import dev.weft.bgp.wire.CodecOptions;
import dev.weft.bgp.wire.KeepaliveMessage;
import dev.weft.bgp.wire.OpenMessage;
import dev.weft.common.net.IpAddresses;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * JIT warm-up of a session's whole receive path, run after {@link IngestWarmUp} on the same
 * background thread: a throwaway {@link BgpSpeaker} listening on 127.0.0.1 (an ephemeral port; its
 * own ingest warm-up off; one passive eBGP peer, 127.0.0.1 AS {@value #PEER_AS}, accept-all import,
 * reject-all export) is sent a table over a real TCP connection from this thread, so that the epoll
 * read, the frame and message decoders, the session FSM, the UPDATE inbox and the RIB link are
 * compiled before the first real table meets them. Measured without it (1M-route benchmark,
 * 2026-11-30): ≈ 0.65 s of C1/C2 compiler threads ran during the first ingest, on the same two
 * cores. The table: {@value #SMALL_UPDATES} UPDATEs of {@value #SMALL_PER_UPDATE} prefixes (many
 * invocations of the per-message code, enough for C2) then {@value #FULL_UPDATES} of
 * {@value IngestWarmUp#PER_UPDATE} (a packed table's shape), /32s from 198.18.0.0/15 (RFC 2544).
 *
 * <p>Loopback of the calling thread's network namespace only; nothing is exported; the throwaway
 * speaker's session shows in the log as "BGP session with 127.0.0.1 AS64513". Every step is
 * bounded (connect 2 s, reads 5 s, the whole table 20 s); a failure (e.g. a namespace whose
 * loopback is down) ends the warm-up and is returned, it never touches the speaker that asked.
 */
final class SessionWarmUp {
    /** The throwaway speaker's AS. */
    static final long LOCAL_AS = 64512;
    /** The sending side's AS. */
    static final long PEER_AS = 64513;
    static final int SMALL_UPDATES = 6000;
    static final int SMALL_PER_UPDATE = 25;
    static final int FULL_UPDATES = 100;
    private static final InetAddress LOOPBACK = IpAddresses.parse("127.0.0.1");
    private static final Inet4Address ROUTER_ID = IpAddresses.parseIpv4("192.0.2.1");
    private static final Inet4Address SENDER_ID = IpAddresses.parseIpv4("192.0.2.2");
    private static final long TABLE_TIMEOUT_NANOS = 20_000_000_000L;

    private SessionWarmUp() {}

    /**
     * Runs the warm-up on the calling thread.
     *
     * @param stop polled while waiting; true ends the warm-up early
     * @return prefixes the throwaway speaker received
     * @throws IOException if the loopback session could not be made or broke
     */
    static long run(BooleanSupplier stop) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            port = probe.getLocalPort();
        }
        byte[] table = table();
        int expected = SMALL_UPDATES * SMALL_PER_UPDATE + FULL_UPDATES * IngestWarmUp.PER_UPDATE;
        try (BgpSpeaker speaker = BgpSpeaker.start(SpeakerConfig.of(LOCAL_AS, ROUTER_ID).withListen(LOOPBACK, port))) {
            speaker.addPeer(PeerConfig.of(LOOPBACK, PEER_AS).withPassive(true)
                    .withPolicies(Optional.of(Policy.acceptAll()), Optional.of(Policy.rejectAll())));
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(LOOPBACK, port), 2000);
                socket.setSoTimeout(5000);
                OutputStream out = socket.getOutputStream();
                out.write(encode(List.of(OpenMessage.of(PEER_AS, 0, SENDER_ID,
                        List.of(Capability.MultiProtocol.IPV4_UNICAST, new Capability.FourOctetAs(PEER_AS))),
                        KeepaliveMessage.INSTANCE)));
                out.flush();
                awaitKeepalive(new DataInputStream(socket.getInputStream()));
                out.write(table);
                out.flush();
                long end = System.nanoTime() + TABLE_TIMEOUT_NANOS;
                int received = 0;
                while (received < expected && !stop.getAsBoolean() && System.nanoTime() < end) {
                    sleep();
                    received = speaker.peers().isEmpty() ? 0 : speaker.peers().get(0).prefixesReceived();
                }
                return received;
            }
        }
    }

    /** Reads messages until a KEEPALIVE (the throwaway speaker's side is Established then). */
    private static void awaitKeepalive(DataInputStream in) throws IOException {
        while (true) {
            byte[] header = new byte[BgpMessageCodec.HEADER_LENGTH];
            in.readFully(header);
            int length = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
            in.readFully(new byte[length - BgpMessageCodec.HEADER_LENGTH]);
            if (header[18] == 4) {
                return;
            }
            if (header[18] == 3) {
                throw new IOException("warm-up session refused with a NOTIFICATION");
            }
        }
    }

    /** The warm-up table: the small UPDATEs, then the packed ones, encoded back to back. */
    private static byte[] table() {
        List<BgpMessage> updates = new ArrayList<>(SMALL_UPDATES + FULL_UPDATES);
        for (int u = 0; u < SMALL_UPDATES; u++) {
            updates.add(IngestWarmUp.update(PEER_AS, SENDER_ID, u * SMALL_PER_UPDATE, SMALL_PER_UPDATE));
        }
        int first = SMALL_UPDATES * SMALL_PER_UPDATE;
        for (int u = 0; u < FULL_UPDATES; u++) {
            updates.add(IngestWarmUp.update(PEER_AS, SENDER_ID, first + u * IngestWarmUp.PER_UPDATE, IngestWarmUp.PER_UPDATE));
        }
        return encode(updates);
    }

    /** {@code messages} encoded back to back (4-octet AS session). */
    private static byte[] encode(List<? extends BgpMessage> messages) {
        ByteBuf buf = Unpooled.buffer();
        try {
            for (BgpMessage m : messages) {
                BgpMessageCodec.encode(m, buf, CodecOptions.FOUR_OCTET_AS);
            }
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("warm-up interrupted", e);
        }
    }
}
