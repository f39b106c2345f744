package dev.weft.agent.cni;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.common.net.IpPrefix;
import dev.weft.ipam.Ipam;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The socket protocol of {@link CniServer}: framing, malformed requests, parallel clients. */
class CniServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Ipam ipam;
    private CniServer server;
    private Path netns;

    @BeforeEach
    void start() throws Exception {
        ipam = Ipam.open(tmp.resolve("ipam"), List.of(IpPrefix.parse("10.9.0.0/24")));
        netns = Files.createFile(tmp.resolve("netns"));
        server = CniServer.start(tmp.resolve("run/cni.sock"),
                new CniHandler(ipam, new FakePodNetworkDriver(), PodPolicyHook.NO_OP, PodIpListener.NO_OP));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        assertThat(tmp.resolve("run/cni.sock")).doesNotExist();
    }

    private JsonNode call(byte[] payload, int declaredLength) throws Exception {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(server.socket()));
            c.write(ByteBuffer.allocate(4 + payload.length).putInt(declaredLength).put(payload).flip());
            c.shutdownOutput();
            ByteBuffer all = ByteBuffer.allocate(1 << 16);
            while (c.read(all) >= 0) {
                // read to EOF
            }
            all.flip();
            if (all.remaining() == 0) {
                return null;
            }
            int n = all.getInt();
            byte[] body = new byte[n];
            all.get(body);
            return JSON.readTree(body);
        }
    }

    private JsonNode call(String request) throws Exception {
        byte[] b = request.getBytes(StandardCharsets.UTF_8);
        return call(b, b.length);
    }

    private String add(String cid) {
        ObjectNode env = JSON.createObjectNode().put("CNI_COMMAND", "ADD").put("CNI_CONTAINERID", cid)
                .put("CNI_NETNS", netns.toString()).put("CNI_IFNAME", "eth0");
        ObjectNode req = JSON.createObjectNode().put("protocol", 1);
        req.set("env", env);
        req.put("stdin", "{\"cniVersion\":\"1.0.0\",\"name\":\"weft\",\"type\":\"weft\"}");
        return req.toString();
    }

    @Test
    void socketIsPrivateToRoot() throws Exception {
        assertThat(Files.getPosixFilePermissions(server.socket()))
                .containsExactlyInAnyOrderElementsOf(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void answersOneFramePerConnection() throws Exception {
        JsonNode a = call(add("c1"));
        assertThat(a.get("exitCode").asInt()).isZero();
        assertThat(JSON.readTree(a.get("stdout").asText()).get("ips").get(0).get("address").asText()).isEqualTo("10.9.0.2/32");
    }

    @Test
    void malformedRequestIsDecodingFailure() throws Exception {
        for (String bad : List.of("not json", "{\"env\":{}}", "{\"env\":[],\"stdin\":\"\"}", "{\"env\":{},\"stdin\":5}")) {
            JsonNode a = call(bad);
            assertThat(a.get("exitCode").asInt()).as(bad).isEqualTo(1);
            assertThat(JSON.readTree(a.get("stdout").asText()).get("code").asInt()).as(bad).isEqualTo(6);
        }
    }

    @Test
    void badFrameLengthClosesTheConnectionAndTheServerKeepsServing() throws Exception {
        assertThat(call(new byte[0], -1)).isNull();
        assertThat(call(new byte[0], CniServer.MAX_FRAME + 1)).isNull();
        assertThat(call(add("after")).get("exitCode").asInt()).isZero();
    }

    @Test
    void fiftyParallelAddsGetFiftyDistinctAddresses() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String req = add("par" + i);
                answers.add(pool.submit(() -> call(req)));
            }
            Set<String> addresses = new HashSet<>();
            for (Future<JsonNode> f : answers) {
                JsonNode a = f.get();
                assertThat(a.get("exitCode").asInt()).as(a.toString()).isZero();
                addresses.add(JSON.readTree(a.get("stdout").asText()).get("ips").get(0).get("address").asText());
            }
            assertThat(addresses).hasSize(50);
            assertThat(ipam.leases()).hasSize(50);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void silentClientIsDisconnectedAndDoesNotBlockOthers() throws Exception {
        try (CniServer s = CniServer.start(tmp.resolve("t.sock"), new CniHandler(ipam, new FakePodNetworkDriver(),
                PodPolicyHook.NO_OP, PodIpListener.NO_OP), java.time.Duration.ofMillis(200))) {
            List<SocketChannel> silent = new ArrayList<>();
            for (int i = 0; i < CniServer.WORKERS + 2; i++) { // more than there are workers
                SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
                c.connect(UnixDomainSocketAddress.of(s.socket()));
                silent.add(c);
            }
            for (SocketChannel c : silent) {
                assertThat(c.read(ByteBuffer.allocate(1))).isEqualTo(-1); // closed by the server
                c.close();
            }
            CniServer previous = server;
            server = s;
            try {
                assertThat(call(add("after-silence")).get("exitCode").asInt()).isZero();
            } finally {
                server = previous;
            }
        }
    }

    @Test
    void startReplacesAStaleSocketFile() throws Exception {
        Path sock = tmp.resolve("stale.sock");
        Files.writeString(sock, "left over by a killed agent");
        try (CniServer s = CniServer.start(sock, new CniHandler(ipam, new FakePodNetworkDriver(), PodPolicyHook.NO_OP,
                PodIpListener.NO_OP))) {
            assertThat(s.socket()).isEqualTo(sock);
        }
    }
}
