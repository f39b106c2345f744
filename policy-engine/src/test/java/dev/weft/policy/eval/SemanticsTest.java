package dev.weft.policy.eval;

import static dev.weft.policy.fixtures.TestCluster.egress;
import static dev.weft.policy.fixtures.TestCluster.from;
import static dev.weft.policy.fixtures.TestCluster.ingress;
import static dev.weft.policy.fixtures.TestCluster.labels;
import static dev.weft.policy.fixtures.TestCluster.policy;
import static dev.weft.policy.fixtures.TestCluster.port;
import static dev.weft.policy.fixtures.TestCluster.ports;
import static dev.weft.policy.fixtures.TestCluster.rule;
import static dev.weft.policy.fixtures.TestCluster.sel;
import static dev.weft.policy.fixtures.TestCluster.tcp;
import static dev.weft.policy.fixtures.TestCluster.xyz;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.model.filter.Direction;
import dev.weft.model.ipset.Protocol;
import dev.weft.policy.eval.DirectionVerdict.Outcome;
import dev.weft.policy.fixtures.TestCluster;
import dev.weft.policy.input.LabelSelector;
import dev.weft.policy.input.LabelSelectorRequirement;
import dev.weft.policy.input.PeerInfo;
import dev.weft.policy.input.PortInfo;
import dev.weft.policy.input.RuleInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** networking.k8s.io/v1 semantics, one behaviour per test, through the evaluator. */
class SemanticsTest {

    @Test
    void podWithoutSelectingPolicyIsNotIsolatedAndAllowsEverything() {
        TestCluster c = xyz().policy(ingress("x/deny-a", sel("pod", "a")));
        Verdict v = c.eval("y/a", "x/b", 80, Protocol.TCP);
        assertThat(v.allowed()).isTrue();
        assertThat(v.ingress().outcome()).isEqualTo(Outcome.NOT_ISOLATED);
        assertThat(v.egress().outcome()).isEqualTo(Outcome.NOT_ISOLATED);
        assertThat(c.allowed("y/a", "x/b", 9999, Protocol.UDP)).isTrue();
        assertThat(c.allowed("192.0.2.1", "x/b", 80)).isTrue();
        assertThat(c.evaluator().pods()).extracting(Object::toString)
                .containsExactly("x/a", "x/b", "x/c", "y/a", "y/b", "y/c", "z/a", "z/b", "z/c");
    }

    @Test
    void selectedPodWithIngressTypeAndNoRulesDeniesAllIngressAndNamesTheIsolatingPolicy() {
        TestCluster c = xyz().policy(ingress("x/deny-a", sel("pod", "a")));
        Verdict v = c.eval("y/b", "x/a", 80, Protocol.TCP);
        assertThat(v.allowed()).isFalse();
        assertThat(v.ingress().outcome()).isEqualTo(Outcome.DENIED);
        assertThat(v.ingress().isolatingPolicies()).containsExactly("x/deny-a");
        assertThat(c.allowed("192.0.2.1", "x/a", 80)).isFalse();
        // egress of x/a is not affected by an Ingress-only policy
        assertThat(c.allowed("x/a", "y/b", 80)).isTrue();
    }

    @Test
    void policyInAnotherNamespaceDoesNotSelectPods() {
        TestCluster c = xyz().policy(ingress("y/deny-all", LabelSelector.ALL));
        assertThat(c.allowed("z/a", "x/a", 80)).isTrue();
        assertThat(c.allowed("z/a", "y/a", 80)).isFalse();
    }

    @Test
    void omittedPolicyTypesMeanIngressOnlyWithoutEgressRules() {
        TestCluster c = xyz().policy(policy("x/p", sel("pod", "a"), null, List.of(from(PeerInfo.pods(sel("pod", "b")))), null));
        assertThat(c.allowed("x/b", "x/a", 80)).isTrue();
        assertThat(c.allowed("x/c", "x/a", 80)).isFalse();
        assertThat(c.eval("x/a", "y/c", 80, Protocol.TCP).egress().outcome()).isEqualTo(Outcome.NOT_ISOLATED);
    }

