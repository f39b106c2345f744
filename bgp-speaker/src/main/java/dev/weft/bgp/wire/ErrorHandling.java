package dev.weft.bgp.wire;

/**
 * How an UPDATE error is handled (RFC 7606 §2), weakest first: {@code compareTo} orders
 * strengths, so the strongest of several errors is their maximum.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7606#section-2">RFC 7606 §2</a>
 */
public enum ErrorHandling {
    /** Drop the malformed attribute, keep the route (RFC 7606 §2 "attribute discard"). */
    ATTRIBUTE_DISCARD,
    /** Treat every NLRI of the UPDATE as withdrawn (RFC 7606 §2 "treat-as-withdraw"). */
    TREAT_AS_WITHDRAW,
    /**
     * Withdraw every route of one AFI/SAFI learned from the peer and ignore that family for the
     * rest of the session (RFC 7606 §2 "AFI/SAFI disable", RFC 4760 §7); a speaker that does not
     * implement it resets the session instead.
     */
    AFI_SAFI_DISABLE,
    /** Send a NOTIFICATION and close the session (RFC 4271 §6). */
    SESSION_RESET;

    /** The stronger of the two. */
    public ErrorHandling max(ErrorHandling other) {
        return other == null || compareTo(other) >= 0 ? this : other;
    }
}
