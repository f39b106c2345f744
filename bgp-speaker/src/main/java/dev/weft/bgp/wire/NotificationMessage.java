package dev.weft.bgp.wire;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * NOTIFICATION (RFC 4271 §4.5): an error code, subcode and variable-length data; the sender
 * closes the connection right after it.
 *
 * <pre>
 *  0                   1                   2                   3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Error code    | Error subcode |   Data (variable)             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param code error code (1–6 defined)
 * @param subcode error subcode
 * @param data error data (copied; may be empty)
 */
public record NotificationMessage(int code, int subcode, byte[] data) implements BgpMessage {

    public NotificationMessage {
        if (code < 0 || code > 255 || subcode < 0 || subcode > 255) {
            throw new IllegalArgumentException("code/subcode out of range: " + code + "/" + subcode);
        }
        data = data == null ? new byte[0] : data.clone();
    }

    /** A NOTIFICATION for a known error with no data. */
    public static NotificationMessage of(BgpError error) {
        return new NotificationMessage(error.code(), error.subcode(), new byte[0]);
    }

    /** A NOTIFICATION for a known error with data. */
    public static NotificationMessage of(BgpError error, byte[] data) {
        return new NotificationMessage(error.code(), error.subcode(), data);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** True if this NOTIFICATION carries {@code error}'s code and subcode. */
    public boolean is(BgpError error) {
        return code == error.code() && subcode == error.subcode();
    }

    /** "code/subcode Name", e.g. "6/2 Administrative Shutdown". */
    public String describe() {
        return BgpError.describe(code, subcode);
    }

    @Override
    public MessageType type() {
        return MessageType.NOTIFICATION;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NotificationMessage n && n.code == code && n.subcode == subcode && Arrays.equals(n.data, data);
    }

    @Override
    public int hashCode() {
        return (code * 31 + subcode) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NOTIFICATION " + describe() + (data.length == 0 ? "" : " data=" + HexFormat.of().formatHex(data));
    }
}