    @Test
    void omittedPolicyTypesWithEgressRulesIsolateBothDirections() {
        // policyTypes omitted + egress rules => [Ingress, Egress]; no ingress rules => all ingress denied
        TestCluster c = xyz().policy(policy("x/p", sel("pod", "a"), null, null, List.of(ports(tcp(80)))));
        assertThat(c.allowed("x/a", "y/b", 80)).isTrue();
        assertThat(c.allowed("x/a", "y/b", 81)).isFalse();
        assertThat(c.eval("y/b", "x/a", 80, Protocol.TCP).ingress().outcome()).isEqualTo(Outcome.DENIED);
    }

    @Test
    void egressOnlyPolicyDoesNotIsolateIngress() {
        TestCluster c = xyz().policy(egress("x/e", sel("pod", "a")));
        assertThat(c.allowed("x/a", "x/b", 80)).isFalse();
        assertThat(c.eval("x/a", "x/b", 80, Protocol.TCP).egress().outcome()).isEqualTo(Outcome.DENIED);
        assertThat(c.allowed("x/b", "x/a", 80)).isTrue();
        assertThat(c.allowed("x/a", "192.0.2.1", 53, Protocol.UDP)).isFalse();
    }

    @Test
    void rulesOfADirectionMissingFromExplicitPolicyTypesAreIgnored() {
        TestCluster c = xyz().policy(policy("x/p", sel("pod", "a"), List.of("Egress"),
                List.of(from(PeerInfo.pods(sel("pod", "b")))), List.of(ports(tcp(80)))));
        assertThat(c.eval("x/c", "x/a", 80, Protocol.TCP).ingress().outcome()).isEqualTo(Outcome.NOT_ISOLATED);
        assertThat(c.allowed("x/a", "x/c", 80)).isTrue();
        assertThat(c.allowed("x/a", "x/c", 81)).isFalse();
    }

    @Test
    void policiesAreAUnionAndTheDecidingRuleIsReported() {
        TestCluster c = xyz()
                .policy(ingress("x/allow-81", sel("pod", "a"), ports(tcp(81))))
                .policy(ingress("x/allow-80", sel("pod", "a"), rule(null, tcp(8080)), rule(null, tcp(80))));
        Verdict v = c.eval("y/a", "x/a", 80, Protocol.TCP);
        assertThat(v.allowed()).isTrue();
        assertThat(v.ingress().rule().orElseThrow().policyName()).isEqualTo("allow-80");
        assertThat(v.ingress().rule().orElseThrow().ruleIndex()).isEqualTo(1);
        assertThat(v.ingress().isolatingPolicies()).containsExactly("x/allow-80", "x/allow-81");
        assertThat(c.allowed("y/a", "x/a", 81)).isTrue();
        assertThat(c.allowed("y/a", "x/a", 82)).isFalse();
    }

