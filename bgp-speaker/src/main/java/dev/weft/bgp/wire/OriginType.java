package dev.weft.bgp.wire;

/**
 * ORIGIN values (RFC 4271 §4.3 a, §5.1.1), ordered as best-path selection prefers them.
 */
public enum OriginType {
    IGP,
    EGP,
    INCOMPLETE;

    /** The wire value (0, 1, 2). */
    public int code() {
        return ordinal();
    }

    /** The value for a wire code, or null if invalid. */
    public static OriginType valueOf(int code) {
        return code >= 0 && code <= 2 ? values()[code] : null;
    }
}
