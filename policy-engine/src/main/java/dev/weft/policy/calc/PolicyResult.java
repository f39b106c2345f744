package dev.weft.policy.calc;

import dev.weft.model.sync.DesiredState;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one {@link PolicyEngine#compute} call.
 *
 * @param desiredState the node's desired policy dataplane
 * @param rejections policies refused as invalid, in (namespace, name) order; they are not enforced
 */
public record PolicyResult(DesiredState desiredState, List<Rejection> rejections) {
    public PolicyResult {
        Objects.requireNonNull(desiredState, "desiredState");
        rejections = List.copyOf(rejections);
    }
}
