package dev.weft.model.filter;

import java.util.List;
import java.util.Objects;

/**
 * The rules of one direction of one NetworkPolicy. Shared by every local endpoint the policy
 * selects. Rules are in policy order (rule, then peer, then port); the first matching rule's action
 * applies; if none matches the chain returns without a verdict (iptables: falls off the end).
 *
 * @param name {@link ChainName#policy(String, String, Direction)}
 * @param namespace the policy's namespace
 * @param policyName the policy's name
 * @param direction which of the policy's rule lists this chain holds
 * @param rules the rules; empty when the policy isolates in this direction but allows nothing
 */
public record PolicyChain(ChainName name, String namespace, String policyName, Direction direction, List<Rule> rules) {
    public PolicyChain {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(direction, "direction");
        rules = List.copyOf(rules);
    }
}
