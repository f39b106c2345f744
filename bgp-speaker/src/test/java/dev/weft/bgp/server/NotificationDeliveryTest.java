package dev.weft.bgp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.rib.RoutePolicy;
import dev.weft.bgp.session.BgpSessionHandler;
import dev.weft.bgp.wire.Capability;
import dev.weft.bgp.wire.KeepaliveMessage;
import dev.weft.bgp.wire.OpenMessage;
import dev.weft.bgp.wire.OriginType;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Our NOTIFICATION reaches a peer that is still sending when the session ends. Data that reaches
 * a closed socket is answered with RST, so a peer that writes before it reads (BIRD 2 handles a
 * writable socket before a readable one) fails its write and ends the session without ever reading
 * our CEASE: seen in CI, and with BIRD sending 50k routes in half of the runs. Here the peer floods
 * UPDATEs while the RIB is slowed down and reads nothing until after it was removed; its writes
 * must go on succeeding until then.
 */
class NotificationDeliveryTest {
    static final String PEER = "127.0.0.3";

    @Test
    void aPeerStillSendingWhenItIsRemovedReadsTheCeaseAndThenAnOrderlyClose() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, IpAddresses.parse("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        SpeakerConfig sc = SpeakerConfig.of(65001, IpAddresses.parseIpv4("10.0.0.1"))
                .withListen(IpAddresses.parse("127.0.0.1"), port);
        AtomicInteger learned = new AtomicInteger();
        try (BgpSpeaker speaker = BgpSpeaker.start(sc); Socket peer = new Socket()) {
            speaker.addPeer(PeerConfig.of(IpAddresses.parse(PEER), 65000).withPassive(true)
                    .withPolicies(Optional.of(RoutePolicy.ACCEPT_ALL), Optional.of(RoutePolicy.ACCEPT_ALL)));
            speaker.addBestPathListener((prefix, best) -> {
                learned.incrementAndGet();
                try {
                    Thread.sleep(1); // the RIB falls behind: reading pauses, input stays unread
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            peer.bind(new InetSocketAddress(IpAddresses.parse(PEER), 0));
            peer.connect(new InetSocketAddress(IpAddresses.parse("127.0.0.1"), port));
            peer.setSoTimeout(10_000);
            OutputStream out = peer.getOutputStream();
            out.write(BackPressureTest.encode(OpenMessage.of(65000, 90, IpAddresses.parseIpv4("10.0.0.3"),
                    List.of(Capability.MultiProtocol.IPV4_UNICAST, new Capability.FourOctetAs(65000)))));
            out.write(BackPressureTest.encode(KeepaliveMessage.INSTANCE));
            out.flush();
            AtomicReference<IOException> writeFailed = new AtomicReference<>();
            Thread flood = new Thread(() -> flood(out, writeFailed), "peer-flood");
            flood.setDaemon(true);
            flood.start();

            assertThat(SpeakerSessionsTest.await(() -> speaker.peers().get(0).readPauses() > 0))
                    .as("reading paused by back-pressure").isTrue();
            speaker.removePeer(IpAddresses.parse(PEER));
            Thread.sleep(500); // the peer goes on writing for a while before it reads
            assertThat(writeFailed.get()).as("the peer's writes before it read our NOTIFICATION").isNull();

            DataInputStream in = new DataInputStream(peer.getInputStream());
            List<Integer> types = new ArrayList<>();
            byte[] notification = null;
            try {
                while (notification == null) {
                    byte[] header = new byte[19];
                    in.readFully(header);
                    byte[] body = new byte[(((header[16] & 0xff) << 8) | (header[17] & 0xff)) - 19];
                    in.readFully(body);
                    types.add((int) header[18]);
                    if (header[18] == 3) {
                        notification = body;
                    }
                }
            } catch (EOFException e) {
                // the assertion below names what was read
            }
            assertThat(notification).as("NOTIFICATION after %s", types).isNotNull();
            assertThat(new int[] {notification[0], notification[1]}).as("CEASE / Peer De-configured").containsExactly(6, 3);
            assertThat(in.read()).as("end of stream right after the NOTIFICATION").isEqualTo(-1);
            // this peer never closes its side: the speaker closes anyway once the linger is over,
            // and the flood's next writes meet the reset
            long end = System.nanoTime() + 4 * BgpSessionHandler.NOTIFICATION_LINGER_MILLIS * 1_000_000L;
            while (writeFailed.get() == null && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertThat(writeFailed.get()).as("connection closed by the speaker after the linger").isNotNull();
        }
    }

    /** Writes one-prefix UPDATEs until the connection fails, noted in {@code failed}. */
    private static void flood(OutputStream out, AtomicReference<IOException> failed) {
        List<PathAttribute> attrs = List.of(new PathAttribute.Origin(OriginType.IGP),
                PathAttribute.AsPath.sequence(List.of(65000L)), new PathAttribute.NextHop(IpAddresses.parseIpv4("192.0.2.1")));
        try {
            for (int i = 0; ; i++) {
                IpPrefix p = IpPrefix.of(IpAddresses.fromIpv4Int(0x0a000000 + (i & 0xffffff)), 32);
                out.write(BackPressureTest.encode(new UpdateMessage(List.of(), attrs, List.of(p))));
            }
        } catch (IOException e) {
            failed.set(e);
        }
    }
}
