package dev.weft.policy.calc;

/** A NetworkPolicy field the API would not admit; the message is the reason shown to the user. */
final class InvalidPolicyException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidPolicyException(String reason) {
        super(reason, null, false, false);
    }
}
