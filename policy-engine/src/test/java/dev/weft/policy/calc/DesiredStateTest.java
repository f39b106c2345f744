package dev.weft.policy.calc;

import static dev.weft.policy.fixtures.TestCluster.egress;
import static dev.weft.policy.fixtures.TestCluster.from;
import static dev.weft.policy.fixtures.TestCluster.ingress;
import static dev.weft.policy.fixtures.TestCluster.ip;
import static dev.weft.policy.fixtures.TestCluster.labels;
import static dev.weft.policy.fixtures.TestCluster.port;
import static dev.weft.policy.fixtures.TestCluster.ports;
import static dev.weft.policy.fixtures.TestCluster.rule;
import static dev.weft.policy.fixtures.TestCluster.sel;
import static dev.weft.policy.fixtures.TestCluster.tcp;
import static dev.weft.policy.fixtures.TestCluster.xyz;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.net.IpPrefix;
import dev.weft.model.endpoint.EndpointId;
import dev.weft.model.endpoint.LocalEndpoint;
import dev.weft.model.filter.Action;
import dev.weft.model.filter.ChainName;
import dev.weft.model.filter.Direction;
import dev.weft.model.filter.EndpointChain;
import dev.weft.model.filter.Match;
import dev.weft.model.filter.PolicyChain;
import dev.weft.model.filter.PortRange;
import dev.weft.model.filter.Rule;
import dev.weft.model.ipset.IpFamily;
import dev.weft.model.ipset.IpSet;
import dev.weft.model.ipset.IpSetMember;
import dev.weft.model.ipset.IpSetType;
import dev.weft.model.ipset.Protocol;
import dev.weft.model.sync.DesiredState;
import dev.weft.model.sync.DesiredStateDelta;
import dev.weft.model.sync.DesiredStateUpdate;
import dev.weft.policy.fixtures.TestCluster;
import dev.weft.policy.input.ClusterState;
import dev.weft.policy.input.LabelSelector;
import dev.weft.policy.input.LocalEndpointInfo;
import dev.weft.policy.input.PeerInfo;
import dev.weft.policy.input.PodRef;
import dev.weft.policy.input.PortInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The shape of the desired state: sets, chains, endpoints, names, determinism. */
class DesiredStateTest {

    static LocalEndpointInfo local(String ref, String iface) {
        return new LocalEndpointInfo(PodRef.parse(ref), iface, List.of());
    }

    @Test
    void onlyLocalEndpointsAreBoundAndOnlyWhatTheyNeedIsEmitted() {
        TestCluster c = xyz()
                .policy(ingress("x/for-a", sel("pod", "a"), from(PeerInfo.pods(sel("pod", "b")))))
                .policy(ingress("y/for-y", LabelSelector.ALL, from(PeerInfo.namespaces(sel("ns", "z")))));
        DesiredState s = PolicyEngine.compute(c.state(), List.of(local("x/a", "wftaaa"), local("x/c", "wftccc"))).desiredState();
        assertThat(s.endpoints()).containsOnlyKeys(new EndpointId("x", "a"), new EndpointId("x", "c"));
        LocalEndpoint a = s.endpoints().get(new EndpointId("x", "a"));
        assertThat(a.interfaceName()).isEqualTo("wftaaa");
        assertThat(a.ips()).containsExactly(ip("10.0.1.1"));
        assertThat(a.ingressChain()).contains(ChainName.endpoint("x", "a", Direction.INGRESS));
        assertThat(a.egressChain()).isEmpty();
        LocalEndpoint cc = s.endpoints().get(new EndpointId("x", "c"));
        assertThat(cc.ingressChain()).isEmpty();
        assertThat(cc.egressChain()).isEmpty();
        // y/for-y selects no local endpoint: neither its chain nor its set is emitted
        assertThat(s.policyChains().values()).extracting(PolicyChain::policyName).containsExactly("for-a");
        assertThat(s.ipSets()).hasSize(1);
        IpSet set = s.ipSets().values().iterator().next();
        assertThat(set.type()).isEqualTo(IpSetType.HASH_IP);
        assertThat(set.definition()).isEqualTo("pods ns=x pod={pod in (b)}");
        assertThat(set.members()).containsExactly(new IpSetMember.Address(ip("10.0.1.2")));
        EndpointChain chain = s.endpointChains().get(a.ingressChain().get());
        assertThat(chain.policyChains()).containsExactly(ChainName.policy("x", "for-a", Direction.INGRESS));
        assertThat(chain.defaultAction()).isEqualTo(Action.DENY);
        PolicyChain pc = s.policyChains().get(chain.policyChains().get(0));
        assertThat(pc.rules()).containsExactly(new Rule(List.of(new Match.SourceSet(set.id())), Action.ALLOW,
                new dev.weft.model.filter.RuleOrigin("x", "for-a", Direction.INGRESS, 0, 0, -1)));
    }

