package dev.weft.policy.calc;

import java.util.Objects;

/**
 * A NetworkPolicy the engine refused (and does not enforce); every other policy is still enforced.
 *
 * @param policy {@code namespace/name} of the policy
 * @param reason what is wrong, naming the offending field, e.g.
 *     {@code spec.ingress[0].from[1].ipBlock.except[0]: 10.1.0.0/16 is not inside cidr 10.0.0.0/16}
 */
public record Rejection(String policy, String reason) {
    public Rejection {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return policy + ": " + reason;
    }
}