    @Test
    void bothDirectionsMustAllow() {
        TestCluster c = xyz()
                .policy(egress("x/a-out", sel("pod", "a"), from(PeerInfo.pods(sel("pod", "b")))))
                .policy(ingress("x/b-in", sel("pod", "b"), from(PeerInfo.pods(sel("pod", "c")))));
        Verdict v = c.eval("x/a", "x/b", 80, Protocol.TCP);
        assertThat(v.egress().outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(v.ingress().outcome()).isEqualTo(Outcome.DENIED);
        assertThat(v.allowed()).isFalse();
        assertThat(c.allowed("x/c", "x/b", 80)).isTrue();
    }

    @Test
    void repliesOfAllowedConnectionsAreAllowedEvenWhenTheReverseIsDenied() {
        TestCluster c = xyz().policy(ingress("x/only-from-b", sel("pod", "a"), from(PeerInfo.pods(sel("pod", "b")))))
                .policy(ingress("x/deny-b", sel("pod", "b")));
        PolicyEvaluator e = c.evaluator();
        assertThat(e.evaluate(TestCluster.peer("x/b"), TestCluster.peer("x/a"), 80, Protocol.TCP).allowed()).isTrue();
        assertThat(e.evaluate(TestCluster.peer("x/a"), TestCluster.peer("x/b"), 80, Protocol.TCP).allowed()).isFalse();
        assertThat(e.replyAllowed(TestCluster.peer("x/b"), TestCluster.peer("x/a"), 80, Protocol.TCP)).isTrue();
        assertThat(e.replyAllowed(TestCluster.peer("x/a"), TestCluster.peer("x/b"), 80, Protocol.TCP)).isFalse();
    }

    @Test
    void podSelectorPeerMeansPodsOfThePolicyNamespaceOnly() {
        TestCluster c = xyz().policy(ingress("x/p", sel("pod", "a"), from(PeerInfo.pods(sel("pod", "b")))));
        assertThat(c.allowed("x/b", "x/a", 80)).isTrue();
        assertThat(c.allowed("y/b", "x/a", 80)).isFalse();
    }

    @Test
    void emptyPodSelectorPeerMeansEveryPodOfThePolicyNamespace() {
        TestCluster c = xyz().policy(ingress("x/p", sel("pod", "a"), from(PeerInfo.pods(LabelSelector.ALL))));
        assertThat(c.allowed("x/c", "x/a", 80)).isTrue();
        assertThat(c.allowed("z/c", "x/a", 80)).isFalse();
        assertThat(c.allowed("192.0.2.1", "x/a", 80)).isFalse();
    }

    @Test
    void namespaceSelectorPeerMeansAllPodsOfMatchingNamespaces() {
        TestCluster c = xyz().policy(ingress("x/p", sel("pod", "a"), from(PeerInfo.namespaces(sel("ns", "y")))));
        assertThat(c.allowed("y/a", "x/a", 80)).isTrue();
        assertThat(c.allowed("y/c", "x/a", 80)).isTrue();
        assertThat(c.allowed("x/b", "x/a", 80)).isFalse();
        assertThat(c.allowed("z/b", "x/a", 80)).isFalse();
    }

    @Test
    void emptyNamespaceSelectorMeansEveryPodOfEveryNamespaceButNoOutsideAddress() {
        TestCluster c = xyz().policy(ingress("x/p", sel("pod", "a"), from(PeerInfo.namespaces(LabelSelector.ALL))));
        assertThat(c.allowed("z/c", "x/a", 80)).isTrue();
        assertThat(c.allowed("x/b", "x/a", 80)).isTrue();
        assertThat(c.allowed("192.0.2.1", "x/a", 80)).isFalse();
    }

    @Test
    void namespaceAndPodSelectorInOnePeerIntersectWhileSeparatePeersUnite() {
        TestCluster and = xyz().policy(ingress("x/p", sel("pod", "a"),
                from(new PeerInfo(sel("pod", "b"), sel("ns", "y"), null))));
        assertThat(and.allowed("y/b", "x/a", 80)).isTrue();
        assertThat(and.allowed("y/c", "x/a", 80)).isFalse();
        assertThat(and.allowed("x/b", "x/a", 80)).isFalse();
        TestCluster or = xyz().policy(ingress("x/p", sel("pod", "a"),
                from(PeerInfo.pods(sel("pod", "b")), PeerInfo.namespaces(sel("ns", "y")))));
        assertThat(or.allowed("y/c", "x/a", 80)).isTrue();
        assertThat(or.allowed("x/b", "x/a", 80)).isTrue();
        assertThat(or.allowed("z/b", "x/a", 80)).isFalse();
    }

    @Test
    void missingFromMeansEverySourceIncludingOutsideAddresses() {
        TestCluster c = xyz().policy(ingress("x/p", sel("pod", "a"), ports(tcp(80))));
        assertThat(c.allowed("192.0.2.1", "x/a", 80)).isTrue();
        assertThat(c.allowed("z/c", "x/a", 80)).isTrue();
        assertThat(c.eval("192.0.2.1", "x/a", 80, Protocol.TCP).egress().outcome()).isEqualTo(Outcome.NOT_A_POD);
    }

    @Test
    void emptyRuleListAllowsNothingButOneEmptyRuleAllowsEverything() {
        TestCluster none = xyz().policy(policy("x/p", sel("pod", "a"), List.of("Ingress"), List.of(), null));
        assertThat(none.allowed("x/b", "x/a", 80)).isFalse();
        TestCluster all = xyz().policy(ingress("x/p", sel("pod", "a"), RuleInfo.ALLOW_ALL));
        assertThat(all.allowed("x/b", "x/a", 80)).isTrue();
        assertThat(all.allowed("192.0.2.1", "x/a", 5000, Protocol.SCTP)).isTrue();
        assertThat(all.eval("x/b", "x/a", 80, Protocol.TCP).ingress().rule().orElseThrow().comment()).isEqualTo("x/p ingress[0]");
    }

    @Test
    void matchExpressionsInNotInExistsDoesNotExist() {
        TestCluster c = xyz()
                .pod("x/d", "10.0.1.4", labels("pod", "d", "team", "blue"))
                .pod("x/e", "10.0.1.5", labels("pod", "e", "team", "red"));
        c.policy(ingress("x/in", sel("pod", "a"), from(PeerInfo.pods(expr("pod", "In", "b", "c")))));
        c.policy(ingress("x/notin", sel("pod", "b"), from(PeerInfo.pods(expr("team", "NotIn", "red")))));
        c.policy(ingress("x/exists", sel("pod", "c"), from(PeerInfo.pods(expr("team", "Exists")))));
        c.policy(ingress("x/dne", sel("pod", "d"), from(PeerInfo.pods(expr("team", "DoesNotExist")))));
        assertThat(c.allowed("x/c", "x/a", 80)).isTrue();
        assertThat(c.allowed("x/d", "x/a", 80)).isFalse();
        // NotIn matches Pods without the key too
        assertThat(c.allowed("x/a", "x/b", 80)).isTrue();
        assertThat(c.allowed("x/d", "x/b", 80)).isTrue();
        assertThat(c.allowed("x/e", "x/b", 80)).isFalse();
        assertThat(c.allowed("x/d", "x/c", 80)).isTrue();
        assertThat(c.allowed("x/a", "x/c", 80)).isFalse();
        assertThat(c.allowed("x/a", "x/d", 80)).isTrue();
        assertThat(c.allowed("x/e", "x/d", 80)).isFalse();
    }

    @Test
    void namespaceSelectorCanUseTheAutomaticMetadataNameLabel() {
        TestCluster c = xyz().policy(ingress("x/p", sel("pod", "a"),
                from(PeerInfo.namespaces(sel("kubernetes.io/metadata.name", "z")))));
        assertThat(c.allowed("z/b", "x/a", 80)).isTrue();
        assertThat(c.allowed("y/b", "x/a", 80)).isFalse();
    }

    static LabelSelector expr(String key, String op, String... values) {
        return new LabelSelector(Map.of(), List.of(new LabelSelectorRequirement(key, op, List.of(values))));
    }

    @Test
    void directionVerdictDescribesItself() {
        TestCluster c = xyz().policy(ingress("x/p", sel("pod", "a"), ports(tcp(80))));
        Verdict v = c.eval("y/a", "x/a", 80, Protocol.TCP);
        assertThat(v.ingress().direction()).isEqualTo(Direction.INGRESS);
        assertThat(v.describe()).contains("ALLOWED").contains("ingress: allowed by x/p ingress[0] ports[0]")
                .contains("egress: not isolated");
        assertThat(c.eval("y/a", "x/a", 81, Protocol.TCP).describe()).contains("DENIED").contains("isolated by x/p");
    }

    @Test
    void aPodCannotBlockAccessToItself() {
        TestCluster c = xyz().policy(ingress("x/deny", LabelSelector.ALL)).policy(egress("x/deny-out", LabelSelector.ALL));
        Verdict v = c.eval("x/a", "x/a", 80, Protocol.TCP);
        assertThat(v.loopback()).isTrue();
        assertThat(v.allowed()).isTrue();
        assertThat(v.ingress().outcome()).isEqualTo(Outcome.DENIED);
        assertThat(v.egress().outcome()).isEqualTo(Outcome.DENIED);
        assertThat(c.eval("x/a", "x/b", 80, Protocol.TCP).loopback()).isFalse();
        assertThat(c.allowed("x/a", "x/b", 80)).isFalse();
    }
}
