package dev.weft.bgp.wire;

/**
 * A message to send is longer than the session allows: 4096 octets, or 65535 once Extended
 * Messages are negotiated (RFC 8654 §4; OPEN and KEEPALIVE always 4096). Thrown by
 * {@link BgpMessageCodec#encode}, which then leaves the output buffer as it was; a caller
 * building UPDATEs must pack them to {@link CodecOptions#maxMessageLength()} (RFC 8654 §4
 * forbids sending a longer one), so this is a bug in the caller, never a peer's fault.
 */
public final class MessageTooLongException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final int length;
    private final int maxLength;

    /** A message (or part) of {@code length} octets where at most {@code maxLength} are allowed. */
    public MessageTooLongException(String what, int length, int maxLength) {
        super(what + " exceeds " + maxLength + " octets (" + length + ")");
        this.length = length;
        this.maxLength = maxLength;
    }

    /** Octets the message would take. */
    public int length() {
        return length;
    }

    /** Octets allowed. */
    public int maxLength() {
        return maxLength;
    }
}
