package dev.weft.bgp.transport;

import static dev.weft.bgp.wire.Wire.hex;
import static dev.weft.bgp.wire.Wire.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.wire.AsPathSegment;
import dev.weft.bgp.wire.BgpError;
import dev.weft.bgp.wire.CodecOptions;
import dev.weft.bgp.wire.ErrorHandling;
import dev.weft.bgp.wire.KeepaliveMessage;
import dev.weft.bgp.wire.NotificationMessage;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.bgp.wire.Wire;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

class BgpCodecPipelineTest {

    static EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel();
        BgpChannels.addCodec(ch.pipeline());
        return ch;
    }

    static Object next(EmbeddedChannel ch) {
        return ch.readInbound();
    }

    static ByteBuf buf(byte[]... parts) {
        ByteBuf b = Unpooled.buffer();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b;
    }

    @Test
    void splitsAStreamIntoMessages() {
        EmbeddedChannel ch = channel();
        byte[] keepalive = message(4, new byte[0]);
        byte[] notification = message(3, hex("0602"));
        ByteBuf joined = buf(keepalive, notification, keepalive);
        byte[] both = ByteBufUtil.getBytes(joined);
        joined.release();
        // deliver in pieces that cut through headers and bodies
        ch.writeInbound(Unpooled.wrappedBuffer(both, 0, 10));
        assertThat(next(ch)).isNull();
        ch.writeInbound(Unpooled.wrappedBuffer(both, 10, 20));
        assertThat(next(ch)).isEqualTo(KeepaliveMessage.INSTANCE);
        assertThat(next(ch)).isNull();
        ch.writeInbound(Unpooled.wrappedBuffer(both, 30, both.length - 30));
        assertThat(next(ch)).isEqualTo(NotificationMessage.of(BgpError.ADMINISTRATIVE_SHUTDOWN));
        assertThat(next(ch)).isEqualTo(KeepaliveMessage.INSTANCE);
        assertThat(next(ch)).isNull();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void oneByteAtATime() {
        EmbeddedChannel ch = channel();
        byte[] n = message(3, hex("0602 00"));
        for (byte b : n) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertThat(next(ch)).isEqualTo(new NotificationMessage(6, 2, hex("00")));
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void headerErrorIsReportedOnceAndTheRestDiscarded() {
        EmbeddedChannel ch = channel();
        byte[] bad = message(4, new byte[0]);
        bad[17] = 18; // length 18
        ch.writeInbound(buf(bad, message(4, new byte[0])));
        BgpDecodeError e = ch.readInbound();
        assertThat(e.fatal()).isTrue();
        assertThat(e.error().toNotification()).isEqualTo(NotificationMessage.of(BgpError.BAD_MESSAGE_LENGTH, hex("0012")));
        ch.writeInbound(buf(message(4, new byte[0])));
        assertThat(next(ch)).isNull();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void bodyErrorKeepsTheStreamInSync() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(buf(message(1, hex("03 fde9 005a 0a000001 00")), message(4, new byte[0])));
        BgpDecodeError e = ch.readInbound();
        assertThat(e.error().toNotification()).isEqualTo(NotificationMessage.of(BgpError.UNSUPPORTED_VERSION_NUMBER, hex("0004")));
        assertThat(next(ch)).isEqualTo(KeepaliveMessage.INSTANCE);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void softErrorsPrecedeTheAdjustedUpdate() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(buf(Wire.update(new byte[0], hex("40 01 01 07 40 02 00 40 03 04 0a000001"), hex("18 0a0102"))));
        BgpDecodeError e = ch.readInbound();
        assertThat(e.fatal()).isFalse();
        assertThat(e.error().handling()).isEqualTo(ErrorHandling.TREAT_AS_WITHDRAW);
        UpdateMessage u = ch.readInbound();
        assertThat(u.nlri()).isEmpty();
        assertThat(u.withdrawn()).hasSize(1);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void codecOptionsOfTheChannelSelectTheAsNumberSize() {
        EmbeddedChannel ch = channel();
        byte[] as4 = Wire.update(new byte[0], hex("40 01 01 00 40 02 06 02 01 fa56ea00 40 03 04 0a000001"), hex("18 0a0102"));
        BgpChannels.setOptions(ch, CodecOptions.FOUR_OCTET_AS);
        ch.writeInbound(buf(as4));
        UpdateMessage u = ch.readInbound();
        assertThat(u.attribute(PathAttribute.AsPath.class).orElseThrow().segments())
                .containsExactly(AsPathSegment.sequence(4200000000L));
        // the same bytes read as 2-octet AS numbers: 3 octets of ASes is a malformed AS_PATH
        BgpChannels.setOptions(ch, CodecOptions.TWO_OCTET_AS);
        ch.writeInbound(buf(as4));
        assertThat(((BgpDecodeError) ch.readInbound()).error().subcode()).isEqualTo(11);
        assertThat(((UpdateMessage) ch.readInbound()).withdrawn()).hasSize(1);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void encoderWritesTheWireFormat() {
        EmbeddedChannel ch = channel();
        ch.writeOutbound(KeepaliveMessage.INSTANCE, UpdateMessage.withdraw(List.of()));
        ByteBuf k = ch.readOutbound();
        assertThat(ByteBufUtil.getBytes(k)).isEqualTo(message(4, new byte[0]));
        assertThat(k.release()).isTrue();
        ByteBuf u = ch.readOutbound();
        assertThat(ByteBufUtil.getBytes(u)).isEqualTo(message(2, hex("0000 0000")));
        assertThat(u.release()).isTrue();
        assertThat(ch.finish()).isFalse();
    }
}
