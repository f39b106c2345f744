package dev.weft.bgp.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.weft.bgp.server.BgpSpeaker;
import dev.weft.bgp.server.PeerConfig;
import dev.weft.bgp.server.PeerStatus;
import dev.weft.bgp.server.SpeakerConfig;
import dev.weft.common.net.IpAddresses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * TCP MD5 (RFC 2385) and GTSM (RFC 5082) between two real speakers over loopback (127.0.0.1
 * listens, 127.0.0.2 connects). A wrong key or a TTL below 254 must keep the session down, and
 * the kernel's own counters ({@code TcpExtTCPMD5Failure}, {@code TcpExtTCPMinTTLDrop}) must show
 * that the segments were dropped for that reason.
 */
class BgpTransportTest {
    static final String A = "127.0.0.1";
    static final String B = "127.0.0.2";

    static BgpSpeaker listener() throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, IpAddresses.parse(A))) {
            port = s.getLocalPort();
        }
        return BgpSpeaker.start(SpeakerConfig.of(65001, IpAddresses.parseIpv4("10.0.0.1")).withListen(IpAddresses.parse(A), port));
    }

    static BgpSpeaker connector() {
        return BgpSpeaker.start(SpeakerConfig.of(65002, IpAddresses.parseIpv4("10.0.0.2")).withListen(IpAddresses.parse(B), 0));
    }

    static PeerConfig toB() {
        return PeerConfig.of(IpAddresses.parse(B), 65002).withPassive(true);
    }

    static PeerConfig toA(int port) {
        return PeerConfig.of(IpAddresses.parse(A), 65001).withPeerPort(port).withLocalAddress(IpAddresses.parse(B));
    }

    static String state(BgpSpeaker s) {
        List<PeerStatus> p = s.peers();
        return p.isEmpty() ? "none" : p.get(0).state();
    }

    static boolean await(BooleanSupplier cond, long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            if (cond.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return cond.getAsBoolean();
    }

    /** A TcpExt counter from /proc/net/netstat. */
    static long tcpExt(String name) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/netstat"));
            for (int i = 0; i + 1 < lines.size(); i += 2) {
                String[] k = lines.get(i).split(" ");
                String[] v = lines.get(i + 1).split(" ");
                if (k[0].equals("TcpExt:")) {
                    for (int j = 1; j < k.length; j++) {
                        if (k[j].equals(name)) {
                            return Long.parseLong(v[j]);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no counter " + name);
    }

    @Test
    void md5WithTheSameKeyEstablishes() throws Exception {
        assumeThat(BgpTransport.nativeAvailable()).as("epoll transport").isTrue();
        try (BgpSpeaker a = listener(); BgpSpeaker b = connector()) {
            a.addPeer(toB().withMd5Password(Optional.of("s3cret-ToR")));
            b.addPeer(toA(a.listenPort()).withMd5Password(Optional.of("s3cret-ToR")));
            assertThat(await(() -> state(a).equals("Established") && state(b).equals("Established"), 15_000))
                    .as("a=%s b=%s", state(a), state(b)).isTrue();
        }
    }

    @Test
    void md5WithAWrongKeyIsDroppedByTheKernel() throws Exception {
        assumeThat(BgpTransport.nativeAvailable()).as("epoll transport").isTrue();
        long before = tcpExt("TCPMD5Failure");
        try (BgpSpeaker a = listener(); BgpSpeaker b = connector()) {
            a.addPeer(toB().withMd5Password(Optional.of("s3cret-ToR")));
            b.addPeer(toA(a.listenPort()).withMd5Password(Optional.of("not-the-key")));
            assertThat(await(() -> tcpExt("TCPMD5Failure") > before, 15_000)).as("MD5 failures counted").isTrue();
            assertThat(state(a)).isEqualTo("Active");
            assertThat(state(b)).isIn("Connect", "Active", "Idle");
        }
    }

    @Test
    void gtsmOnBothSidesEstablishes() throws Exception {
        assumeThat(BgpTransport.nativeAvailable()).as("epoll transport").isTrue();
        try (BgpSpeaker a = listener(); BgpSpeaker b = connector()) {
            a.addPeer(toB().withTtlSecurity(true));
            b.addPeer(toA(a.listenPort()).withTtlSecurity(true));
            assertThat(await(() -> state(a).equals("Established") && state(b).equals("Established"), 15_000))
                    .as("a=%s b=%s", state(a), state(b)).isTrue();
        }
    }

    @Test
    void gtsmDropsSegmentsWithALowTtl() throws Exception {
        assumeThat(BgpTransport.nativeAvailable()).as("epoll transport").isTrue();
        long before = tcpExt("TCPMinTTLDrop");
        try (BgpSpeaker a = listener(); BgpSpeaker b = connector()) {
            a.addPeer(toB().withTtlSecurity(true));
            b.addPeer(toA(a.listenPort()).withEbgpMultihop(64)); // as if 191 hops away
            assertThat(await(() -> tcpExt("TCPMinTTLDrop") > before, 15_000)).as("min-TTL drops counted").isTrue();
            assertThat(state(a)).isIn("Active", "OpenSent");
            assertThat(state(b)).isNotEqualTo("Established");
        }
    }

    @Test
    void outgoingSocketsGetMd5GtsmAndUserTimeoutBeforeConnect() {
        assumeThat(BgpTransport.nativeAvailable()).as("epoll transport").isTrue();
        io.netty.bootstrap.Bootstrap b = new io.netty.bootstrap.Bootstrap();
        BgpTransport.configureOutgoing(b, IpAddresses.parse("fd00::1"),
                new SocketSecurity(Optional.of("k"), true, 0, 90_000));
        var options = b.config().options();
        assertThat(options).containsEntry(BgpTransport.OPT_IP_TTL, 255).containsEntry(BgpTransport.OPT_IPV6_UNICAST_HOPS, 255)
                .containsEntry(BgpTransport.OPT_IP_MINTTL, 254).containsEntry(BgpTransport.OPT_IPV6_MINHOPCOUNT, 254)
                .containsEntry(io.netty.channel.epoll.EpollChannelOption.TCP_USER_TIMEOUT, 90_000)
                .containsKey(io.netty.channel.epoll.EpollChannelOption.TCP_MD5SIG);
        io.netty.bootstrap.Bootstrap multihop = new io.netty.bootstrap.Bootstrap();
        BgpTransport.configureOutgoing(multihop, IpAddresses.parse("10.0.0.1"), new SocketSecurity(Optional.empty(), false, 3, 0));
        assertThat(multihop.config().options()).containsEntry(BgpTransport.OPT_IP_TTL, 3)
                .doesNotContainKeys(BgpTransport.OPT_IP_MINTTL, BgpTransport.OPT_IPV6_UNICAST_HOPS,
                        io.netty.channel.epoll.EpollChannelOption.TCP_MD5SIG);
        assertThat(PeerConfig.of(IpAddresses.parse("10.0.0.1"), 1).effectiveTcpUserTimeoutMillis()).isEqualTo(90_000);
    }

    @Test
    void passwordNeverShowsInToString() {
        PeerConfig p = toB().withMd5Password(Optional.of("s3cret-ToR"));
        assertThat(p.toString()).doesNotContain("s3cret").contains("md5Password=***");
        assertThat(new SocketSecurity(p.md5Password(), false, 0, 0).toString()).doesNotContain("s3cret");
    }
}
