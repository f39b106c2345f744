package dev.weft.bgp.transport;

import dev.weft.bgp.wire.BgpMessageCodec;
import dev.weft.bgp.wire.BgpWireException;
import dev.weft.bgp.wire.CodecOptions;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
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
 * +------------------+------------+----------+---------------------+
 * | Marker (16 × ff) | Length (2) | Type (1) | body (Length − 19)  |
 * +------------------+------------+----------+---------------------+
 * </pre>
 *
 * The largest accepted length is 4096 until Extended Messages are negotiated (RFC 8654 §4),
 * then 65535 (OPEN stays limited to 4096): call {@link #enableExtendedMessages()} (or
 * {@link #enableExtendedMessages(ChannelPipeline)}) on the channel's event loop once both OPENs
 * carried the capability, or set {@link CodecOptions#extendedMessage()} in the channel's
 * {@link BgpChannels#CODEC_OPTIONS}; either raises the limit for every header not yet checked.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4271#section-6.1">RFC 4271 §6.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8654#section-4">RFC 8654 §4</a>
 */
public final class BgpFrameDecoder extends ByteToMessageDecoder {
    private boolean failed;
    private int maxLength = CodecOptions.STANDARD_MAX_LENGTH;

    /** Accepts messages up to 65535 octets from now on (RFC 8654 §4). Call on the channel's event loop. */
    public void enableExtendedMessages() {
        maxLength = CodecOptions.EXTENDED_MAX_LENGTH;
    }

    /**
     * Enables Extended Messages on the frame decoder named {@link BgpChannels#FRAME_DECODER} in
     * {@code pipeline}.
     *
     * @throws IllegalStateException if the pipeline has no such decoder
     */
    public static void enableExtendedMessages(ChannelPipeline pipeline) {
        if (!(pipeline.get(BgpChannels.FRAME_DECODER) instanceof BgpFrameDecoder d)) {
            throw new IllegalStateException("no " + BgpChannels.FRAME_DECODER + " in the pipeline");
        }
        d.enableExtendedMessages();
    }

    /** The largest message length accepted now: 4096 or 65535. */
    public int maxMessageLength() {
        return maxLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int max = Math.max(maxLength, BgpChannels.options(ctx.channel()).maxMessageLength());
        while (in.readableBytes() >= BgpMessageCodec.HEADER_LENGTH) {
            int length;
            try {
                length = BgpMessageCodec.checkHeader(in, max);
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
