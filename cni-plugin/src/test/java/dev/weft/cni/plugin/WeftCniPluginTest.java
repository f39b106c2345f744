package dev.weft.cni.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeftCniPluginTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String stdin, String... args) throws Exception {
        return WeftCniPlugin.run(args, env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void versionFlagPrintsAboutTextOnStderrLikeTheReferencePlugins() throws Exception {
        assertThat(run(Map.of(), "", "--version")).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
                "CNI weft plugin v0.1.0\nCNI protocol versions supported: 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void noCommandPrintsAboutText() throws Exception {
        assertThat(run(Map.of(), "")).isZero();
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("CNI weft plugin v0.1.0");
    }

    @Test
    void versionCommandIsAnsweredWithoutTheAgent() throws Exception {
        Map<String, String> env = Map.of("CNI_COMMAND", "VERSION", "WEFT_CNI_SOCKET", tmp.resolve("none").toString());
        assertThat(run(env, "{\"cniVersion\":\"0.4.0\"}")).isZero();
        assertThat(out()).isEqualTo("{\"cniVersion\":\"0.4.0\",\"supportedVersions\":[\"0.3.0\",\"0.3.1\",\"0.4.0\",\"1.0.0\",\"1.1.0\"]}\n");
    }

    @Test
    void versionCommandWithoutInputVersionAnswersNewest() throws Exception {
        assertThat(run(Map.of("CNI_COMMAND", "VERSION"), "")).isZero();
        assertThat(out()).startsWith("{\"cniVersion\":\"1.1.0\",");
    }

    @Test
    void unreachableAgentIsTryAgainLaterNamingTheSocket() throws Exception {
        for (String cmd : List.of("ADD", "DEL", "CHECK")) {
            out.reset();
            Path sock = tmp.resolve("missing.sock");
            int rc = run(Map.of("CNI_COMMAND", cmd, "WEFT_CNI_SOCKET", sock.toString()),
                    "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"weft\"}");
            assertThat(rc).isEqualTo(1);
            Map<?, ?> e = (Map<?, ?>) Json.parse(out());
            assertThat(e.get("code")).isEqualTo(11.0);
            assertThat(e.get("cniVersion")).isEqualTo("1.0.0");
            assertThat(e.get("msg")).isEqualTo("weft agent unreachable");
            assertThat((String) e.get("details")).contains(sock.toString());
        }
    }

    @Test
    void socketPrecedenceIsEnvThenConfigThenDefault() {
        Map<String, Object> conf = WeftCniPlugin.parseConfig("{\"weftSocket\":\"/run/a.sock\"}");
        assertThat(WeftCniPlugin.socket(Map.of("WEFT_CNI_SOCKET", "/run/e.sock"), conf)).isEqualTo(Path.of("/run/e.sock"));
        assertThat(WeftCniPlugin.socket(Map.of(), conf)).isEqualTo(Path.of("/run/a.sock"));
        assertThat(WeftCniPlugin.socket(Map.of(), null)).isEqualTo(Path.of("/var/run/weft/cni.sock"));
    }

    @Test
    void forwardsEnvironmentAndStdinAndReturnsTheAgentsAnswer() throws Exception {
        Path sock = tmp.resolve("agent.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            CompletableFuture<String> received = CompletableFuture.supplyAsync(() -> {
                try (SocketChannel c = server.accept()) {
                    ByteBuffer len = ByteBuffer.allocate(4);
                    while (len.hasRemaining()) {
                        c.read(len);
                    }
                    ByteBuffer body = ByteBuffer.allocate(len.getInt(0));
                    while (body.hasRemaining()) {
                        c.read(body);
                    }
                    byte[] answer = "{\"exitCode\":7,\"stdout\":\"{\\\"code\\\":7}\\n\",\"stderr\":\"log\\n\"}".getBytes(StandardCharsets.UTF_8);
                    c.write(ByteBuffer.allocate(4 + answer.length).putInt(answer.length).put(answer).flip());
                    return new String(body.array(), StandardCharsets.UTF_8);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            String stdin = "{\"cniVersion\":\"1.1.0\",\"name\":\"n\",\"type\":\"weft\",\"x\":\"é\\\"\\n\"}";
            Map<String, String> env = Map.of("CNI_COMMAND", "ADD", "CNI_CONTAINERID", "c1", "CNI_NETNS", "",
                    "CNI_IFNAME", "eth0", "HOME", "/root", "WEFT_CNI_SOCKET", sock.toString());
            assertThat(run(env, stdin)).isEqualTo(7);
            assertThat(out()).isEqualTo("{\"code\":7}\n");
            assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("log\n");
            Map<?, ?> req = (Map<?, ?>) Json.parse(received.get());
            assertThat(req.get("protocol")).isEqualTo(1.0);
            assertThat(req.get("stdin")).isEqualTo(stdin);
            @SuppressWarnings("unchecked")
            Map<String, Object> sentEnv = (Map<String, Object>) req.get("env");
            assertThat(sentEnv).containsOnlyKeys("CNI_COMMAND", "CNI_CONTAINERID", "CNI_NETNS", "CNI_IFNAME")
                    .containsEntry("CNI_NETNS", "");
        }
    }

    @Test
    void malformedAnswerIsTryAgainLater() {
        assertThatThrownBy(() -> AgentClient.decodeAnswer("{\"exitCode\":\"x\"}", Path.of("/s")))
                .hasMessageContaining("malformed answer");
    }

    @Test
    void jsonReaderHandlesTheWholeGrammarAndRejectsGarbage() {
        Object v = Json.parse(" {\"a\":[1,-2.5e3,true,false,null,{}],\"b\":\"\\u00e9\\t\\/\"} ");
        assertThat(v).isEqualTo(Map.of("a", java.util.Arrays.asList(1.0, -2500.0, true, false, null, Map.of()), "b", "é\t/"));
        for (String bad : List.of("", "{", "{\"a\":}", "[1,]", "{\"a\":1}x", "\"\\q\"", "nul", "{a:1}")) {
            assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        StringBuilder b = new StringBuilder();
        Json.quote(b, "q\"\\\n\u0001");
        assertThat(Json.parse(b.toString())).isEqualTo("q\"\\\n\u0001");
    }
}
