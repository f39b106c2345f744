package dev.weft.bgp.transport;

import dev.weft.bgp.wire.BgpMessage;
import dev.weft.bgp.wire.BgpMessageCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Encodes {@link BgpMessage}s with the channel's {@link BgpChannels#CODEC_OPTIONS}
 * (RFC 4271 §4). Stateless and shared.
 */
@Sharable
public final class BgpMessageEncoder extends MessageToByteEncoder<BgpMessage> {
    /** The shared instance. */
    public static final BgpMessageEncoder INSTANCE = new BgpMessageEncoder();

    private BgpMessageEncoder() {
        super(BgpMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, BgpMessage msg, ByteBuf out) {
        BgpMessageCodec.encode(msg, out, BgpChannels.options(ctx.channel()));
    }
}
