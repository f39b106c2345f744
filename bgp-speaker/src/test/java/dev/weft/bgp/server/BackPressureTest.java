package dev.weft.bgp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.rib.RoutePolicy;
import dev.weft.bgp.wire.BgpMessage;
import dev.weft.bgp.wire.BgpMessageCodec;
import dev.weft.bgp.wire.Capability;
import dev.weft.bgp.wire.CodecOptions;
import dev.weft.bgp.wire.KeepaliveMessage;
import dev.weft.bgp.wire.OpenMessage;
import dev.weft.bgp.wire.OriginType;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Liveness under load over a real TCP connection: a peer floods UPDATEs while the RIB thread is
 * slowed down (a best-path listener that takes 1 ms per prefix). The session must pause reading
 * (back-pressure), keep sending KEEPALIVEs every second (hold time 3 s) and never let its hold
 * timer expire; in the end every prefix is in the Loc-RIB.
 */
class BackPressureTest {
    static final int PREFIXES = 3000;

    static byte[] encode(BgpMessage m) {
        ByteBuf b = Unpooled.buffer();
        try {
            BgpMessageCodec.encode(m, b, CodecOptions.FOUR_OCTET_AS);
            byte[] out = new byte[b.readableBytes()];
            b.readBytes(out);
            return out;
        } finally {
            b.release();
        }
    }

    @Test
    void keepalivesFlowAndTheHoldTimerHoldsWhileTheRibIsBehind() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, IpAddresses.parse("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        SpeakerConfig sc = SpeakerConfig.of(65001, IpAddresses.parseIpv4("10.0.0.1"))
                .withListen(IpAddresses.parse("127.0.0.1"), port);
        AtomicInteger learned = new AtomicInteger();
        try (BgpSpeaker speaker = BgpSpeaker.start(sc)) {
            speaker.addPeer(PeerConfig.of(IpAddresses.parse("127.0.0.3"), 65000).withPassive(true).withTimers(3, 1)
                    .withPolicies(Optional.of(RoutePolicy.ACCEPT_ALL), Optional.of(RoutePolicy.ACCEPT_ALL)));
            speaker.addBestPathListener((prefix, best) -> {
                learned.incrementAndGet();
                try {
                    Thread.sleep(1); // a slow consumer: the RIB thread falls behind
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            AtomicInteger keepalives = new AtomicInteger();
            AtomicReference<String> notification = new AtomicReference<>();
            try (Socket peer = new Socket()) {
                peer.bind(new InetSocketAddress(IpAddresses.parse("127.0.0.3"), 0));
                peer.connect(new InetSocketAddress(IpAddresses.parse("127.0.0.1"), port));
                peer.setSoTimeout(20_000);
                Thread reader = new Thread(() -> {
                    try {
                        DataInputStream in = new DataInputStream(peer.getInputStream());
                        while (true) {
                            byte[] header = new byte[19];
                            in.readFully(header);
                            int len = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
                            byte[] body = new byte[len - 19];
                            in.readFully(body);
                            if (header[18] == 4) {
                                keepalives.incrementAndGet();
                            } else if (header[18] == 3) {
                                notification.set((body[0] & 0xff) + "/" + (body[1] & 0xff));
                            }
                        }
                    } catch (IOException e) {
                        // closed
                    }
                }, "peer-reader");
                reader.setDaemon(true);
                reader.start();
                OutputStream out = peer.getOutputStream();
                out.write(encode(OpenMessage.of(65000, 3, IpAddresses.parseIpv4("10.0.0.3"),
                        List.of(Capability.MultiProtocol.IPV4_UNICAST, new Capability.FourOctetAs(65000)))));
                out.write(encode(KeepaliveMessage.INSTANCE));
                out.flush();
                List<PathAttribute> attrs = List.of(new PathAttribute.Origin(OriginType.IGP),
                        PathAttribute.AsPath.sequence(List.of(65000L)),
                        new PathAttribute.NextHop(IpAddresses.parseIpv4("192.0.2.1")));
                byte[] keepalive = encode(KeepaliveMessage.INSTANCE);
                long lastKeepalive = System.nanoTime();
                for (int i = 0; i < PREFIXES; i++) { // one UPDATE per prefix: many small messages
                    IpPrefix p = IpPrefix.of(IpAddresses.fromIpv4Int(0x0a000000 + i), 32);
                    out.write(encode(new UpdateMessage(List.of(), attrs, List.of(p))));
                    if (System.nanoTime() - lastKeepalive > 1_000_000_000L) {
                        out.write(keepalive); // the peer keeps its side alive too
                        lastKeepalive = System.nanoTime();
                    }
                }
                out.flush();
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (learned.get() < PREFIXES && System.nanoTime() < deadline && notification.get() == null) {
                    out.write(keepalive);
                    out.flush();
                    Thread.sleep(500);
                }
                PeerStatus st = speaker.peers().get(0);
                assertThat(notification.get()).as("NOTIFICATION from the speaker").isNull();
                assertThat(learned.get()).isEqualTo(PREFIXES);
                assertThat(st.state()).isEqualTo("Established");
                assertThat(st.flaps()).isZero();
                assertThat(st.readPauses()).as("reading paused by back-pressure").isPositive();
                // ≥ 3 s of RIB work at 1 ms per prefix with a 1 s keepalive interval
                assertThat(keepalives.get()).isGreaterThanOrEqualTo(3);
                assertThat(st.updatesReceived()).isEqualTo(PREFIXES);
            }
        }
    }
}
