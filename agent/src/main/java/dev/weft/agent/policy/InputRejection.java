package dev.weft.agent.policy;

import java.util.Objects;

/**
 * A datastore object the policy adapter could not convert (for example a Pod whose
 * {@code status.podIP} is not an address, or a field of the wrong JSON type). It is left out of
 * the policy input; every other object keeps being used. Policies that convert but are invalid
 * (a bad CIDR, an unknown protocol) are not rejected here but by the policy engine.
 *
 * @param object {@code Kind namespace/name}, e.g. {@code Pod x/a}
 * @param source the file the object came from, or "" when unknown
 * @param reason a one-line reason naming the field when known
 */
public record InputRejection(String object, String source, String reason) {
    public InputRejection {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return object + (source.isEmpty() ? "" : " (" + source + ")") + ": " + reason;
    }
}
