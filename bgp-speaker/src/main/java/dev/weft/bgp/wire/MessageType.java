package dev.weft.bgp.wire;

/**
 * BGP message type codes (RFC 4271 §4.1, RFC 2918 §3).
 */
public enum MessageType {
    OPEN(1),
    UPDATE(2),
    NOTIFICATION(3),
    KEEPALIVE(4),
    ROUTE_REFRESH(5);

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    /** The one-octet type code on the wire. */
    public int code() {
        return code;
    }

    /** The type for a wire code, or null if unknown (→ NOTIFICATION 1/3). */
    public static MessageType valueOf(int code) {
        return code >= 1 && code <= 5 ? values()[code - 1] : null;
    }
}
