package dev.weft.policy.eval;

import static dev.weft.policy.fixtures.TestCluster.egress;
import static dev.weft.policy.fixtures.TestCluster.from;
import static dev.weft.policy.fixtures.TestCluster.ingress;
import static dev.weft.policy.fixtures.TestCluster.labels;
import static dev.weft.policy.fixtures.TestCluster.port;
import static dev.weft.policy.fixtures.TestCluster.ports;
import static dev.weft.policy.fixtures.TestCluster.rule;
import static dev.weft.policy.fixtures.TestCluster.sel;
import static dev.weft.policy.fixtures.TestCluster.tcp;
import static dev.weft.policy.fixtures.TestCluster.xyz;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.model.ipset.Protocol;
import dev.weft.policy.fixtures.TestCluster;
import dev.weft.policy.input.LabelSelector;
import dev.weft.policy.input.PeerInfo;
import dev.weft.policy.input.PortInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Port semantics: numbers, protocols, ranges, named ports. */
class PortsTest {

    @Test
    void numericPortMatchesOnlyThatPortAndProtocolWhichDefaultsToTcp() {
        TestCluster c = xyz().policy(ingress("x/p", sel("pod", "a"), ports(new PortInfo(null, 80, null, null))));
        assertThat(c.allowed("y/a", "x/a", 80, Protocol.TCP)).isTrue();
        assertThat(c.allowed("y/a", "x/a", 80, Protocol.UDP)).isFalse();
        assertThat(c.allowed("y/a", "x/a", 81, Protocol.TCP)).isFalse();
    }

    @Test
    void udpAndSctpPortsMatchTheirOwnProtocol() {
        TestCluster c = xyz().policy(ingress("x/p", sel("pod", "a"),
                ports(PortInfo.number("UDP", 53), PortInfo.number("SCTP", 81))));
        assertThat(c.allowed("y/a", "x/a", 53, Protocol.UDP)).isTrue();
        assertThat(c.allowed("y/a", "x/a", 53, Protocol.TCP)).isFalse();
        assertThat(c.allowed("y/a", "x/a", 81, Protocol.SCTP)).isTrue();
        assertThat(c.allowed("y/a", "x/a", 81, Protocol.TCP)).isFalse();
    }

    @Test
    void noPortsMeansEveryPortOfEveryProtocol() {
        TestCluster c = xyz().policy(ingress("x/p", sel("pod", "a"), from(PeerInfo.pods(sel("pod", "b")))));
        for (Protocol p : Protocol.values()) {
            assertThat(c.allowed("x/b", "x/a", 1, p)).isTrue();
            assertThat(c.allowed("x/b", "x/a", 65535, p)).isTrue();
        }
    }

    @Test
    void protocolOnlyPortMatchesEveryPortOfThatProtocol() {
        TestCluster c = xyz().policy(ingress("x/p", sel("pod", "a"), ports(new PortInfo("UDP", null, null, null))));
        assertThat(c.allowed("y/a", "x/a", 7, Protocol.UDP)).isTrue();
        assertThat(c.allowed("y/a", "x/a", 7, Protocol.TCP)).isFalse();
    }

    @Test
    void endPortIsAnInclusiveRange() {
        TestCluster c = xyz().policy(ingress("x/p", sel("pod", "a"), ports(new PortInfo("TCP", 81, null, 83))));
        assertThat(c.allowed("y/a", "x/a", 80)).isFalse();
        assertThat(c.allowed("y/a", "x/a", 81)).isTrue();
        assertThat(c.allowed("y/a", "x/a", 83)).isTrue();
        assertThat(c.allowed("y/a", "x/a", 84)).isFalse();
    }

    @Test
    void ingressNamedPortResolvesPerDestinationPodAndProtocol() {
        TestCluster c = new TestCluster().namespace("x")
                .pod("x/a", "10.0.0.1", labels("app", "web"), port("http", 8080, "TCP"), port("dns", 53, "UDP"))
                .pod("x/b", "10.0.0.2", labels("app", "web"), port("http", 9090, null))
                .pod("x/c", "10.0.0.3", labels("app", "web"))
                .pod("x/client", "10.0.0.9", labels("app", "client"))
                .policy(ingress("x/p", sel("app", "web"), ports(PortInfo.named(null, "http"), PortInfo.named("TCP", "dns"))));
        assertThat(c.allowed("x/client", "x/a", 8080)).isTrue();
        assertThat(c.allowed("x/client", "x/a", 9090)).isFalse();
        assertThat(c.allowed("x/client", "x/b", 9090)).isTrue();
        assertThat(c.allowed("x/client", "x/b", 8080)).isFalse();
        // a Pod without the name: nothing matches
        assertThat(c.allowed("x/client", "x/c", 8080)).isFalse();
        // the name exists with UDP only; the policy port says TCP
        assertThat(c.allowed("x/client", "x/a", 53, Protocol.TCP)).isFalse();
        assertThat(c.allowed("x/client", "x/a", 53, Protocol.UDP)).isFalse();
        assertThat(c.eval("x/client", "x/b", 9090, Protocol.TCP).ingress().rule().orElseThrow().portIndex()).isEqualTo(0);
    }

