package dev.weft.bgp.wire;

/**
 * NOTIFICATION error codes and subcodes (RFC 4271 §4.5 and §6, RFC 4486 Cease subcodes,
 * RFC 5492 §5 Unsupported Capability, RFC 6608 FSM error subcodes, RFC 7313 §5 ROUTE-REFRESH
 * errors, RFC 8538 §3 Hard Reset, RFC 9234 §4.2 Role Mismatch, RFC 9687 §3 Send Hold Timer
 * Expired).
 */
public enum BgpError {
    HEADER_UNSPECIFIC(1, 0, "Message Header Error"),
    CONNECTION_NOT_SYNCHRONIZED(1, 1, "Connection Not Synchronized"),
    BAD_MESSAGE_LENGTH(1, 2, "Bad Message Length"),
    BAD_MESSAGE_TYPE(1, 3, "Bad Message Type"),
    OPEN_UNSPECIFIC(2, 0, "OPEN Message Error"),
    UNSUPPORTED_VERSION_NUMBER(2, 1, "Unsupported Version Number"),
    BAD_PEER_AS(2, 2, "Bad Peer AS"),
    BAD_BGP_IDENTIFIER(2, 3, "Bad BGP Identifier"),
    UNSUPPORTED_OPTIONAL_PARAMETER(2, 4, "Unsupported Optional Parameter"),
    UNACCEPTABLE_HOLD_TIME(2, 6, "Unacceptable Hold Time"),
    UNSUPPORTED_CAPABILITY(2, 7, "Unsupported Capability"),
    ROLE_MISMATCH(2, 11, "Role Mismatch"),
    UPDATE_UNSPECIFIC(3, 0, "UPDATE Message Error"),
    MALFORMED_ATTRIBUTE_LIST(3, 1, "Malformed Attribute List"),
    UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE(3, 2, "Unrecognized Well-known Attribute"),
    MISSING_WELL_KNOWN_ATTRIBUTE(3, 3, "Missing Well-known Attribute"),
    ATTRIBUTE_FLAGS_ERROR(3, 4, "Attribute Flags Error"),
    ATTRIBUTE_LENGTH_ERROR(3, 5, "Attribute Length Error"),
    INVALID_ORIGIN_ATTRIBUTE(3, 6, "Invalid ORIGIN Attribute"),
    INVALID_NEXT_HOP_ATTRIBUTE(3, 8, "Invalid NEXT_HOP Attribute"),
    OPTIONAL_ATTRIBUTE_ERROR(3, 9, "Optional Attribute Error"),
    INVALID_NETWORK_FIELD(3, 10, "Invalid Network Field"),
    MALFORMED_AS_PATH(3, 11, "Malformed AS_PATH"),
    HOLD_TIMER_EXPIRED(4, 0, "Hold Timer Expired"),
    FSM_ERROR(5, 0, "Finite State Machine Error"),
    FSM_UNEXPECTED_IN_OPEN_SENT(5, 1, "Receive Unexpected Message in OpenSent State"),
    FSM_UNEXPECTED_IN_OPEN_CONFIRM(5, 2, "Receive Unexpected Message in OpenConfirm State"),
    FSM_UNEXPECTED_IN_ESTABLISHED(5, 3, "Receive Unexpected Message in Established State"),
    CEASE(6, 0, "Cease"),
    MAXIMUM_PREFIXES_REACHED(6, 1, "Maximum Number of Prefixes Reached"),
    ADMINISTRATIVE_SHUTDOWN(6, 2, "Administrative Shutdown"),
    PEER_DECONFIGURED(6, 3, "Peer De-configured"),
    ADMINISTRATIVE_RESET(6, 4, "Administrative Reset"),
    CONNECTION_REJECTED(6, 5, "Connection Rejected"),
    OTHER_CONFIGURATION_CHANGE(6, 6, "Other Configuration Change"),
    CONNECTION_COLLISION_RESOLUTION(6, 7, "Connection Collision Resolution"),
    OUT_OF_RESOURCES(6, 8, "Out of Resources"),
    HARD_RESET(6, 9, "Hard Reset"),
    ROUTE_REFRESH_UNSPECIFIC(7, 0, "ROUTE-REFRESH Message Error"),
    ROUTE_REFRESH_INVALID_LENGTH(7, 1, "Invalid Message Length"),
    SEND_HOLD_TIMER_EXPIRED(8, 0, "Send Hold Timer Expired");

    private final int code;
    private final int subcode;
    private final String description;

    BgpError(int code, int subcode, String description) {
        this.code = code;
        this.subcode = subcode;
        this.description = description;
    }

    /** The NOTIFICATION error code. */
    public int code() {
        return code;
    }

    /** The NOTIFICATION error subcode. */
    public int subcode() {
        return subcode;
    }

    /** The RFC's name of this error, e.g. "Hold Timer Expired". */
    public String description() {
        return description;
    }

    /** "code/subcode Name", e.g. "4/0 Hold Timer Expired", for any pair (unknown ones get a generic name). */
    public static String describe(int code, int subcode) {
        for (BgpError e : values()) {
            if (e.code == code && e.subcode == subcode) {
                return code + "/" + subcode + " " + e.description;
            }
        }
        for (BgpError e : values()) {
            if (e.code == code && e.subcode == 0) {
                return code + "/" + subcode + " " + e.description;
            }
        }
        return code + "/" + subcode + " Unknown Error";
    }
}
