package dev.weft.bgp.transport;

import dev.weft.bgp.wire.CodecOptions;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.util.AttributeKey;

/**
 * Pipeline assembly and the per-channel {@link CodecOptions} shared by decoder and encoder.
 */
public final class BgpChannels {
    /** The codec options of a channel; {@link CodecOptions#TWO_OCTET_AS} until set after the OPEN exchange. */
    public static final AttributeKey<CodecOptions> CODEC_OPTIONS = AttributeKey.valueOf("weft.bgp.codecOptions");

    /** Pipeline names. */
    public static final String FRAME_DECODER = "bgpFrameDecoder";
    /** Pipeline names. */
    public static final String MESSAGE_DECODER = "bgpMessageDecoder";
    /** Pipeline names. */
    public static final String MESSAGE_ENCODER = "bgpMessageEncoder";

    private BgpChannels() {}

    /** Adds frame decoder, message decoder and encoder at the end of {@code pipeline}. */
    public static void addCodec(ChannelPipeline pipeline) {
        pipeline.addLast(FRAME_DECODER, new BgpFrameDecoder());
        pipeline.addLast(MESSAGE_DECODER, new BgpMessageDecoder());
        pipeline.addLast(MESSAGE_ENCODER, BgpMessageEncoder.INSTANCE);
    }

    /** The channel's codec options. */
    public static CodecOptions options(Channel channel) {
        CodecOptions o = channel.attr(CODEC_OPTIONS).get();
        return o == null ? CodecOptions.TWO_OCTET_AS : o;
    }

    /** Sets the channel's codec options (from the channel's event loop, before further reads/writes). */
    public static void setOptions(Channel channel, CodecOptions options) {
        channel.attr(CODEC_OPTIONS).set(options);
    }
}
