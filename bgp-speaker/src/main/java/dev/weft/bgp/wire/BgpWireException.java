package dev.weft.bgp.wire;

import java.util.Objects;

/**
 * A protocol error found while decoding or validating a message: the NOTIFICATION code,
 * subcode and data to send (RFC 4271 §6) and how strongly to react (RFC 7606 §2).
 * Only {@link ErrorHandling#SESSION_RESET} errors end a session; weaker ones are reported
 * and the message is handled as RFC 7606 says.
 */
public final class BgpWireException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final int subcode;
    private final byte[] data;
    private final ErrorHandling handling;

    /** A session-reset error with the given data. */
    public BgpWireException(BgpError error, byte[] data, String detail) {
        this(error.code(), error.subcode(), data, ErrorHandling.SESSION_RESET, detail);
    }

    /** An error with an explicit handling strength. */
    public BgpWireException(BgpError error, byte[] data, ErrorHandling handling, String detail) {
        this(error.code(), error.subcode(), data, handling, detail);
    }

    /** An error with raw code and subcode. */
    public BgpWireException(int code, int subcode, byte[] data, ErrorHandling handling, String detail) {
        super(BgpError.describe(code, subcode) + (detail == null || detail.isEmpty() ? "" : ": " + detail));
        this.code = code;
        this.subcode = subcode;
        this.data = data == null ? new byte[0] : data.clone();
        this.handling = Objects.requireNonNull(handling, "handling");
    }

    /** NOTIFICATION error code. */
    public int code() {
        return code;
    }

    /** NOTIFICATION error subcode. */
    public int subcode() {
        return subcode;
    }

    /** NOTIFICATION data (a copy). */
    public byte[] data() {
        return data.clone();
    }

    /** RFC 7606 handling strength. */
    public ErrorHandling handling() {
        return handling;
    }

    /** The NOTIFICATION that reports this error. */
    public NotificationMessage toNotification() {
        return new NotificationMessage(code, subcode, data);
    }
}
