package dev.weft.policy.calc;

import dev.weft.common.net.IpPrefix;
import dev.weft.model.filter.Direction;
import dev.weft.model.filter.PortRange;
import dev.weft.model.ipset.Protocol;
import java.util.List;

/**
 * A validated NetworkPolicy with its effective policy types resolved.
 *
 * @param namespace the policy's namespace
 * @param name the policy's name
 * @param podSelector selects the Pods (of {@code namespace}) the policy applies to
 * @param isolatesIngress effective policyTypes contain Ingress
 * @param isolatesEgress effective policyTypes contain Egress
 * @param ingress ingress rules (empty = none)
 * @param egress egress rules (empty = none)
 */
record ValidPolicy(String namespace, String name, Selector podSelector, boolean isolatesIngress,
                   boolean isolatesEgress, List<ValidRule> ingress, List<ValidRule> egress) {

    boolean isolates(Direction d) {
        return d == Direction.INGRESS ? isolatesIngress : isolatesEgress;
    }

    List<ValidRule> rules(Direction d) {
        return d == Direction.INGRESS ? ingress : egress;
    }

    /** A rule; empty {@code ports} = all ports and protocols, empty {@code peers} = all peers. */
    record ValidRule(List<ValidPort> ports, List<ValidPeer> peers) {}

    /** A peer. */
    sealed interface ValidPeer {}

    /**
     * Pods selected by namespace and pod selectors.
     *
     * @param scope the Pods this peer denotes
     */
    record SelectorPeer(PodScope scope) implements ValidPeer {}

    /**
     * An address block minus exceptions.
     *
     * @param cidr the block (host bits cleared)
     * @param except strict sub-blocks excluded, sorted
     */
    record BlockPeer(IpPrefix cidr, List<IpPrefix> except) implements ValidPeer {}

    /**
     * A port entry: protocol only ({@code range} and {@code name} null), a numeric range, or a name.
     *
     * @param protocol the protocol
     * @param range numeric port or port..endPort, or null
     * @param name named port, or null
     */
    record ValidPort(Protocol protocol, PortRange range, String name) {}
}
