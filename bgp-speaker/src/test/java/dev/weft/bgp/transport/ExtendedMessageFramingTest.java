package dev.weft.bgp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.wire.BgpError;
import dev.weft.bgp.wire.CodecOptions;
import dev.weft.bgp.wire.KeepaliveMessage;
import dev.weft.bgp.wire.MessageTooLongException;
import dev.weft.bgp.wire.OriginType;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.bgp.wire.Wire;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * RFC 8654 Extended Messages in the Netty pipeline: the frame decoder's 4096 limit, the switch to
 * 65535 (by method or by the channel's codec options), OPEN staying at 4096, the encoder refusing
 * an UPDATE over the negotiated maximum. Every test checks nothing is left over, {@code finish()}
 * is false and no buffer leaks.
 */
class ExtendedMessageFramingTest {
    static final CodecOptions EXT = CodecOptions.FOUR_OCTET_AS.withExtendedMessage(true);

    static EmbeddedChannel channel(CodecOptions options) {
        EmbeddedChannel ch = new EmbeddedChannel();
        BgpChannels.addCodec(ch.pipeline());
        BgpChannels.setOptions(ch, options);
        return ch;
    }

    /** An UPDATE of about 5,100 octets: 300 IPv6 /128s in MP_REACH_NLRI. */
    static UpdateMessage largeUpdate() {
        List<IpPrefix> nlri = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            nlri.add(IpPrefix.parse("2001:db8::" + Integer.toHexString(i + 1) + "/128"));
        }
        return new UpdateMessage(List.of(), List.of(
                PathAttribute.MpReachNlri.ipv6((java.net.Inet6Address) IpAddresses.parse("2001:db8::ffff"), Optional.empty(), nlri),
                new PathAttribute.Origin(OriginType.IGP), PathAttribute.AsPath.sequence(List.of(65000L))), List.of());
    }

    static ByteBuf wrap(byte[] b) {
        return Unpooled.wrappedBuffer(b);
    }

    @Test
    void withoutNegotiationAMessageOver4096IsBadMessageLengthAndTheRestIsDiscarded() {
        EmbeddedChannel ch = channel(CodecOptions.FOUR_OCTET_AS);
        byte[] big = Wire.encode(largeUpdate(), EXT);
        ByteBuf in = wrap(big);
        ch.writeInbound(in, wrap(Wire.encode(KeepaliveMessage.INSTANCE, EXT)));
        BgpDecodeError e = ch.readInbound();
        assertThat(e.fatal()).isTrue();
        assertThat(e.error().is(BgpError.BAD_MESSAGE_LENGTH)).isTrue();
        assertThat(e.error().data()).containsExactly(big[16], big[17]);
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(in.refCnt()).isZero();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void enablingExtendedMessagesOnTheFrameDecoderAcceptsLargeMessagesInPieces() {
        EmbeddedChannel ch = channel(CodecOptions.FOUR_OCTET_AS);
        ch.writeInbound(wrap(Wire.encode(KeepaliveMessage.INSTANCE, EXT)));
        assertThat((Object) ch.readInbound()).isEqualTo(KeepaliveMessage.INSTANCE);
        BgpFrameDecoder.enableExtendedMessages(ch.pipeline());
        assertThat(((BgpFrameDecoder) ch.pipeline().get(BgpChannels.FRAME_DECODER)).maxMessageLength()).isEqualTo(65535);
        byte[] big = Wire.encode(largeUpdate(), EXT);
        assertThat(big.length).isGreaterThan(4096);
        ByteBuf first = Unpooled.wrappedBuffer(big, 0, 3000);
        ByteBuf second = Unpooled.wrappedBuffer(big, 3000, big.length - 3000);
        ch.writeInbound(first);
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(second);
        assertThat((Object) ch.readInbound()).isEqualTo(largeUpdate());
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(first.refCnt()).isZero();
        assertThat(second.refCnt()).isZero();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void codecOptionsWithExtendedMessagesSwitchTheWholePipeline() {
        EmbeddedChannel ch = channel(EXT);
        ch.writeInbound(wrap(Wire.encode(largeUpdate(), EXT)));
        assertThat((Object) ch.readInbound()).isEqualTo(largeUpdate());
        assertThat(ch.writeOutbound(largeUpdate())).isTrue();
        ByteBuf out = ch.readOutbound();
        assertThat(out.readableBytes()).isEqualTo(Wire.encode(largeUpdate(), EXT).length);
        out.release();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void openOver4096IsRefusedEvenAfterTheSwitch() {
        EmbeddedChannel ch = channel(EXT);
        BgpFrameDecoder.enableExtendedMessages(ch.pipeline());
        byte[] open = Wire.message(1, new byte[5000 - 19]);
        ch.writeInbound(wrap(open));
        BgpDecodeError e = ch.readInbound();
        assertThat(e.error().is(BgpError.BAD_MESSAGE_LENGTH)).isTrue();
        assertThat(e.error().data()).containsExactly(0x13, 0x88);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void theEncoderRefusesAnUpdateOverTheNegotiatedMaximumAndKeepsTheChannel() {
        EmbeddedChannel ch = channel(CodecOptions.FOUR_OCTET_AS);
        ChannelFuture f = ch.writeOneOutbound(largeUpdate());
        ch.flushOutbound();
        assertThat(f.isSuccess()).isFalse();
        assertThat(f.cause()).isInstanceOf(EncoderException.class).hasCauseInstanceOf(MessageTooLongException.class);
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.isOpen()).isTrue();
        assertThat(ch.writeOutbound(KeepaliveMessage.INSTANCE)).isTrue();
        ByteBuf ka = ch.readOutbound();
        assertThat(ka.readableBytes()).isEqualTo(19);
        ka.release();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void enablingWithoutAFrameDecoderIsAnError() {
        EmbeddedChannel ch = new EmbeddedChannel();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BgpFrameDecoder.enableExtendedMessages(ch.pipeline()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(ch.finish()).isFalse();
    }
}
