package dev.weft.dataplane.iptables;

import dev.weft.common.net.IpAddresses;
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
import dev.weft.model.filter.RuleOrigin;
import dev.weft.model.ipset.IpSet;
import dev.weft.model.ipset.IpSetMember;
import dev.weft.model.ipset.IpSetType;
import dev.weft.model.ipset.Protocol;
import dev.weft.model.sync.DesiredState;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Hand-built desired states for the tests (the policy engine is another module). Three Pods on
 * one node, as the kernel tests wire them:
 * <pre>
 *   x/a  wfta0  10.99.1.2  fd99:1::2   ingress: deny-all (isolated, nothing allowed)
 *   x/b  wftb0  10.99.2.2  fd99:2::2   ingress: allow-a (from x/a, TCP 80);  egress: to-a (to x/a only)
 *   x/c  wftc0  10.99.3.2  fd99:3::2   not isolated
 * </pre>
 */
final class TestStates {
    static final InetAddress A4 = ip("10.99.1.2");
    static final InetAddress A6 = ip("fd99:1::2");
    static final InetAddress B4 = ip("10.99.2.2");
    static final InetAddress B6 = ip("fd99:2::2");
    static final InetAddress C4 = ip("10.99.3.2");
    static final InetAddress C6 = ip("fd99:3::2");

    private TestStates() {}

    static InetAddress ip(String s) {
        return IpAddresses.parse(s);
    }

    static IpSet podsA() {
        return IpSet.of(IpSetType.HASH_IP, "pods ns=x sel={pod=a}", List.of(new IpSetMember.Address(A4), new IpSetMember.Address(A6)));
    }

    /** The three-Pod state described on the class; {@code allowPort} is the port x/b admits from x/a. */
    static DesiredState threePods(int allowPort) {
        IpSet podsA = podsA();
        ChainName denyAll = ChainName.policy("x", "deny-all", Direction.INGRESS);
        ChainName allowA = ChainName.policy("x", "allow-a", Direction.INGRESS);
        ChainName toA = ChainName.policy("x", "to-a", Direction.EGRESS);
        PolicyChain pDeny = new PolicyChain(denyAll, "x", "deny-all", Direction.INGRESS, List.of());
        PolicyChain pAllow = new PolicyChain(allowA, "x", "allow-a", Direction.INGRESS, List.of(new Rule(
                List.of(new Match.SourceSet(podsA.id()), new Match.L4Protocol(Protocol.TCP), new Match.DestinationPort(PortRange.of(allowPort))),
                Action.ALLOW, new RuleOrigin("x", "allow-a", Direction.INGRESS, 0, 0, 0))));
        PolicyChain pToA = new PolicyChain(toA, "x", "to-a", Direction.EGRESS, List.of(new Rule(
                List.of(new Match.DestinationSet(podsA.id())), Action.ALLOW, new RuleOrigin("x", "to-a", Direction.EGRESS, 0, 0, -1))));
        ChainName aIn = ChainName.endpoint("x", "a", Direction.INGRESS);
        ChainName bIn = ChainName.endpoint("x", "b", Direction.INGRESS);
        ChainName bOut = ChainName.endpoint("x", "b", Direction.EGRESS);
        List<EndpointChain> ecs = List.of(
                new EndpointChain(aIn, Direction.INGRESS, List.of(denyAll), Action.DENY),
                new EndpointChain(bIn, Direction.INGRESS, List.of(allowA), Action.DENY),
                new EndpointChain(bOut, Direction.EGRESS, List.of(toA), Action.DENY));
        List<LocalEndpoint> eps = List.of(
                new LocalEndpoint(new EndpointId("x", "a"), "wfta0", List.of(A4, A6), Optional.of(aIn), Optional.empty()),
                new LocalEndpoint(new EndpointId("x", "b"), "wftb0", List.of(B4, B6), Optional.of(bIn), Optional.of(bOut)),
                new LocalEndpoint(new EndpointId("x", "c"), "wftc0", List.of(C4, C6), Optional.empty(), Optional.empty()));
        return DesiredState.of(List.of(podsA), List.of(pDeny, pAllow, pToA), ecs, eps);
    }

    /** The three Pods, none isolated. */
    static DesiredState open() {
        List<LocalEndpoint> eps = new ArrayList<>();
        eps.add(new LocalEndpoint(new EndpointId("x", "a"), "wfta0", List.of(A4, A6), Optional.empty(), Optional.empty()));
        eps.add(new LocalEndpoint(new EndpointId("x", "b"), "wftb0", List.of(B4, B6), Optional.empty(), Optional.empty()));
        eps.add(new LocalEndpoint(new EndpointId("x", "c"), "wftc0", List.of(C4, C6), Optional.empty(), Optional.empty()));
        return DesiredState.of(List.of(), List.of(), List.of(), eps);
    }

    /**
     * A small state exercising every match kind (for the golden test): an ipBlock set with an
     * exception, a named-port set and a port range.
     */
    static DesiredState everyMatch() {
        IpSet podsA = podsA();
        IpSet block = IpSet.of(IpSetType.HASH_NET, "ipblock 10.0.0.0/8 except 10.1.0.0/16", List.of(
                new IpSetMember.Net(IpPrefix.parse("10.0.0.0/8"), false), new IpSetMember.Net(IpPrefix.parse("10.1.0.0/16"), true)));
        IpSet web = IpSet.of(IpSetType.HASH_IP_PORT, "named-port http pods ns=x sel={}", List.of(
                new IpSetMember.AddressPort(C4, Protocol.TCP, 8080), new IpSetMember.AddressPort(C6, Protocol.TCP, 8080)));
        ChainName in = ChainName.policy("x", "web", Direction.INGRESS);
        ChainName out = ChainName.policy("x", "web", Direction.EGRESS);
        PolicyChain pIn = new PolicyChain(in, "x", "web", Direction.INGRESS, List.of(
                new Rule(List.of(new Match.SourceSet(podsA.id()), new Match.L4Protocol(Protocol.TCP), new Match.DestinationPort(PortRange.of(80))),
                        Action.ALLOW, new RuleOrigin("x", "web", Direction.INGRESS, 0, 0, 0)),
                new Rule(List.of(new Match.SourceSet(block.id()), new Match.L4Protocol(Protocol.SCTP), new Match.DestinationPort(new PortRange(1000, 2000))),
                        Action.ALLOW, new RuleOrigin("x", "web", Direction.INGRESS, 1, 0, 0))));
        PolicyChain pOut = new PolicyChain(out, "x", "web", Direction.EGRESS, List.of(
                new Rule(List.of(new Match.DestinationSetWithPort(web.id())), Action.ALLOW, new RuleOrigin("x", "web", Direction.EGRESS, 0, -1, 0))));
        ChainName bIn = ChainName.endpoint("x", "b", Direction.INGRESS);
        ChainName bOut = ChainName.endpoint("x", "b", Direction.EGRESS);
        return DesiredState.of(List.of(podsA, block, web), List.of(pIn, pOut),
                List.of(new EndpointChain(bIn, Direction.INGRESS, List.of(in), Action.DENY),
                        new EndpointChain(bOut, Direction.EGRESS, List.of(out), Action.DENY)),
                List.of(new LocalEndpoint(new EndpointId("x", "b"), "wftb0", List.of(B4, B6), Optional.of(bIn), Optional.of(bOut))));
    }
}