    @Test
    void egressNamedPortResolvesAgainstEachDestinationPodsOwnNumber() {
        TestCluster c = new TestCluster().namespace("x").namespace("y")
                .pod("x/client", "10.0.0.9", labels("app", "client"))
                .pod("x/a", "10.0.0.1", labels("app", "web"), port("http", 8080, "TCP"))
                .pod("y/b", "10.0.1.2", labels("app", "web"), port("http", 9090, "TCP"))
                .policy(egress("x/p", sel("app", "client"), ports(PortInfo.named("TCP", "http"))));
        assertThat(c.allowed("x/client", "x/a", 8080)).isTrue();
        assertThat(c.allowed("x/client", "x/a", 9090)).isFalse();
        assertThat(c.allowed("x/client", "y/b", 9090)).isTrue();
        assertThat(c.allowed("x/client", "y/b", 8080)).isFalse();
        assertThat(c.allowed("x/client", "192.0.2.1", 8080)).isFalse();
    }

    @Test
    void egressNamedPortWithSelectorPeerIsLimitedToThePeersPods() {
        TestCluster c = new TestCluster().namespace("x")
                .pod("x/client", "10.0.0.9", labels("app", "client"))
                .pod("x/a", "10.0.0.1", labels("app", "web"), port("http", 8080, "TCP"))
                .pod("x/b", "10.0.0.2", labels("app", "db"), port("http", 8080, "TCP"))
                .policy(egress("x/p", sel("app", "client"), rule(List.of(PeerInfo.pods(sel("app", "web"))), PortInfo.named("TCP", "http"))));
        assertThat(c.allowed("x/client", "x/a", 8080)).isTrue();
        assertThat(c.allowed("x/client", "x/b", 8080)).isFalse();
    }

    @Test
    void egressNamedPortWithIpBlockPeerNeedsBothTheBlockAndAPodWithTheName() {
        TestCluster c = new TestCluster().namespace("x")
                .pod("x/client", "10.0.0.9", labels("app", "client"))
                .pod("x/a", "10.0.0.1", labels("app", "web"), port("http", 8080, "TCP"))
                .pod("x/b", "10.0.5.2", labels("app", "web"), port("http", 8080, "TCP"))
                .policy(egress("x/p", sel("app", "client"),
                        rule(List.of(PeerInfo.ipBlock("10.0.0.0/24")), PortInfo.named("TCP", "http"))));
        assertThat(c.allowed("x/client", "x/a", 8080)).isTrue();
        assertThat(c.allowed("x/client", "x/b", 8080)).isFalse();
        assertThat(c.allowed("x/client", "10.0.0.77", 8080)).isFalse();
    }

    @Test
    void portsAndPeersOfOneRuleCombine() {
        TestCluster c = xyz().policy(ingress("x/p", sel("pod", "a"),
                rule(List.of(PeerInfo.pods(sel("pod", "b")), PeerInfo.namespaces(sel("ns", "z"))), tcp(80), tcp(81))));
        assertThat(c.allowed("x/b", "x/a", 81)).isTrue();
        assertThat(c.allowed("z/c", "x/a", 80)).isTrue();
        assertThat(c.allowed("z/c", "x/a", 82)).isFalse();
        assertThat(c.allowed("y/b", "x/a", 80)).isFalse();
        assertThat(c.eval("z/c", "x/a", 81, Protocol.TCP).ingress().rule().orElseThrow().comment())
                .isEqualTo("x/p ingress[0] from[1] ports[1]");
    }

    @Test
    void ipBlockMatchesByAddressIncludingPodAddressesAndHonoursExcept() {
        TestCluster c = xyz().policy(ingress("x/p", sel("pod", "a"),
                from(PeerInfo.ipBlock("10.0.0.0/16", "10.0.2.0/24", "10.0.3.1/32"))));
        assertThat(c.allowed("x/b", "x/a", 80)).isTrue();
        assertThat(c.allowed("y/b", "x/a", 80)).isFalse();
        assertThat(c.allowed("z/a", "x/a", 80)).isFalse();
        assertThat(c.allowed("z/b", "x/a", 80)).isTrue();
        assertThat(c.allowed("10.0.200.1", "x/a", 80)).isTrue();
        assertThat(c.allowed("10.1.0.1", "x/a", 80)).isFalse();
    }

    @Test
    void ipBlockZeroSlashZeroAllowsEveryIpv4Address() {
        TestCluster c = xyz().policy(egress("x/p", LabelSelector.ALL, from(PeerInfo.ipBlock("0.0.0.0/0", "10.0.3.0/24"))));
        assertThat(c.allowed("x/a", "1.2.3.4", 443)).isTrue();
        assertThat(c.allowed("x/a", "200.2.3.4", 443)).isTrue();
        assertThat(c.allowed("x/a", "y/a", 80)).isTrue();
        assertThat(c.allowed("x/a", "z/a", 80)).isFalse();
    }

    @Test
    void ipv6PodsAndBlocksWork() {
        TestCluster c = new TestCluster().namespace("x")
                .pod("x/a", "fd00::1", labels("pod", "a"))
                .pod("x/b", "fd00::2", labels("pod", "b"))
                .pod("x/c", "fd00:1::3", labels("pod", "c"))
                .policy(ingress("x/p", sel("pod", "a"), from(PeerInfo.ipBlock("fd00::/16", "fd00:1::/48"))));
        assertThat(c.evaluator().rejections()).isEmpty();
        assertThat(c.allowed("x/b", "x/a", 80)).isTrue();
        assertThat(c.allowed("x/c", "x/a", 80)).isFalse();
        assertThat(c.allowed("2001:db8::1", "x/a", 80)).isFalse();
    }
}
