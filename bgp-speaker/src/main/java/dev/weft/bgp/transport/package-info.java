/**
 * Netty transport for BGP: framing ({@link dev.weft.bgp.transport.BgpFrameDecoder}), message
 * decoding and encoding, and the per-channel codec options negotiated in the OPEN exchange.
 * Decoding errors travel down the pipeline as {@link dev.weft.bgp.transport.BgpDecodeError}
 * messages so the session handler turns them into NOTIFICATIONs.
 * {@link dev.weft.bgp.transport.BgpTransport} picks Netty's Linux epoll transport (NIO elsewhere)
 * and applies per-peer socket protections: TCP MD5 (RFC 2385), GTSM (RFC 5082), TTL and
 * TCP_USER_TIMEOUT ({@link dev.weft.bgp.transport.SocketSecurity}).
 */
package dev.weft.bgp.transport;
