package dev.weft.policy.calc;

import static dev.weft.policy.fixtures.TestCluster.from;
import static dev.weft.policy.fixtures.TestCluster.ingress;
import static dev.weft.policy.fixtures.TestCluster.policy;
import static dev.weft.policy.fixtures.TestCluster.ports;
import static dev.weft.policy.fixtures.TestCluster.sel;
import static dev.weft.policy.fixtures.TestCluster.xyz;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.policy.fixtures.TestCluster;
import dev.weft.policy.input.IpBlockInfo;
import dev.weft.policy.input.LabelSelector;
import dev.weft.policy.input.LabelSelectorRequirement;
import dev.weft.policy.input.NetworkPolicyInfo;
import dev.weft.policy.input.PeerInfo;
import dev.weft.policy.input.PortInfo;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Invalid policies are rejected one by one with a reason; every other policy stays enforced. */
class ValidationTest {

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("bad CIDR", from(PeerInfo.ipBlock("10.0.0.300/8")), "spec.ingress[0].from[0].ipBlock.cidr: '10.0.0.300/8' is not a valid CIDR"),
                Arguments.of("CIDR without length", from(PeerInfo.ipBlock("10.0.0.1")), "spec.ingress[0].from[0].ipBlock.cidr: '10.0.0.1' is not a CIDR"),
                Arguments.of("prefix too long", from(PeerInfo.ipBlock("10.0.0.0/33")), "spec.ingress[0].from[0].ipBlock.cidr"),
                Arguments.of("except outside cidr", from(PeerInfo.ipBlock("10.0.0.0/16", "10.1.0.0/24")),
                        "spec.ingress[0].from[0].ipBlock.except[0]: 10.1.0.0/24 is not a strict subset of cidr 10.0.0.0/16"),
                Arguments.of("except equal to cidr", from(PeerInfo.ipBlock("10.0.0.0/16", "10.0.0.0/16")), "is not a strict subset"),
                Arguments.of("except of another family", from(PeerInfo.ipBlock("10.0.0.0/16", "fd00::/64")), "is not a strict subset"),
                Arguments.of("unknown protocol", ports(PortInfo.number("ICMP", 80)),
                        "spec.ingress[0].ports[0].protocol: 'ICMP' is not a supported protocol (TCP, UDP, SCTP)"),
                Arguments.of("lower-case protocol", ports(PortInfo.number("tcp", 80)), "'tcp' is not a supported protocol"),
                Arguments.of("port 0", ports(PortInfo.number("TCP", 0)), "spec.ingress[0].ports[0].port: 0 is out of range 1-65535"),
                Arguments.of("port 65536", ports(PortInfo.number("TCP", 65536)), "65536 is out of range"),
                Arguments.of("endPort below port", ports(new PortInfo("TCP", 90, null, 80)), "spec.ingress[0].ports[0].endPort: 80 is less than port 90"),
                Arguments.of("endPort out of range", ports(new PortInfo("TCP", 90, null, 70000)), "endPort: 70000 is out of range"),
                Arguments.of("endPort with named port", ports(new PortInfo("TCP", null, "http", 90)), "endPort: may not be used with a named port"),
                Arguments.of("endPort without port", ports(new PortInfo("TCP", null, null, 90)), "endPort: may not be used without a numeric port"),
                Arguments.of("bad port name", ports(PortInfo.named("TCP", "Http_Port")), "'Http_Port' is not a valid port name"),
                Arguments.of("numeric port name", ports(PortInfo.named("TCP", "8080")), "'8080' is not a valid port name"),
                Arguments.of("bad operator", from(PeerInfo.pods(expr("pod", "Equals", "a"))),
                        "spec.ingress[0].from[0].podSelector.matchExpressions[0].operator: 'Equals' is not a valid selector operator"),
                Arguments.of("In without values", from(PeerInfo.namespaces(expr("ns", "In"))),
                        "spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].values: must be non-empty for operator In"),
                Arguments.of("NotIn without values", from(PeerInfo.pods(expr("ns", "NotIn"))), "must be non-empty for operator NotIn"),
                Arguments.of("Exists with values", from(PeerInfo.pods(expr("ns", "Exists", "x"))), "must be empty for operator Exists"),
                Arguments.of("empty peer", from(new PeerInfo(null, null, null)), "spec.ingress[0].from[0]: must specify podSelector, namespaceSelector or ipBlock"),
                Arguments.of("ipBlock with selector", from(new PeerInfo(LabelSelector.ALL, null, new IpBlockInfo("10.0.0.0/8", null))),
                        "ipBlock may not be combined"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidPolicyIsRejectedWithReasonAndOthersStayEnforced(String what, dev.weft.policy.input.RuleInfo badRule, String reason) {
        TestCluster c = xyz()
                .policy(ingress("x/bad", sel("pod", "b"), badRule))
                .policy(ingress("x/good", sel("pod", "a"), from(PeerInfo.pods(sel("pod", "c")))));
        PolicyResult r = PolicyEngine.compute(c.state(), List.of());
        assertThat(r.rejections()).hasSize(1);
        assertThat(r.rejections().get(0).policy()).isEqualTo("x/bad");
        assertThat(r.rejections().get(0).reason()).contains(reason);
        assertThat(c.allowed("x/c", "x/a", 80)).isTrue();
        assertThat(c.allowed("x/b", "x/a", 80)).isFalse();
        // the rejected policy does not isolate x/b
        assertThat(c.allowed("y/a", "x/b", 80)).isTrue();
    }

    @Test
    void badPolicyTypeAndBadPodSelectorAreRejected() {
        TestCluster c = xyz()
                .policy(policy("x/t", sel("pod", "a"), List.of("Ingress", "Sideways"), null, null))
                .policy(policy("x/s", expr("pod", "Near", "a"), null, null, null));
        assertThat(c.evaluator().rejections()).extracting(Rejection::toString).containsExactly(
                "x/s: spec.podSelector.matchExpressions[0].operator: 'Near' is not a valid selector operator (In, NotIn, Exists, DoesNotExist)",
                "x/t: spec.policyTypes[1]: 'Sideways' is not Ingress or Egress");
        assertThat(c.allowed("y/a", "x/a", 80)).isTrue();
    }

    @Test
    void duplicateNamespaceNameIsRejected() {
        NetworkPolicyInfo p = ingress("x/dup", sel("pod", "a"));
        TestCluster c = xyz().policy(p).policy(p);
        assertThat(c.evaluator().rejections()).extracting(Rejection::policy).containsExactly("x/dup");
    }

    @Test
    void hostBitsInCidrAreToleratedAsTheApiServerDoes() {
        TestCluster c = xyz().policy(ingress("x/p", sel("pod", "a"), from(PeerInfo.ipBlock("10.0.1.2/24"))));
        assertThat(c.evaluator().rejections()).isEmpty();
        assertThat(c.allowed("x/b", "x/a", 80)).isTrue();
        assertThat(c.allowed("y/b", "x/a", 80)).isFalse();
    }

    static LabelSelector expr(String key, String op, String... values) {
        return new LabelSelector(Map.of(), List.of(new LabelSelectorRequirement(key, op, List.of(values))));
    }
}
