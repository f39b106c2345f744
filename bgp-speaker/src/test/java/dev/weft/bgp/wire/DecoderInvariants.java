package dev.weft.bgp.wire;

import dev.weft.bgp.transport.BgpChannels;
import dev.weft.bgp.transport.BgpDecodeError;
import dev.weft.bgp.transport.BgpFrameDecoder;
import dev.weft.common.net.IpAddresses;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What must hold for ANY input to the decoder (the fuzz target, also replayed over the
 * checked-in corpus): it returns a message or throws {@link BgpWireException} with
 * {@link ErrorHandling#SESSION_RESET} and nothing else; soft errors are never session resets and
 * AFI/SAFI disable names a family; whatever it returns can be encoded again and decodes to the
 * same thing without errors; the Netty pipeline turns the same bytes, in pieces, into messages
 * and {@link BgpDecodeError}s without leaking a buffer.
 *
 * <p>Input layout: octet 0 chooses the options (bit 0 4-octet AS, bit 1 Extended Messages, bit 2
 * eBGP, bit 3 a local address 10.0.0.1) and, with bit 4, that octet 1 is a message type and the rest
 * a body to wrap in a valid header (so the fuzzer gets past the marker); otherwise the rest is
 * taken as a raw stream.
 */
final class DecoderInvariants {
    private DecoderInvariants() {}

    static CodecOptions options(int selector) {
        CodecOptions o = new CodecOptions((selector & 1) != 0).withExtendedMessage((selector & 2) != 0)
                .withExternalPeer((selector & 4) != 0);
        return (selector & 8) != 0 ? o.withLocalAddresses(Set.of(IpAddresses.parse("10.0.0.1"))) : o;
    }

    /** The bytes the decoder sees for {@code input}. */
    static byte[] frame(byte[] input) {
        if (input.length < 2 || (input[0] & 0x10) == 0) {
            return input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
        }
        int bodyLength = Math.min(input.length - 2, 65535 - 19);
        byte[] out = new byte[19 + bodyLength];
        Arrays.fill(out, 0, 16, (byte) 0xff);
        out[16] = (byte) (out.length >>> 8);
        out[17] = (byte) out.length;
        out[18] = (byte) (1 + (input[1] & 0xff) % 5);
        System.arraycopy(input, 2, out, 19, bodyLength);
        return out;
    }

    /** Checks every invariant for one input; throws AssertionError (or whatever escaped the decoder) if one fails. */
    static void check(byte[] input) {
        CodecOptions options = options(input.length == 0 ? 0 : input[0]);
        byte[] frame = frame(input);
        checkDirect(frame, options);
        checkPipeline(frame, options);
    }

    private static void checkDirect(byte[] frame, CodecOptions options) {
        List<BgpWireException> soft = new ArrayList<>();
        BgpMessage m;
        ByteBuf b = Unpooled.wrappedBuffer(frame);
        try {
            m = BgpMessageCodec.decode(b, options, soft::add);
        } catch (BgpWireException e) {
            require(e.handling() == ErrorHandling.SESSION_RESET, "thrown error is not a session reset: " + e);
            return;
        } finally {
            b.release();
        }
        for (BgpWireException e : soft) {
            require(e.handling() != ErrorHandling.SESSION_RESET, "soft error is a session reset: " + e);
            require(e.handling() != ErrorHandling.AFI_SAFI_DISABLE || e.family().isPresent(), "AFI/SAFI disable without family");
        }
        byte[] again = Wire.encode(m, options);
        List<BgpWireException> soft2 = new ArrayList<>();
        BgpMessage back;
        try {
            back = Wire.decode(again, options, soft2);
        } catch (BgpWireException e) {
            throw new AssertionError("re-encoded " + m + " fails to decode: " + e, e);
        }
        require(soft2.isEmpty(), "re-encoded " + m + " decodes with errors " + soft2);
        BgpMessage expected = m instanceof UpdateMessage u && u.treatAsWithdraw()
                ? new UpdateMessage(u.withdrawn(), u.attributes(), u.nlri()) : m;
        require(back.equals(expected), "re-encoded " + m + " decodes as " + back);
    }

    private static void checkPipeline(byte[] frame, CodecOptions options) {
        EmbeddedChannel ch = new EmbeddedChannel();
        BgpChannels.addCodec(ch.pipeline());
        BgpChannels.setOptions(ch, options);
        if (options.extendedMessage()) {
            BgpFrameDecoder.enableExtendedMessages(ch.pipeline());
        }
        try {
            int step = Math.max(1, frame.length / 3);
            for (int i = 0; i < frame.length; i += step) {
                ch.writeInbound(Unpooled.wrappedBuffer(frame, i, Math.min(step, frame.length - i)));
            }
            for (Object o; (o = ch.readInbound()) != null; ) {
                require(o instanceof BgpMessage || o instanceof BgpDecodeError, "pipeline emitted " + o.getClass());
                ReferenceCountUtil.release(o);
            }
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
