package dev.weft.model.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.net.IpAddresses;
import dev.weft.model.endpoint.EndpointId;
import dev.weft.model.endpoint.LocalEndpoint;
import dev.weft.model.filter.Action;
import dev.weft.model.filter.ChainName;
import dev.weft.model.filter.Direction;
import dev.weft.model.filter.EndpointChain;
import dev.weft.model.filter.Match;
import dev.weft.model.filter.PolicyChain;
import dev.weft.model.filter.Rule;
import dev.weft.model.filter.RuleOrigin;
import dev.weft.model.ipset.IpSet;
import dev.weft.model.ipset.IpSetMember;
import dev.weft.model.ipset.IpSetType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DesiredStateDeltaTest {

    static IpSet set(String def, String... ips) {
        return IpSet.of(IpSetType.HASH_IP, def, java.util.Arrays.stream(ips).map(i -> (IpSetMember) new IpSetMember.Address(IpAddresses.parse(i))).toList());
    }

    static DesiredState state(String policy, IpSet set, String pod) {
        ChainName pc = ChainName.policy("x", policy, Direction.INGRESS);
        ChainName ec = ChainName.endpoint("x", pod, Direction.INGRESS);
        PolicyChain chain = new PolicyChain(pc, "x", policy, Direction.INGRESS, List.of(new Rule(List.of(new Match.SourceSet(set.id())),
                Action.ALLOW, new RuleOrigin("x", policy, Direction.INGRESS, 0, 0, -1))));
        EndpointChain endpointChain = new EndpointChain(ec, Direction.INGRESS, List.of(pc), Action.DENY);
        LocalEndpoint ep = new LocalEndpoint(new EndpointId("x", pod), "wft" + pod, List.of(IpAddresses.parse("10.0.0.1")),
                Optional.of(ec), Optional.empty());
        return DesiredState.of(List.of(set), List.of(chain), List.of(endpointChain), List.of(ep));
    }

    @Test
    void additionsComeSetsFirstThenChainsThenEndpointsAndRemovalsInReverse() {
        DesiredState from = state("old", set("pods old", "10.0.0.2"), "a");
        DesiredState to = state("new", set("pods new", "10.0.0.3"), "b");
        List<DesiredStateUpdate> delta = DesiredStateDelta.between(from, to);
        assertThat(delta).extracting(u -> u.getClass().getSimpleName()).containsExactly(
                "IpSetUpdate", "PolicyChainUpdate", "EndpointChainUpdate", "EndpointUpdate",
                "EndpointRemove", "EndpointChainRemove", "PolicyChainRemove", "IpSetRemove");
        assertThat(((DesiredStateUpdate.IpSetUpdate) delta.get(0)).created()).isTrue();
        assertThat(DesiredStateDelta.between(to, to)).isEmpty();
        assertThat(DesiredStateDelta.between(DesiredState.EMPTY, to)).hasSize(4);
    }

    @Test
    void changedSetIsDeliveredAsMemberDelta() {
        DesiredState from = state("p", set("pods s", "10.0.0.2", "10.0.0.3"), "a");
        DesiredState to = state("p", set("pods s", "10.0.0.3", "10.0.0.4"), "a");
        assertThat(DesiredStateDelta.between(from, to)).singleElement().isInstanceOfSatisfying(DesiredStateUpdate.IpSetUpdate.class, u -> {
            assertThat(u.created()).isFalse();
            assertThat(u.added()).extracting(IpSetMember::ipsetText).containsExactly("10.0.0.4");
            assertThat(u.removed()).extracting(IpSetMember::ipsetText).containsExactly("10.0.0.2");
        });
    }

    @Test
    void danglingReferencesAreRefused() {
        DesiredState ok = state("p", set("pods s", "10.0.0.2"), "a");
        assertThatThrownBy(() -> DesiredState.of(List.of(), ok.policyChains().values(), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("references missing IP set");
        assertThatThrownBy(() -> DesiredState.of(ok.ipSets().values(), List.of(), ok.endpointChains().values(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("references missing INGRESS policy chain");
        assertThatThrownBy(() -> DesiredState.of(ok.ipSets().values(), ok.policyChains().values(), List.of(), ok.endpoints().values()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("references missing endpoint chain");
        IpSet withPort = IpSet.of(IpSetType.HASH_IP_PORT, "pods s", List.of());
        assertThatThrownBy(() -> DesiredState.of(List.of(withPort), ok.policyChains().values(), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uses hash:ip,port set");
    }

    @Test
    void stateEqualityIgnoresInsertionOrder() {
        IpSet s1 = set("pods one", "10.0.0.2", "10.0.0.1");
        IpSet s2 = set("pods two", "10.0.0.3");
        DesiredState a = DesiredState.of(List.of(s1, s2), List.of(), List.of(), List.of());
        DesiredState b = DesiredState.of(List.of(s2, set("pods one", "10.0.0.1", "10.0.0.2", "10.0.0.1")), List.of(), List.of(), List.of());
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }
}
