package dev.weft.bgp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Test helpers: raw messages from hex, encode/decode through the codec. */
public final class Wire {
    private Wire() {}

    /** Bytes from hex, ignoring spaces. */
    public static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    /** A whole message: marker, length, type, body. */
    public static byte[] message(int type, byte[] body) {
        byte[] out = new byte[19 + body.length];
        for (int i = 0; i < 16; i++) {
            out[i] = (byte) 0xff;
        }
        out[16] = (byte) (out.length >>> 8);
        out[17] = (byte) out.length;
        out[18] = (byte) type;
        System.arraycopy(body, 0, out, 19, body.length);
        return out;
    }

    /** An UPDATE from its three sections (lengths computed). */
    public static byte[] update(byte[] withdrawn, byte[] attributes, byte[] nlri) {
        byte[] body = new byte[4 + withdrawn.length + attributes.length + nlri.length];
        body[0] = (byte) (withdrawn.length >>> 8);
        body[1] = (byte) withdrawn.length;
        System.arraycopy(withdrawn, 0, body, 2, withdrawn.length);
        int i = 2 + withdrawn.length;
        body[i] = (byte) (attributes.length >>> 8);
        body[i + 1] = (byte) attributes.length;
        System.arraycopy(attributes, 0, body, i + 2, attributes.length);
        System.arraycopy(nlri, 0, body, i + 2 + attributes.length, nlri.length);
        return message(2, body);
    }

    public static byte[] encode(BgpMessage m, CodecOptions o) {
        ByteBuf b = Unpooled.buffer();
        try {
            BgpMessageCodec.encode(m, b, o);
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }

    public static BgpMessage decode(byte[] bytes, CodecOptions o, List<BgpWireException> soft) throws BgpWireException {
        ByteBuf b = Unpooled.wrappedBuffer(bytes);
        try {
            return BgpMessageCodec.decode(b, o, soft::add);
        } finally {
            b.release();
        }
    }

    public static BgpMessage decode(byte[] bytes, CodecOptions o) throws BgpWireException {
        List<BgpWireException> soft = new ArrayList<>();
        BgpMessage m = decode(bytes, o, soft);
        if (!soft.isEmpty()) {
            throw new AssertionError("unexpected soft errors " + soft);
        }
        return m;
    }
}
