/**
 * Netty transport for BGP: framing ({@link dev.weft.bgp.transport.BgpFrameDecoder}), message
 * decoding and encoding, and the per-channel codec options negotiated in the OPEN exchange.
 * Decoding errors travel down the pipeline as {@link dev.weft.bgp.transport.BgpDecodeError}
 * messages so the session handler turns them into NOTIFICATIONs.
 */
package dev.weft.bgp.transport;