    @Test
    void localEndpointAddressesCountBeforeThePodPublishesItsIp() {
        TestCluster c = new TestCluster().namespace("x")
                .pod("x/server", "10.0.0.1", labels("app", "server"))
                .policy(ingress("x/p", sel("app", "server"), from(PeerInfo.pods(sel("app", "client")))));
        ClusterState withClientNoIp = ClusterState.of(c.state().namespaces(),
                concat(c.state().pods(), new dev.weft.policy.input.PodInfo("x", "client", labels("app", "client"), List.of(), "n1", List.of())),
                c.state().policies());
        DesiredState s = PolicyEngine.compute(withClientNoIp, List.of(
                new LocalEndpointInfo(PodRef.parse("x/client"), "wftcli", List.of(ip("10.0.0.7"))),
                local("x/server", "wftsrv"))).desiredState();
        assertThat(s.endpoints().get(new EndpointId("x", "client")).ips()).containsExactly(ip("10.0.0.7"));
        assertThat(s.ipSets().values()).singleElement().extracting(IpSet::members)
                .isEqualTo(List.of(new IpSetMember.Address(ip("10.0.0.7"))));
    }

    @Test
    void endpointWithoutPodObjectIsNotBound() {
        DesiredState s = PolicyEngine.compute(xyz().state(), List.of(local("x/ghost", "wftghost"))).desiredState();
        assertThat(s).isEqualTo(DesiredState.EMPTY);
    }

    @Test
    void ipBlockSetUsesNomatchForExceptAndSplitsZeroPrefix() {
        TestCluster c = xyz().policy(egress("x/p", sel("pod", "a"), rule(List.of(PeerInfo.ipBlock("0.0.0.0/0", "10.0.0.0/8")), tcp(443))));
        DesiredState s = PolicyEngine.compute(c.state(), List.of(local("x/a", "wfta"))).desiredState();
        IpSet set = s.ipSets().values().iterator().next();
        assertThat(set.type()).isEqualTo(IpSetType.HASH_NET);
        assertThat(set.definition()).isEqualTo("net 0.0.0.0/0 except 10.0.0.0/8");
        assertThat(set.members()).extracting(IpSetMember::ipsetText)
                .containsExactly("0.0.0.0/1", "10.0.0.0/8 nomatch", "128.0.0.0/1");
        PolicyChain pc = s.policyChains().values().iterator().next();
        assertThat(pc.rules().get(0).matches()).containsExactly(new Match.DestinationSet(set.id()),
                new Match.L4Protocol(Protocol.TCP), new Match.DestinationPort(new PortRange(443, 443)));
    }

    @Test
    void namedPortSetHoldsAddressProtocolAndEachPodsNumber() {
        TestCluster c = new TestCluster().namespace("x")
                .pod("x/a", "10.0.0.1", labels("app", "web"), port("http", 8080, "TCP"))
                .pod("x/b", "10.0.0.2", labels("app", "web"), port("http", 9090, "TCP"), port("http", 53, "UDP"))
                .policy(ingress("x/p", sel("app", "web"), ports(PortInfo.named("TCP", "http"))));
        DesiredState s = PolicyEngine.compute(c.state(), List.of(local("x/a", "wfta"))).desiredState();
        IpSet set = s.ipSets().values().iterator().next();
        assertThat(set.type()).isEqualTo(IpSetType.HASH_IP_PORT);
        assertThat(set.members()).extracting(IpSetMember::ipsetText).containsExactly("10.0.0.1,tcp:8080", "10.0.0.2,tcp:9090");
        assertThat(s.policyChains().values().iterator().next().rules().get(0).matches())
                .containsExactly(new Match.L4Protocol(Protocol.TCP), new Match.DestinationSetWithPort(set.id()));
    }

