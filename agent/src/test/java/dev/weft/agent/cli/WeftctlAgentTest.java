package dev.weft.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.agent.admin.LiveAgentFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** weftctl status/routes/ipam/policy --live against a live admin server with real parts. */
class WeftctlAgentTest {
    @TempDir
    static Path dir;

    static LiveAgentFixture agent;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        agent = new LiveAgentFixture(dir);
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    private static WeftctlRun run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--socket";
        all[args.length + 1] = agent.socket.toString();
        return WeftctlRun.of(all);
    }

    @Test
    void statusTable() {
        WeftctlRun r = run("status");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).isEqualTo("Node node-1: BGP AS 64512, router ID 10.0.0.11, originating 10.244.1.0/24");
        assertThat(lines[1]).isEmpty();
        assertThat(lines[2]).matches("PEER ADDRESS  PEER AS  TYPE  STATE        SINCE +UPTIME +RECEIVED  ADVERTISED  INFO");
        assertThat(lines[3]).matches("10\\.0\\.0\\.1      65000    eBGP  Established  \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z +\\d+s +1 +1 +-");
        // Columns line up: every cell starts where its header starts.
        for (String h : new String[] {"PEER AS", "TYPE", "STATE", "SINCE", "UPTIME", "RECEIVED", "ADVERTISED", "INFO"}) {
            int col = lines[2].indexOf(h);
            assertThat(lines[3].charAt(col - 1)).as(h).isEqualTo(' ');
            assertThat(lines[3].charAt(col)).as(h).isNotEqualTo(' ');
        }
        assertThat(lines).hasSize(4);
    }

    @Test
    void statusJson() throws Exception {
        WeftctlRun r = run("status", "-o", "json");
        assertThat(r.exitCode()).isZero();
        JsonNode n = json.readTree(r.out());
        assertThat(n.path("node").asText()).isEqualTo("node-1");
        assertThat(n.path("localAs").asLong()).isEqualTo(64512);
        assertThat(n.path("peers").get(0).path("address").asText()).isEqualTo("10.0.0.1");
        assertThat(n.path("peers").get(0).path("state").asText()).isEqualTo("Established");
        assertThat(n.path("peers").get(0).path("prefixesReceived").asInt()).isEqualTo(1);
    }

    @Test
    void routesTable() {
        WeftctlRun r = run("routes");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("""
                   PREFIX         NEXT HOP  AS PATH  ORIGIN  FROM      KERNEL
                *  10.244.1.0/24  -         -        local   local     no
                *  10.244.2.0/24  10.0.0.1  65000    IGP     10.0.0.1  yes
                (* best, = multipath)

                Kernel routes of protocol weft without a Loc-RIB entry (Pod routes, kept routes):
                PREFIX         NEXT HOP
                10.244.1.2/32  dev wft0a1b2c3d4e5
                """);
    }

    @Test
    void routesJson() throws Exception {
        WeftctlRun r = run("routes", "--output", "json");
        assertThat(r.exitCode()).isZero();
        JsonNode routes = json.readTree(r.out()).path("routes");
        assertThat(routes).hasSize(2);
        assertThat(routes.get(1).path("prefix").asText()).isEqualTo("10.244.2.0/24");
        assertThat(routes.get(1).path("best").asBoolean()).isTrue();
        assertThat(routes.get(1).path("inKernel").asBoolean()).isTrue();
        assertThat(routes.get(1).path("asPath").get(0).asLong()).isEqualTo(65000);
    }

    @Test
    void ipamShowTable() {
        WeftctlRun r = run("ipam", "show");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("""
                Node node-1, lease store %s

                IPPOOL        CIDR
                default-ipv4  10.244.0.0/16

                BLOCK          SIZE  IN USE
                10.244.1.0/24  256   2
                Free addresses: 251

                ADDRESS     BLOCK          CONTAINER ID      INTERFACE  POD
                10.244.1.2  10.244.1.0/24  c0ffee0000000001  eth0       x/a
                10.244.1.3  10.244.1.0/24  c0ffee0000000002  eth0       -
                """.formatted(agent.ipam.directory()));
    }

    @Test
    void ipamShowJson() throws Exception {
        WeftctlRun r = run("ipam", "show", "-o", "json");
        assertThat(r.exitCode()).isZero();
        JsonNode n = json.readTree(r.out());
        assertThat(n.path("free").asText()).isEqualTo("251");
        assertThat(n.path("leases").get(0).path("containerId").asText()).isEqualTo("c0ffee0000000001");
    }

    @Test
    void policyExplainAndMatrixLive() {
        WeftctlRun explain = run("policy", "explain", "--live", "--from", "x/a", "--to", "y/b", "--port", "80");
        assertThat(explain.exitCode()).as(explain.err()).isZero();
        assertThat(explain.out()).startsWith("DENIED x/a (10.244.1.2) -> y/b (10.244.2.2) port 80/TCP\n")
                .contains("ingress of y/b: denied (isolated by y/deny-all");
        WeftctlRun matrix = run("policy", "matrix", "--live", "--port", "80", "--json");
        assertThat(matrix.exitCode()).as(matrix.err()).isZero();
        assertThat(matrix.out()).contains("\"x/a\"", "\"y/b\"");
    }

    @Test
    void agentNotRunningIsOneLineAndExit1() {
        Path none = dir.resolve("no-agent.sock");
        for (String[] args : new String[][] {
            {"status", "--socket", none.toString()},
            {"routes", "--socket", none.toString()},
            {"ipam", "show", "--socket", none.toString(), "-o", "json"},
            {"policy", "matrix", "--live", "--socket", none.toString(), "--port", "80"}}) {
            WeftctlRun r = WeftctlRun.of(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).isEqualTo("weftctl: error: weft-agent is not running (no admin socket at " + none + ")\n");
        }
    }

    @Test
    void badOutputFormatIsAUsageError() {
        WeftctlRun r = run("status", "-o", "yaml");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--output'");
    }

    @Test
    void uptimeText() {
        assertThat(StatusCommand.uptime(7)).isEqualTo("7s");
        assertThat(StatusCommand.uptime(306)).isEqualTo("5m06s");
        assertThat(StatusCommand.uptime(3723)).isEqualTo("1h02m03s");
        assertThat(StatusCommand.uptime(2 * 86400 + 3723)).isEqualTo("2d1h02m03s");
    }

    @Test
    void tableAlignsAndRejectsRaggedRows() {
        Table t = new Table("A", "LONGER", "C").row("xxxx", null, "z").row("y", "b", "");
        assertThat(t.render()).isEqualTo("""
                A     LONGER  C
                xxxx  -       z
                y     b
                """);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.row("only one"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
