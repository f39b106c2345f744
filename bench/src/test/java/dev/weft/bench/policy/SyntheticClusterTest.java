package dev.weft.bench.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.policy.calc.PolicyEngine;
import dev.weft.policy.calc.PolicyResult;
import dev.weft.policy.input.LabelSelector;
import dev.weft.policy.input.LabelSelectorRequirement;
import dev.weft.policy.input.LocalEndpointInfo;
import dev.weft.policy.input.NetworkPolicyInfo;
import dev.weft.policy.input.PeerInfo;
import dev.weft.policy.input.PortInfo;
import dev.weft.policy.input.RuleInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The benchmark's synthetic cluster: shape, determinism, validity and the promised mix of features. */
class SyntheticClusterTest {
    private static final SyntheticCluster FULL = SyntheticCluster.generate(100, 100, 10, 50, 7, 42);

    @Test
    void hasTheRequestedShape() {
        assertThat(FULL.namespaces).hasSize(100);
        assertThat(FULL.pods).hasSize(10_000);
        assertThat(FULL.policies).hasSize(1_000);
        assertThat(FULL.pods.stream().map(p -> p.nodeName()).distinct()).hasSize(50);
        assertThat(FULL.pods.stream().map(p -> p.ips().get(0)).distinct()).hasSize(10_000);
        List<LocalEndpointInfo> local = FULL.localEndpoints();
        assertThat(local).hasSize(200);
        assertThat(local).allSatisfy(e -> assertThat(e.interfaceName()).matches("wft[0-9a-f]{11}"));
        assertThat(local.stream().map(LocalEndpointInfo::interfaceName).distinct()).hasSize(200);
    }

    @Test
    void isDeterministic() {
        SyntheticCluster again = SyntheticCluster.generate(100, 100, 10, 50, 7, 42);
        assertThat(again.pods).isEqualTo(FULL.pods);
        assertThat(again.policies).isEqualTo(FULL.policies);
        assertThat(SyntheticCluster.generate(100, 100, 10, 50, 7, 43).pods).isNotEqualTo(FULL.pods);
    }

    @Test
    void everyPolicyIsValidAndTheStateIsNotTrivial() {
        PolicyResult r = PolicyEngine.compute(FULL.state(FULL.pods), FULL.localEndpoints());
        assertThat(r.rejections()).isEmpty();
        assertThat(r.desiredState().endpoints()).hasSize(200);
        assertThat(r.desiredState().policyChains()).hasSizeGreaterThan(100);
        assertThat(r.desiredState().ipSets()).hasSizeGreaterThan(100);
    }

    @Test
    void coversTheMixOfFeatures() {
        List<RuleInfo> rules = new ArrayList<>();
        Set<String> operators = new HashSet<>();
        for (NetworkPolicyInfo p : FULL.policies) {
            Stream.of(p.ingress(), p.egress()).filter(Objects::nonNull).forEach(rules::addAll);
            collect(p.podSelector(), operators);
        }
        List<PeerInfo> peers = rules.stream().filter(r -> r.peers() != null).flatMap(r -> r.peers().stream()).toList();
        List<PortInfo> ports = rules.stream().filter(r -> r.ports() != null).flatMap(r -> r.ports().stream()).toList();
        peers.forEach(p -> {
            collect(p.podSelector(), operators);
            collect(p.namespaceSelector(), operators);
        });
        assertThat(operators).containsExactlyInAnyOrder("In", "NotIn", "Exists", "DoesNotExist");
        assertThat(peers).anyMatch(p -> p.podSelector() != null && p.namespaceSelector() != null);
        assertThat(peers).anyMatch(p -> p.podSelector() == null && p.namespaceSelector() != null);
        assertThat(peers).anyMatch(p -> p.ipBlock() != null && !p.ipBlock().except().isEmpty() && p.ipBlock().cidr().contains(":"));
        assertThat(peers).anyMatch(p -> p.ipBlock() != null && !p.ipBlock().except().isEmpty() && !p.ipBlock().cidr().contains(":"));
        assertThat(ports).anyMatch(p -> p.name() != null);
        assertThat(ports).anyMatch(p -> p.endPort() != null);
        assertThat(ports).extracting(PortInfo::protocol).contains("TCP", "UDP", "SCTP");
        assertThat(FULL.policies).anyMatch(p -> p.egress() != null && p.ingress() != null && p.policyTypes() == null);
        assertThat(FULL.policies).filteredOn(p -> p.name().startsWith("default-deny")).hasSize(20);
    }

    @Test
    void refusesMorePodsThanAddressesPerNode() {
        assertThatThrownBy(() -> SyntheticCluster.generate(100, 300, 1, 100, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void collect(LabelSelector s, Set<String> ops) {
        if (s != null) {
            s.matchExpressions().stream().map(LabelSelectorRequirement::operator).forEach(ops::add);
        }
    }
}
