package dev.weft.bgp.wire;

/**
 * A decoded BGP message (RFC 4271 §4). Immutable; holds no Netty buffers.
 */
public sealed interface BgpMessage
        permits OpenMessage, UpdateMessage, NotificationMessage, KeepaliveMessage, RouteRefreshMessage {

    /** The message type. */
    MessageType type();
}
