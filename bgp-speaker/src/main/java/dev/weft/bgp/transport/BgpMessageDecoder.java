package dev.weft.bgp.transport;

import dev.weft.bgp.wire.BgpMessageCodec;
import dev.weft.bgp.wire.BgpWireException;
import dev.weft.bgp.wire.CodecOptions;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/**
 * Decodes whole frames from {@link BgpFrameDecoder} into {@link dev.weft.bgp.wire.BgpMessage}s
 * using the channel's {@link BgpChannels#CODEC_OPTIONS} (Extended Messages also when only the
 * frame decoder was switched). Errors become {@link BgpDecodeError}s: RFC 7606 soft errors are
 * emitted before the adjusted UPDATE; a session-reset error replaces the message. Frames are
 * released after decoding; decoded messages hold no buffers.
 *
 * <pre>
 * ByteBuf frame (header + body) ──► [BgpDecodeError ...] BgpMessage   or   BgpDecodeError (reset)
 * </pre>
 *
 * @see dev.weft.bgp.wire.UpdateMessage the RFC 7606 outcomes of an UPDATE
 */
public final class BgpMessageDecoder extends MessageToMessageDecoder<ByteBuf> {

    public BgpMessageDecoder() {
        super(ByteBuf.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        CodecOptions options = BgpChannels.options(ctx.channel());
        if (!options.extendedMessage()) {
            BgpFrameDecoder f = ctx.pipeline().get(BgpFrameDecoder.class);
            if (f != null && f.maxMessageLength() > CodecOptions.STANDARD_MAX_LENGTH) {
                options = options.withExtendedMessage(true);
            }
        }
        try {
            out.add(BgpMessageCodec.decode(frame, options, e -> out.add(new BgpDecodeError(e))));
        } catch (BgpWireException e) {
            out.add(new BgpDecodeError(e));
        }
    }
}
