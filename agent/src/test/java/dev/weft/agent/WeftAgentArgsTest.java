package dev.weft.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class WeftAgentArgsTest {
    @Test
    void healthListenAcceptsIpv4BracketedIpv6AndAnyAddress() {
        InetSocketAddress v4 = WeftAgent.hostPort("127.0.0.1:9099");
        assertThat(v4.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(v4.getPort()).isEqualTo(9099);
        InetSocketAddress v6 = WeftAgent.hostPort("[::1]:9199");
        assertThat(v6.getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(v6.getPort()).isEqualTo(9199);
        assertThat(WeftAgent.hostPort(":9099").getAddress().isAnyLocalAddress()).isTrue();
    }

    @Test
    void healthListenRejectsNonsense() {
        assertThatThrownBy(() -> WeftAgent.hostPort("9099")).hasMessage("expected HOST:PORT, got '9099'");
        assertThatThrownBy(() -> WeftAgent.hostPort("::1:9099"))
                .hasMessage("IPv6 addresses need brackets, e.g. [::1]:9099; got '::1:9099'");
        assertThatThrownBy(() -> WeftAgent.hostPort("127.0.0.1:99999"))
                .hasMessage("port out of range 0-65535 in '127.0.0.1:99999'");
        assertThatThrownBy(() -> WeftAgent.hostPort("127.0.0.1:http")).hasMessage("bad port in '127.0.0.1:http'");
    }

    @Test
    void bgpIngestWarmUpIsOnByDefaultAndCanBeTurnedOff() {
        WeftAgent on = new WeftAgent();
        new picocli.CommandLine(on).parseArgs("--datastore", "kubernetes");
        assertThat(on.bgpIngestWarmUp).isTrue();
        WeftAgent off = new WeftAgent();
        new picocli.CommandLine(off).parseArgs("--datastore", "kubernetes", "--no-bgp-ingest-warm-up");
        assertThat(off.bgpIngestWarmUp).isFalse();
    }
}
