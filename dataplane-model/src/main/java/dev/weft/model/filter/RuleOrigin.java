package dev.weft.model.filter;

import java.util.Objects;

/**
 * Which part of which NetworkPolicy a {@link Rule} was compiled from; the evaluator reports it and
 * a renderer may put {@link #comment()} in {@code -m comment}.
 *
 * @param namespace the policy's namespace
 * @param policyName the policy's name
 * @param direction {@code ingress} or {@code egress} rules of the policy
 * @param ruleIndex index in {@code spec.ingress} / {@code spec.egress}
 * @param peerIndex index in the rule's {@code from} / {@code to}, or -1 when the rule has no peers (all peers)
 * @param portIndex index in the rule's {@code ports}, or -1 when the rule has no ports (all ports)
 */
public record RuleOrigin(String namespace, String policyName, Direction direction, int ruleIndex, int peerIndex, int portIndex) {
    public RuleOrigin {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(direction, "direction");
        if (ruleIndex < 0 || peerIndex < -1 || portIndex < -1) {
            throw new IllegalArgumentException("invalid rule origin indexes " + ruleIndex + "/" + peerIndex + "/" + portIndex);
        }
    }

    /**
     * A short description such as {@code x/allow-web ingress[0] from[1] ports[0]} (at most 253
     * characters of namespace and name, well under iptables' 256-character comment limit).
     */
    public String comment() {
        StringBuilder b = new StringBuilder(namespace).append('/').append(policyName).append(' ')
                .append(direction == Direction.INGRESS ? "ingress[" : "egress[").append(ruleIndex).append(']');
        if (peerIndex >= 0) {
            b.append(direction == Direction.INGRESS ? " from[" : " to[").append(peerIndex).append(']');
        }
        if (portIndex >= 0) {
            b.append(" ports[").append(portIndex).append(']');
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return comment();
    }
}
