package dev.weft.bgp.wire;

/**
 * A malformed field found inside one attribute or prefix list, before the caller decides how
 * strongly to react (RFC 7606 table in {@link RevisedErrorHandling}). Internal to the codec;
 * no stack trace.
 */
final class WireFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient BgpError error;

    WireFormatException(BgpError error, String detail) {
        super(detail, null, false, false);
        this.error = error;
    }

    /** The NOTIFICATION code/subcode that names the problem (3/5 length, 3/6 ORIGIN, ...). */
    BgpError error() {
        return error;
    }
}
