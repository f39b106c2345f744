package dev.weft.agent.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.agent.admin.AdminApi.IpamView;
import dev.weft.agent.admin.AdminApi.PolicyView;
import dev.weft.agent.admin.AdminApi.RouteView;
import dev.weft.agent.admin.AdminApi.RoutesView;
import dev.weft.agent.admin.AdminApi.StatusView;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminServerTest {
    @TempDir
    static Path dir;

    static LiveAgentFixture agent;

    @BeforeAll
    static void start() throws Exception {
        agent = new LiveAgentFixture(dir);
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    private static AdminClient client() {
        return new AdminClient(agent.socket, Duration.ofSeconds(10));
    }

    @Test
    void socketIsOnlyForRoot() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(agent.socket))).isEqualTo("rw-------");
    }

    @Test
    void statusListsTheSpeakerAndTheEstablishedPeer() {
        try (AdminClient c = client()) {
            StatusView s = c.get(AdminApi.STATUS, StatusView.class);
            assertThat(s.node()).isEqualTo("node-1");
            assertThat(s.running()).isTrue();
            assertThat(s.localAs()).isEqualTo(64512L);
            assertThat(s.routerId()).isEqualTo("10.0.0.11");
            assertThat(s.originated()).containsExactly("10.244.1.0/24");
            assertThat(s.peers()).hasSize(1);
            AdminApi.PeerView p = s.peers().get(0);
            assertThat(p.address()).isEqualTo("10.0.0.1");
            assertThat(p.peerAs()).isEqualTo(65000);
            assertThat(p.type()).isEqualTo("eBGP");
            assertThat(p.state()).isEqualTo("Established");
            assertThat(p.since()).isNotNull();
            assertThat(p.prefixesReceived()).isEqualTo(1);
            assertThat(p.prefixesAdvertised()).isEqualTo(1);
            assertThat(p.flaps()).isZero();
            assertThat(p.updatesReceived()).isPositive();
            assertThat(p.updatesSent()).isPositive();
            assertThat(p.lastError()).isNull();
        }
    }

    @Test
    void routesMarkBestPathsAndWhatIsInTheKernel() {
        try (AdminClient c = client()) {
            RoutesView v = c.get(AdminApi.ROUTES, RoutesView.class);
            assertThat(v.kernelError()).isNull();
            assertThat(v.routes()).extracting(RouteView::prefix).containsExactly("10.244.1.0/24", "10.244.2.0/24");
            RouteView local = v.routes().get(0);
            assertThat(local.from()).isEqualTo("local");
            assertThat(local.inKernel()).isFalse();
            RouteView learned = v.routes().get(1);
            assertThat(learned.best()).isTrue();
            assertThat(learned.multipath()).isFalse();
            assertThat(learned.nextHops()).containsExactly("10.0.0.1");
            assertThat(learned.asPath()).containsExactly(65000L);
            assertThat(learned.origin()).isEqualTo("IGP");
            assertThat(learned.from()).isEqualTo("10.0.0.1");
            assertThat(learned.inKernel()).isTrue();
            assertThat(learned.kernelNextHops()).containsExactly("10.0.0.1");
            assertThat(v.kernelOnly()).singleElement().satisfies(k -> {
                assertThat(k.prefix()).isEqualTo("10.244.1.2/32");
                assertThat(k.nextHops()).containsExactly("dev wft0a1b2c3d4e5");
            });
        }
    }

    @Test
    void ipamShowsPoolsBlocksLeasesAndFreeCount() {
        try (AdminClient c = client()) {
            IpamView v = c.get(AdminApi.IPAM, IpamView.class);
            assertThat(v.node()).isEqualTo("node-1");
            assertThat(v.pools()).singleElement().isEqualTo(new AdminApi.PoolView("default-ipv4", "10.244.0.0/16"));
            assertThat(v.blocks()).singleElement().isEqualTo(new AdminApi.BlockView("10.244.1.0/24", "256", 2));
            assertThat(v.leases()).hasSize(2);
            assertThat(v.leases().get(0)).isEqualTo(
                    new AdminApi.LeaseView("10.244.1.2", "10.244.1.0/24", "c0ffee0000000001", "eth0", "x/a"));
            assertThat(v.leases().get(1).pod()).isNull();
            assertThat(v.free()).isEqualTo(agent.ipam.freeAddresses().toString());
            assertThat(Long.parseLong(v.free())).isEqualTo(256 - 3 - 2); // network, broadcast, .1 reserved
        }
    }

    @Test
    void policyReturnsTheDatastoreObjects() {
        try (AdminClient c = client()) {
            PolicyView v = c.get(AdminApi.POLICY, PolicyView.class);
            assertThat(v.objects()).extracting(o -> o.kind() + " " + o.namespace() + "/" + o.name())
                    .containsExactly("Namespace /x", "Namespace /y", "Pod x/a", "Pod y/b", "NetworkPolicy y/deny-all");
            assertThat(v.objects().get(4).object().path("spec").path("policyTypes").get(0).asText()).isEqualTo("Ingress");
            assertThat(v.rejections()).isEmpty();
        }
    }

    @Test
    void ipamBeforeTheNodeHasPodCidrsIsUnavailable() {
        Optional<dev.weft.ipam.Ipam> before = agent.ipamRef.get();
        agent.ipamRef.set(Optional.empty());
        try (AdminClient c = client()) {
            assertThatThrownBy(() -> c.get(AdminApi.IPAM, IpamView.class))
                    .isInstanceOf(AdminClient.AdminException.class)
                    .hasMessage("agent: IPAM is not open yet: node node-1 has no Pod CIDRs (Node spec.podCIDRs)");
        } finally {
            agent.ipamRef.set(before);
        }
    }

    @Test
    void unknownPathIs404AndPostIs405() throws IOException {
        assertThat(raw("GET /v1/nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 404 Not Found").contains("\"error\" : \"no such endpoint: /v1/nope\"");
        assertThat(raw("POST /v1/status HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 405 Method Not Allowed");
        assertThat(raw("garbage\r\n\r\n")).startsWith("HTTP/1.1 400 Bad Request");
    }

    @Test
    void anEndpointThatFailsAnswers500AndTheServerGoesOn() throws Exception {
        Path s = dir.resolve("failing.sock");
        try (AdminServer server = AdminServer.start(s, Map.of("/v1/status", () -> {
                    throw new IllegalStateException("speaker gone");
                }));
                AdminClient c = new AdminClient(s, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> c.getTree("/v1/status")).hasMessage("agent: speaker gone");
            assertThatThrownBy(() -> c.getTree("/v1/status")).hasMessage("agent: speaker gone");
        }
        assertThat(s).doesNotExist();
    }

    @Test
    void aStaleSocketFileIsReplaced() throws Exception {
        Path s = dir.resolve("stale.sock");
        Files.writeString(s, "left over");
        try (AdminServer server = AdminServer.start(s, Map.of("/v1/status", () -> Map.of("ok", true)));
                AdminClient c = new AdminClient(s, Duration.ofSeconds(5))) {
            JsonNode n = c.getTree("/v1/status");
            assertThat(n.path("ok").asBoolean()).isTrue();
        }
    }

    @Test
    void clientSaysTheAgentIsNotRunning() throws IOException {
        try (AdminClient c = new AdminClient(dir.resolve("none.sock"), Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> c.getTree(AdminApi.STATUS))
                    .isInstanceOf(AdminClient.AdminException.class)
                    .hasMessage("weft-agent is not running (no admin socket at " + dir.resolve("none.sock") + ")");
        }
        // A socket file nobody listens on (agent killed): connection refused.
        Path dead = dir.resolve("dead.sock");
        try (var ch = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(dead));
        }
        try (AdminClient c = new AdminClient(dead, Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> c.getTree(AdminApi.STATUS))
                    .isInstanceOf(AdminClient.AdminException.class)
                    .hasMessageStartingWith("weft-agent is not running (cannot connect to " + dead);
        }
    }

    private static String raw(String request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(agent.socket));
            ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            while (ch.read(buf) >= 0 && buf.hasRemaining()) {
                // read until the server closes
            }
            buf.flip();
            return StandardCharsets.UTF_8.decode(buf).toString();
        }
    }
}
