package dev.weft.policy.calc;

import dev.weft.model.filter.Action;
import dev.weft.model.filter.ChainName;
import dev.weft.model.filter.Direction;
import dev.weft.model.filter.Match;
import dev.weft.model.filter.PolicyChain;
import dev.weft.model.filter.Rule;
import dev.weft.model.filter.RuleOrigin;
import dev.weft.policy.calc.ValidPolicy.BlockPeer;
import dev.weft.policy.calc.ValidPolicy.SelectorPeer;
import dev.weft.policy.calc.ValidPolicy.ValidPeer;
import dev.weft.policy.calc.ValidPolicy.ValidPort;
import dev.weft.policy.calc.ValidPolicy.ValidRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles one direction of a {@link ValidPolicy} to a {@link PolicyChain}: one {@link Rule} per
 * (rule, peer, port) combination, in that order, each allowing on a match.
 *
 * <p>Matches per combination:
 * <ul>
 *   <li>peer: ingress {@code SourceSet}, egress {@code DestinationSet} of the peer's set
 *       ({@code pods} set for selectors, {@code net} set for an ipBlock); nothing when the rule
 *       has no peers;
 *   <li>port: nothing when the rule has no ports; {@code L4Protocol} for a protocol-only port;
 *       plus {@code DestinationPort} for a number or range; plus {@code DestinationSetWithPort}
 *       for a named port, resolved on the destination Pods: for ingress the Pods the policy selects,
 *       for egress the peer's Pods (all Pods of the cluster when the peer is an ipBlock or absent;
 *       with a selector peer the named-port set replaces the peer's address set, being a subset of it).
 * </ul>
 */
final class RuleCompiler {
    private RuleCompiler() {}

    static PolicyChain compile(ValidPolicy policy, Direction direction, IpSetCalculator sets) {
        List<Rule> rules = new ArrayList<>();
        List<ValidRule> source = policy.rules(direction);
        PodScope selected = PodScope.inNamespace(policy.namespace(), policy.podSelector());
        for (int i = 0; i < source.size(); i++) {
            ValidRule rule = source.get(i);
            List<ValidPeer> peers = rule.peers().isEmpty() ? java.util.Collections.singletonList(null) : rule.peers();
            List<ValidPort> ports = rule.ports().isEmpty() ? java.util.Collections.singletonList(null) : rule.ports();
            for (int j = 0; j < peers.size(); j++) {
                ValidPeer peer = peers.get(j);
                for (int k = 0; k < ports.size(); k++) {
                    ValidPort port = ports.get(k);
                    List<Match> matches = new ArrayList<>();
                    boolean namedEgressToSelector = direction == Direction.EGRESS && port != null && port.name() != null
                            && peer instanceof SelectorPeer;
                    if (peer != null && !namedEgressToSelector) {
                        var set = peer instanceof SelectorPeer s ? sets.pods(s.scope()) : sets.block((BlockPeer) peer);
                        matches.add(direction == Direction.INGRESS ? new Match.SourceSet(set) : new Match.DestinationSet(set));
                    }
                    if (port != null) {
                        matches.add(new Match.L4Protocol(port.protocol()));
                        if (port.range() != null) {
                            matches.add(new Match.DestinationPort(port.range()));
                        } else if (port.name() != null) {
                            PodScope destinations = direction == Direction.INGRESS ? selected
                                    : peer instanceof SelectorPeer s ? s.scope() : PodScope.CLUSTER;
                            matches.add(new Match.DestinationSetWithPort(sets.namedPort(destinations, port.protocol(), port.name())));
                        }
                    }
                    RuleOrigin origin = new RuleOrigin(policy.namespace(), policy.name(), direction, i,
                            peer == null ? -1 : j, port == null ? -1 : k);
                    rules.add(new Rule(matches, Action.ALLOW, origin));
                }
            }
        }
        return new PolicyChain(ChainName.policy(policy.namespace(), policy.name(), direction),
                policy.namespace(), policy.name(), direction, rules);
    }
}
