package dev.weft.policy.eval;

import dev.weft.model.filter.Direction;
import dev.weft.model.filter.RuleOrigin;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict of one direction: egress (at the source Pod) or ingress (at the destination Pod).
 *
 * @param direction which check
 * @param outcome the result
 * @param rule the rule that allowed, when {@code outcome} is ALLOWED
 * @param isolatingPolicies {@code namespace/name} of the policies isolating the Pod in this
 *     direction (all of which were consulted), empty unless ALLOWED or DENIED
 */
public record DirectionVerdict(Direction direction, Outcome outcome, Optional<RuleOrigin> rule, List<String> isolatingPolicies) {
    public DirectionVerdict {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(rule, "rule");
        isolatingPolicies = List.copyOf(isolatingPolicies);
    }

    /** Outcome of one direction's check. */
    public enum Outcome {
        /** That end is not a Pod (an outside address): nothing to check there. */
        NOT_A_POD,
        /** No policy isolates the Pod in this direction: allowed. */
        NOT_ISOLATED,
        /** Isolated, and a rule of a selecting policy allows it. */
        ALLOWED,
        /** Isolated, and no rule of any selecting policy allows it. */
        DENIED
    }

    /** False only for DENIED. */
    public boolean permits() {
        return outcome != Outcome.DENIED;
    }

    /** One line, e.g. {@code ingress: allowed by x/web ingress[0] from[1] ports[0]}. */
    public String describe() {
        String d = direction == Direction.INGRESS ? "ingress" : "egress";
        return switch (outcome) {
            case NOT_A_POD -> d + ": not a Pod, not checked";
            case NOT_ISOLATED -> d + ": not isolated (no policy selects the Pod for " + d + ")";
            case ALLOWED -> d + ": allowed by " + rule.orElseThrow().comment();
            case DENIED -> d + ": denied (isolated by " + String.join(", ", isolatingPolicies) + "; no rule matches)";
        };
    }
}
