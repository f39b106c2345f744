package dev.weft.bgp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.rib.RoutePolicy;
import dev.weft.bgp.wire.Capability;
import dev.weft.bgp.wire.KeepaliveMessage;
import dev.weft.bgp.wire.NotificationMessage;
import dev.weft.bgp.wire.OpenMessage;
import dev.weft.bgp.wire.OriginType;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Adversarial peers against the close after our NOTIFICATION ({@code ConnectionEnd
 * .closeAfterNotification}: FIN after the NOTIFICATION, input dropped until the peer closes, the
 * channel closed then or after 2 s): a peer that keeps writing garbage that is not BGP framing, a
 * peer that answers with its own NOTIFICATION, and a speaker shut down with 20 peers that never
 * close their side — it must finish within {@link BgpSpeaker#close()}'s bound, leave no event-loop
 * thread, and free its port for the next speaker at once.
 */
class NotificationCloseAdversarialTest {
    static final long LOCAL_AS = 65001;
    static final long PEER_AS = 65000;
    /** Prefixes queued for the peer that stops reading: ≈ 5 MB of UPDATEs, more than the 4 MB tcp_wmem maximum. */
    static final int TABLE = Integer.getInteger("wadv.table", 1_000_000); // ≈ 5 MB of UPDATEs (300k was too few to hold the NOTIFICATION back)

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, IpAddresses.parse("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    static SpeakerConfig config(int port) {
        return SpeakerConfig.of(LOCAL_AS, IpAddresses.parseIpv4("10.0.0.1")).withListen(IpAddresses.parse("127.0.0.1"), port);
    }

    static PeerConfig peer(String address) {
        return PeerConfig.of(IpAddresses.parse(address), PEER_AS).withPassive(true)
                .withPolicies(Optional.of(RoutePolicy.ACCEPT_ALL), Optional.of(RoutePolicy.ACCEPT_ALL));
    }

    static OpenMessage open() {
        return OpenMessage.of(PEER_AS, 90, IpAddresses.parseIpv4("10.0.0.9"),
                List.of(Capability.MultiProtocol.IPV4_UNICAST, new Capability.FourOctetAs(PEER_AS)));
    }

    /** Connects from {@code address} and brings the session to Established (the peer reads on). */
    static RawPeer establish(BgpSpeaker speaker, String address, int port) throws Exception {
        RawPeer p = RawPeer.connect(new InetSocketAddress(IpAddresses.parse(address), 0),
                new InetSocketAddress(IpAddresses.parse("127.0.0.1"), port));
        p.send(open(), KeepaliveMessage.INSTANCE);
        assertThat(p.next(OpenMessage.class)).isPresent();
        assertThat(p.next(KeepaliveMessage.class)).isPresent();
        assertThat(SpeakerSessionsTest.await(() -> speaker.peers().stream()
                .anyMatch(s -> s.peerAddress().getHostAddress().equals(address) && s.state().equals("Established"))))
                .as(address + " Established").isTrue();
        return p;
    }

    /** A plain socket session (no reader thread): OPEN and KEEPALIVE out, their replies read. */
    static Socket establishPlain(BgpSpeaker speaker, String address, int port) throws Exception {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(IpAddresses.parse(address), 0));
        s.connect(new InetSocketAddress(IpAddresses.parse("127.0.0.1"), port), 5000);
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(BackPressureTest.encode(open()));
        out.write(BackPressureTest.encode(KeepaliveMessage.INSTANCE));
        out.flush();
        assertThat(SpeakerSessionsTest.await(() -> speaker.peers().get(0).state().equals("Established"))).isTrue();
        return s;
    }

    @Test
    void garbageAfterOurNotificationIsDroppedAndTheConnectionStillEnds() throws Exception {
        int port = freePort();
        String addr = "127.0.0.71";
        try (BgpSpeaker speaker = BgpSpeaker.start(config(port))) {
            speaker.addPeer(peer(addr));
            try (Socket s = establishPlain(speaker, addr, port)) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                assertThat(readType(in)).isEqualTo(1); // OPEN
                assertThat(readType(in)).isEqualTo(4); // KEEPALIVE
                speaker.removePeer(IpAddresses.parse(addr)); // CEASE (RFC 4486), then the close under test
                int type;
                while ((type = readType(in)) == 4 || type == 2) {
                    // KEEPALIVEs and the End-of-RIB sent before the CEASE
                }
                assertThat(type).as("a NOTIFICATION").isEqualTo(3);
                assertThat(in.read()).as("FIN right after the NOTIFICATION").isEqualTo(-1);
                // The peer never closes and keeps writing bytes that are no BGP header at all.
                byte[] garbage = new byte[512];
                Arrays.fill(garbage, (byte) 0x5a);
                long t0 = System.nanoTime();
                boolean failed = writeUntilFailure(s.getOutputStream(), garbage, 10_000);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.out.println("garbage writer: connection gone after " + ms + " ms");
                assertThat(failed).as("the speaker closed the connection (writes fail) within 10 s").isTrue();
            }
        }
    }

    /** Reads one BGP message and returns its type. */
    static int readType(DataInputStream in) throws IOException {
        byte[] header = new byte[19];
        in.readFully(header);
        int len = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
        in.readFully(new byte[len - 19]);
        return header[18];
    }

    /** Writes {@code data} every 10 ms until a write fails (true), or {@code maxMillis} passed (false). */
    static boolean writeUntilFailure(OutputStream out, byte[] data, long maxMillis) throws InterruptedException {
        long end = System.nanoTime() + maxMillis * 1_000_000;
        while (System.nanoTime() < end) {
            try {
                out.write(data);
                out.flush();
            } catch (IOException e) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    @Test
    void aNotificationSentBackAfterOursIsNeitherAnsweredNorCounted() throws Exception {
        int port = freePort();
        String addr = "127.0.0.72";
        try (BgpSpeaker speaker = BgpSpeaker.start(config(port))) {
            speaker.addPeer(peer(addr));
            try (RawPeer p = establish(speaker, addr, port)) {
                // an unrecognized well-known attribute: UPDATE Message Error 3/2, a session reset
                UpdateMessage bad = new UpdateMessage(List.of(), List.of(new PathAttribute.Origin(OriginType.IGP),
                        PathAttribute.AsPath.sequence(List.of(PEER_AS)), new PathAttribute.NextHop(IpAddresses.parseIpv4("192.0.2.1")),
                        new PathAttribute.Unknown(PathAttribute.FLAG_TRANSITIVE, 99, new byte[] {1})),
                        List.of(IpPrefix.parse("192.0.2.0/24")));
                p.send(bad);
                NotificationMessage n = p.next(NotificationMessage.class).orElseThrow();
                assertThat(n.code()).isEqualTo(3);
                assertThat(n.subcode()).isEqualTo(2);
                p.send(NotificationMessage.of(dev.weft.bgp.wire.BgpError.ADMINISTRATIVE_RESET), KeepaliveMessage.INSTANCE);
                assertThat(p.awaitClosed()).isTrue();
                assertThat(p.notifications()).hasSize(1);
                assertThat(SpeakerSessionsTest.await(() -> !speaker.peers().get(0).state().equals("Established"))).isTrue();
                PeerStatus st = speaker.peers().get(0);
                assertThat(st.lastNotificationSent()).hasValueSatisfying(s -> assertThat(s).startsWith("3/2"));
                assertThat(st.lastNotificationReceived()).as("read after our NOTIFICATION: dropped").isEmpty();
            }
            // the peer comes back: a fresh session, nothing left of the old connection in the way
            try (RawPeer again = establish(speaker, addr, port)) {
                assertThat(again.notifications()).isEmpty();
            }
        }
    }

    @Test
    void shutdownWithTwentyPeersThatNeverCloseEndsWithinItsBoundAndFreesThePort() throws Exception {
        int port = freePort();
        int peers = 20;
        List<RawPeer> raw = new ArrayList<>();
        String prefix = "wadv-close-" + port;
        BgpSpeaker speaker = BgpSpeaker.start(config(port), new DefaultThreadFactory(prefix, true));
        try {
            for (int i = 0; i < peers; i++) {
                speaker.addPeer(peer("127.0.0." + (100 + i)));
            }
            for (int i = 0; i < peers; i++) {
                raw.add(establish(speaker, "127.0.0." + (100 + i), port));
            }
            long t0 = System.nanoTime();
            speaker.close(); // the peers read the CEASE and the FIN but never close their side
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("close() with " + peers + " peers that never close: " + ms + " ms");
            assertThat(speaker.shutdown()).as("shutdown finished inside close()'s 10 s").isDone();
            assertThat(speaker.shutdown()).isNotCompletedExceptionally();
            for (RawPeer p : raw) {
                assertThat(p.notifications()).extracting(n -> n.code() + "/" + n.subcode()).containsExactly("6/2");
                assertThat(p.awaitClosed()).as("EOF after the CEASE").isTrue();
            }
            assertThat(SpeakerSessionsTest.await(() -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith(prefix) && t.isAlive())))
                    .as("no event-loop thread left").isTrue();
            // the port is free at once: a second speaker binds it and takes a session
            try (BgpSpeaker second = BgpSpeaker.start(config(port))) {
                second.addPeer(peer("127.0.0.99"));
                try (RawPeer p = establish(second, "127.0.0.99", port)) {
                    assertThat(p.notifications()).isEmpty();
                }
            }
        } finally {
            speaker.close();
            for (RawPeer p : raw) {
                p.close();
            }
        }
    }

    /**
     * A peer that stops reading (zero receive window) while we have a table queued for it, then is
     * removed: our CEASE sits behind the unsent UPDATEs, its write never completes, and the close
     * waits for that write.
     *
     * <p>Was a bug (found 2026-11-30 by ADVERSARY, fixed the same day): it failed — the connection is still open 15 s after
     * {@code removePeer} (send queue 573,440 octets in the kernel, the rest of ≈ 5 MB in Netty's
     * outbound buffer). {@code BgpSessionHandler.execute(DropTcpConnection)} hands
     * {@code ConnectionEnd.closeAfterNotification} to the NOTIFICATION write as a listener, so the
     * 2 s linger only starts once that write completes, which it never does against a zero window;
     * StopTimers has cancelled the SendHoldTimer, so only TCP_USER_TIMEOUT (the hold time) or the
     * peer ends it. Fixed in ConnectionEnd: it schedules
     * the {@code NOTIFICATION_LINGER_MILLIS} close when DropTcpConnection runs, and only do the
     * half-close (DiscardInput, shutdownOutput, auto-read) when the write completes.
     */
    @Test
    void aPeerThatStopsReadingIsStillDisconnectedAfterOurNotification() throws Exception {
        int port = freePort();
        String addr = "127.0.0.73";
        try (BgpSpeaker speaker = BgpSpeaker.start(config(port))) {
            speaker.addPeer(peer(addr));
            List<IpPrefix> table = new ArrayList<>();
            for (int i = 0; i < TABLE; i++) {
                table.add(IpPrefix.of(IpAddresses.fromIpv4Int(0x0A000000 | i), 32));
            }
            speaker.originate(table);
            try (Socket s = new Socket()) {
                s.setReceiveBufferSize(4096); // before connect: a small window
                s.bind(new InetSocketAddress(IpAddresses.parse(addr), 0));
                s.connect(new InetSocketAddress(IpAddresses.parse("127.0.0.1"), port), 5000);
                OutputStream out = s.getOutputStream();
                out.write(BackPressureTest.encode(open()));
                out.write(BackPressureTest.encode(KeepaliveMessage.INSTANCE));
                out.flush();
                assertThat(SpeakerSessionsTest.await(() -> speaker.peers().get(0).state().equals("Established"))).isTrue();
                // never read: the table fills the peer's window and our send buffer
                assertThat(SpeakerSessionsTest.await(() -> {
                    try {
                        return !socketsTo(addr).isEmpty() && lastTxQueue >= 400_000;
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })).as("the speaker's send queue to the peer filled up (≥ 400 kB)").isTrue();
                Thread.sleep(3000); // the rest of the table (≈ 5 MB) waits in Netty's outbound buffer
                System.out.println("send queue to the peer when it is removed: " + lastTxQueue + " octets");
                long t0 = System.nanoTime();
                speaker.removePeer(IpAddresses.parse(addr));
                boolean gone = SpeakerSessionsTest.await(() -> {
                    try {
                        return socketsTo(addr).isEmpty();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                System.out.println("connection to a peer that stopped reading gone after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
                assertThat(gone).as("the connection closed (ConnectionEnd: 2 s after our NOTIFICATION at most)").isTrue();
            }
        }
    }

    /**
     * The same peer that stopped reading with ≈ 5 MB queued, but the whole speaker is closed:
     * {@code shutdown()}'s own 2 s bound and the event loop's shutdown end the connection even though
     * our CEASE never left Netty's outbound buffer.
     *
     * <p>Was a bug (found 2026-11-30 by ADVERSARY, fixed the same day): it failed — {@code close()} returns after ≈ 2.0 s with
     * {@code shutdown()} complete and the event-loop thread gone, but the accepted socket to the
     * peer is still open 15 s later (its fd is in /proc/self/fd, connected to the peer): the channel
     * was never closed, only its event loop shut down, so the fd, the kernel socket and the ≈ 5 MB of
     * UPDATEs in its outbound buffer leak for the life of the JVM (an agent that restarts its speaker
     * leaks one per stuck peer). Cause: the connection waits for the NOTIFICATION write (see
     * {@link #aPeerThatStopsReadingIsStillDisconnectedAfterOurNotification}); {@code shutdown()}'s
     * 2 s timeout then shut the group down without closing the channels still open. Fixed: the
     * speaker keeps a Netty {@code ChannelGroup} of every accepted and connected channel and closes it
     * before {@code group.shutdownGracefully}; plus the linger fix named there.
     */
    @Test
    void closeWithAPeerThatStoppedReadingStillFinishesAndFreesEverything() throws Exception {
        int port = freePort();
        String addr = "127.0.0.74";
        String prefix = "wadv-stuck-" + port;
        BgpSpeaker speaker = BgpSpeaker.start(config(port), new DefaultThreadFactory(prefix, true));
        try (Socket s = new Socket()) {
            speaker.addPeer(peer(addr));
            List<IpPrefix> table = new ArrayList<>();
            for (int i = 0; i < TABLE; i++) {
                table.add(IpPrefix.of(IpAddresses.fromIpv4Int(0x0A000000 | i), 32));
            }
            speaker.originate(table);
            s.setReceiveBufferSize(4096);
            s.bind(new InetSocketAddress(IpAddresses.parse(addr), 0));
            s.connect(new InetSocketAddress(IpAddresses.parse("127.0.0.1"), port), 5000);
            s.getOutputStream().write(BackPressureTest.encode(open()));
            s.getOutputStream().write(BackPressureTest.encode(KeepaliveMessage.INSTANCE));
            s.getOutputStream().flush();
            assertThat(SpeakerSessionsTest.await(() -> {
                try {
                    return !socketsTo(addr).isEmpty() && lastTxQueue >= 400_000;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            })).as("the speaker's send queue to the peer filled up").isTrue();
            Thread.sleep(2000);
            long t0 = System.nanoTime();
            speaker.close();
            System.out.println("close() with a peer that stopped reading: " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            assertThat(speaker.shutdown()).isDone();
            Set<String> left = socketsTo(addr);
            long t1 = System.nanoTime();
            boolean gone = SpeakerSessionsTest.await(() -> {
                try {
                    return socketsTo(addr).isEmpty();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            System.out.println("right after close(): sockets to the peer " + left + "; gone " + gone + " after "
                    + (System.nanoTime() - t1) / 1_000_000 + " ms more");
            assertThat(gone).as("no socket of ours to the peer").isTrue();
            assertThat(SpeakerSessionsTest.await(() -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith(prefix) && t.isAlive()))).isTrue();
        } finally {
            speaker.close();
        }
    }

    /** The send queue (octets) of the last socket {@link #socketsTo} found. */
    static volatile long lastTxQueue;

    /** Inodes of this JVM's TCP sockets whose remote address is {@code ipv4} (/proc/net/tcp, tcp6 IPv4-mapped). */
    static Set<String> socketsTo(String ipv4) throws IOException {
        Set<String> inodes = ProcSockets.ownSocketInodes();
        byte[] a = IpAddresses.parse(ipv4).getAddress();
        String hex = String.format("%02X%02X%02X%02X", a[3], a[2], a[1], a[0]); // little-endian in /proc
        Set<String> out = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) { // Netty's epoll sockets are IPv6 (mapped)
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                boolean to = f[2].startsWith(hex + ":") || f[2].startsWith("0000000000000000FFFF0000" + hex + ":");
                if (to && inodes.contains(f[9]) && !f[9].equals("0")) {
                    lastTxQueue = Long.parseLong(f[4].substring(0, f[4].indexOf(':')), 16);
                    out.add(f[9]);
                }
            }
        }
        return out;
    }
}
