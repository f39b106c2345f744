package dev.weft.bgp.wire;

import java.util.Objects;
import java.util.Optional;

/**
 * A protocol error found while decoding or validating a message: the NOTIFICATION code,
 * subcode and data to send (RFC 4271 §6) and how strongly to react (RFC 7606 §2).
 * Only {@link ErrorHandling#SESSION_RESET} errors are thrown by the codec; weaker ones are
 * reported through the decoder's soft-error consumer and the UPDATE is adjusted as RFC 7606
 * says (see {@link UpdateMessage}). {@link ErrorHandling#AFI_SAFI_DISABLE} errors name the
 * family in {@link #family()}.
 */
public final class BgpWireException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final int subcode;
    private final byte[] data;
    private final ErrorHandling handling;
    private final transient AddressFamily family;

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
        this(code, subcode, data, handling, null, detail);
    }

    /**
     * An error about one address family (an {@link ErrorHandling#AFI_SAFI_DISABLE} error, or any
     * other error found inside MP_REACH_NLRI / MP_UNREACH_NLRI).
     */
    public BgpWireException(BgpError error, byte[] data, ErrorHandling handling, AddressFamily family, String detail) {
        this(error.code(), error.subcode(), data, handling, family, detail);
    }

    private BgpWireException(int code, int subcode, byte[] data, ErrorHandling handling, AddressFamily family,
            String detail) {
        super(BgpError.describe(code, subcode) + (family == null ? "" : " (" + family + ")")
                + (detail == null || detail.isEmpty() ? "" : ": " + detail), null, false, false);
        this.code = code;
        this.subcode = subcode;
        this.data = data == null ? new byte[0] : data.clone();
        this.handling = Objects.requireNonNull(handling, "handling");
        this.family = family;
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

    /** The address family the error is about (always present for {@link ErrorHandling#AFI_SAFI_DISABLE}). */
    public Optional<AddressFamily> family() {
        return Optional.ofNullable(family);
    }

    /** True if this error carries {@code error}'s code and subcode. */
    public boolean is(BgpError error) {
        return code == error.code() && subcode == error.subcode();
    }

    /** The NOTIFICATION that reports this error. */
    public NotificationMessage toNotification() {
        return new NotificationMessage(code, subcode, data);
    }
}
