package dev.weft.bgp.wire;

/**
 * How an UPDATE error is handled (RFC 7606 §2), weakest first.
 */
public enum ErrorHandling {
    /** Drop the malformed attribute, keep the route (RFC 7606 §2 "attribute discard"). */
    ATTRIBUTE_DISCARD,
    /** Treat every NLRI of the UPDATE as withdrawn (RFC 7606 §2 "treat-as-withdraw"). */
    TREAT_AS_WITHDRAW,
    /** Send a NOTIFICATION and close the session (RFC 4271 §6). */
    SESSION_RESET
}
