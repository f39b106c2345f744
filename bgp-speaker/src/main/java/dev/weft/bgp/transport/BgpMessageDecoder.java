package dev.weft.bgp.transport;

import dev.weft.bgp.wire.BgpMessageCodec;
import dev.weft.bgp.wire.BgpWireException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/**
 * Decodes whole frames from {@link BgpFrameDecoder} into {@link dev.weft.bgp.wire.BgpMessage}s
 * using the channel's {@link BgpChannels#CODEC_OPTIONS}. Errors become {@link BgpDecodeError}s:
 * RFC 7606 soft errors are emitted before the adjusted UPDATE; a session-reset error replaces
 * the message. Frames are released after decoding; decoded messages hold no buffers.
 */
public final class BgpMessageDecoder extends MessageToMessageDecoder<ByteBuf> {

    public BgpMessageDecoder() {
        super(ByteBuf.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        try {
            out.add(BgpMessageCodec.decode(frame, BgpChannels.options(ctx.channel()), e -> out.add(new BgpDecodeError(e))));
        } catch (BgpWireException e) {
            out.add(new BgpDecodeError(e));
        }
    }
}