    @Test
    void identicalSelectorsShareOneSet() {
        TestCluster c = xyz()
                .policy(ingress("x/p1", sel("pod", "a"), from(PeerInfo.pods(sel("pod", "b")))))
                .policy(ingress("x/p2", sel("pod", "a"), from(PeerInfo.pods(new LabelSelector(null,
                        List.of(new dev.weft.policy.input.LabelSelectorRequirement("pod", "In", List.of("b"))))))));
        DesiredState s = PolicyEngine.compute(c.state(), List.of(local("x/a", "wfta"))).desiredState();
        assertThat(s.ipSets()).hasSize(1);
        assertThat(s.policyChains()).hasSize(2);
    }

    @Test
    void namesFitKernelLimits() {
        String longName = "n".repeat(63);
        TestCluster c = new TestCluster().namespace(longName)
                .pod(longName + "/" + longName, "10.0.0.1", labels("a", "b"))
                .policy(ingress(longName + "/" + longName, LabelSelector.ALL, from(PeerInfo.pods(LabelSelector.ALL))))
                .policy(egress(longName + "/" + longName + "2", LabelSelector.ALL, from(PeerInfo.pods(LabelSelector.ALL))));
        DesiredState s = PolicyEngine.compute(c.state(), List.of(local(longName + "/" + longName, "wft0123456789a"))).desiredState();
        assertThat(s.policyChains()).hasSize(2);
        assertThat(s.endpointChains()).hasSize(2);
        for (ChainName n : concat(new ArrayList<>(s.policyChains().keySet()), s.endpointChains().keySet().toArray(new ChainName[0]))) {
            assertThat(n.value()).startsWith("WEFT-").hasSizeLessThanOrEqualTo(28);
        }
        for (IpSet set : s.ipSets().values()) {
            for (IpFamily f : IpFamily.values()) {
                assertThat(set.id().kernelName(f)).startsWith("weft-").hasSizeLessThanOrEqualTo(31 - 2);
            }
        }
        assertThatThrownBy(() -> new ChainName("WEFT-" + "X".repeat(24))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sameInputInAnyOrderGivesAnEqualDesiredState() {
        TestCluster c = xyz()
                .pod("x/d", "10.0.1.4", labels("pod", "d"), port("http", 8080, "TCP"))
                .policy(ingress("x/p1", sel("pod", "a"), from(PeerInfo.pods(sel("pod", "b")), PeerInfo.namespaces(sel("ns", "y")))))
                .policy(ingress("x/p0", LabelSelector.ALL, ports(PortInfo.named("TCP", "http"), tcp(80))))
                .policy(egress("x/e", sel("pod", "a"), from(PeerInfo.ipBlock("10.0.0.0/8", "10.0.3.0/24"))))
                .policy(egress("y/e", LabelSelector.ALL, ports(PortInfo.named("TCP", "serve-80-tcp"))));
        ClusterState state = c.state();
        List<LocalEndpointInfo> locals = new ArrayList<>();
        for (var p : state.pods()) {
            locals.add(new LocalEndpointInfo(p.ref(), "wft" + p.namespace() + p.name(), List.of()));
        }
        PolicyResult first = PolicyEngine.compute(state, locals);
        assertThat(first.desiredState().policyChains()).hasSize(4);
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            List<dev.weft.policy.input.NamespaceInfo> ns = new ArrayList<>(state.namespaces());
            List<dev.weft.policy.input.PodInfo> pods = new ArrayList<>(state.pods());
            List<dev.weft.policy.input.NetworkPolicyInfo> pol = new ArrayList<>(state.policies());
            List<LocalEndpointInfo> loc = new ArrayList<>(locals);
            Collections.shuffle(ns, random);
            Collections.shuffle(pods, random);
            Collections.shuffle(pol, random);
            Collections.shuffle(loc, random);
            PolicyResult again = PolicyEngine.compute(ClusterState.of(ns, pods, pol), loc);
            assertThat(again).isEqualTo(first);
            assertThat(DesiredStateDelta.between(first.desiredState(), again.desiredState())).isEmpty();
        }
    }

    @Test
    void aLabelChangeIsAMembershipDeltaWithoutChainChanges() {
        TestCluster before = xyz().policy(ingress("x/p", sel("pod", "a"), from(PeerInfo.pods(sel("role", "client")))));
        List<LocalEndpointInfo> locals = List.of(local("x/a", "wfta"));
        DesiredState s1 = PolicyEngine.compute(before.state(), locals).desiredState();
        TestCluster after = xyz().pod("x/d", "10.0.1.9", labels("role", "client"))
                .policy(ingress("x/p", sel("pod", "a"), from(PeerInfo.pods(sel("role", "client")))));
        DesiredState s2 = PolicyEngine.compute(after.state(), locals).desiredState();
        List<DesiredStateUpdate> delta = DesiredStateDelta.between(s1, s2);
        assertThat(delta).singleElement().isInstanceOfSatisfying(DesiredStateUpdate.IpSetUpdate.class, u -> {
            assertThat(u.created()).isFalse();
            assertThat(u.added()).containsExactly(new IpSetMember.Address(ip("10.0.1.9")));
            assertThat(u.removed()).isEmpty();
        });
    }

    @Test
    void endpointChainListsPoliciesInNameOrder() {
        TestCluster c = xyz()
                .policy(ingress("x/zeta", sel("pod", "a"), ports(tcp(1))))
                .policy(ingress("x/alpha", LabelSelector.ALL, ports(tcp(2))))
                .policy(ingress("x/mid", sel("pod", "a"), ports(tcp(3))));
        DesiredState s = PolicyEngine.compute(c.state(), List.of(local("x/a", "wfta"))).desiredState();
        EndpointChain chain = s.endpointChains().values().iterator().next();
        assertThat(chain.policyChains()).containsExactly(ChainName.policy("x", "alpha", Direction.INGRESS),
                ChainName.policy("x", "mid", Direction.INGRESS), ChainName.policy("x", "zeta", Direction.INGRESS));
    }

    @Test
    void ipv6BlockAndPodsShareOneFamilyNeutralSet() {
        TestCluster c = new TestCluster().namespace("x")
                .pod("x/a", "10.0.0.1", labels("pod", "a"))
                .policy(ingress("x/p", LabelSelector.ALL, from(PeerInfo.ipBlock("fd00::/64", "fd00::1/128"))));
        DesiredState s = PolicyEngine.compute(c.state(), List.of(local("x/a", "wfta"))).desiredState();
        IpSet set = s.ipSets().values().iterator().next();
        assertThat(set.members(IpFamily.V4)).isEmpty();
        assertThat(set.members(IpFamily.V6)).containsExactly(new IpSetMember.Net(IpPrefix.parse("fd00::/64"), false),
                new IpSetMember.Net(IpPrefix.parse("fd00::1/128"), true));
    }

    @Test
    void ipv6ZeroPrefixIsSplitIntoTwoHalves() {
        TestCluster c = new TestCluster().namespace("x").pod("x/a", "fd00::1", labels("pod", "a"))
                .policy(egress("x/p", LabelSelector.ALL, from(PeerInfo.ipBlock("::/0"))));
        DesiredState s = PolicyEngine.compute(c.state(), List.of(local("x/a", "wfta"))).desiredState();
        assertThat(s.ipSets().values().iterator().next().members()).extracting(IpSetMember::ipsetText)
                .containsExactly("::/1", "8000::/1");
        assertThat(c.allowed("x/a", "ffff::1", 80)).isTrue();
        assertThat(c.allowed("x/a", "::2", 80)).isTrue();
    }

    @SafeVarargs
    static <T> List<T> concat(List<T> list, T... more) {
        List<T> out = new ArrayList<>(list);
        out.addAll(List.of(more));
        return out;
    }
}
