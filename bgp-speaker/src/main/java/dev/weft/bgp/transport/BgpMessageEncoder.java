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
 *
 * <pre>
 * BgpMessage ──► | Marker (16) | Length (2) | Type (1) | body | ──► ByteBuf
 * </pre>
 *
 * A message longer than the channel's {@link dev.weft.bgp.wire.CodecOptions#maxMessageLength()}
 * (4096, or 65535 with Extended Messages; OPEN and KEEPALIVE always 4096, RFC 8654 §4) is not
 * sent: the write's promise fails with an {@link io.netty.handler.codec.EncoderException} whose
 * cause is a {@link dev.weft.bgp.wire.MessageTooLongException}, nothing reaches the socket and the
 * channel stays open. Callers packing UPDATEs must stay under the limit.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8654#section-4">RFC 8654 §4</a>
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
