package dev.weft.bgp.transport;

import dev.weft.bgp.wire.BgpMessageCodec;
import dev.weft.bgp.wire.BgpWireException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the TCP stream into whole BGP messages (RFC 4271 §4.1), validating each header
 * (marker 1/1, length 1/2, type 1/3) as soon as its 19 octets arrive. Emits each message as a
 * retained {@link ByteBuf} slice (header included). After a header error it emits one
 * {@link BgpDecodeError} and discards everything that follows, since the stream can no longer
 * be synchronised.
 *
 * <pre>
 * | Marker (16) | Length (2) | Type (1) | body (Length − 19) |
 * </pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4271#section-6.1">RFC 4271 §6.1</a>
 */
public final class BgpFrameDecoder extends ByteToMessageDecoder {
    private boolean failed;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= BgpMessageCodec.HEADER_LENGTH) {
            int length;
            try {
                length = BgpMessageCodec.checkHeader(in);
            } catch (BgpWireException e) {
                failed = true;
                in.skipBytes(in.readableBytes());
                out.add(new BgpDecodeError(e));
                return;
            }
            if (in.readableBytes() < length) {
                return;
            }
            out.add(in.readRetainedSlice(length));
        }
    }
}
