package dev.weft.bgp.wire;

/**
 * KEEPALIVE: a 19-octet header and no body (RFC 4271 §4.4).
 */
public record KeepaliveMessage() implements BgpMessage {
    /** The only value needed. */
    public static final KeepaliveMessage INSTANCE = new KeepaliveMessage();

    @Override
    public MessageType type() {
        return MessageType.KEEPALIVE;
    }
}
