package dev.weft.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Parsed netlink attributes ({@code struct rtattr}/{@code struct nlattr}: u16 length including the
 * 4-byte header, u16 type, value, padded to 4 bytes). The NLA_F_NESTED and NLA_F_NET_BYTEORDER
 * bits are masked off the type. A later duplicate type wins.
 */
final class NlAttributes {
    private static final int TYPE_MASK = 0x3fff;
    private final Map<Integer, byte[]> values;

    private NlAttributes(Map<Integer, byte[]> values) {
        this.values = values;
    }

    /**
     * Parses the attributes in {@code data[offset, end)}.
     *
     * @throws NetlinkException (errno 0) if an attribute length is out of range
     */
    static NlAttributes parse(byte[] data, int offset, int end) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.nativeOrder());
        Map<Integer, byte[]> map = new HashMap<>();
        int pos = offset;
        while (end - pos >= 4) {
            int len = b.getShort(pos) & 0xffff;
            int type = b.getShort(pos + 2) & TYPE_MASK;
            if (len < 4 || len > end - pos) {
                throw new NetlinkException(0, "malformed netlink attribute: type " + type + " length " + len
                        + " at offset " + pos);
            }
            byte[] v = new byte[len - 4];
            System.arraycopy(data, pos + 4, v, 0, v.length);
            map.put(type, v);
            pos += NlMessageBuilder.align(len);
        }
        return new NlAttributes(map);
    }

    static NlAttributes parse(byte[] data) {
        return parse(data, 0, data.length);
    }

    Optional<byte[]> bytes(int type) {
        return Optional.ofNullable(values.get(type));
    }

    boolean has(int type) {
        return values.containsKey(type);
    }

    /** A u32 attribute in host order. */
    Optional<Integer> u32(int type) {
        byte[] v = values.get(type);
        if (v == null || v.length < 4) {
            return Optional.empty();
        }
        return Optional.of(ByteBuffer.wrap(v).order(ByteOrder.nativeOrder()).getInt());
    }

    /** A NUL-terminated (or unterminated) string attribute. */
    Optional<String> string(int type) {
        byte[] v = values.get(type);
        if (v == null) {
            return Optional.empty();
        }
        int n = 0;
        while (n < v.length && v[n] != 0) {
            n++;
        }
        return Optional.of(new String(v, 0, n, StandardCharsets.UTF_8));
    }

    /** A nested attribute's children. */
    Optional<NlAttributes> nested(int type) {
        return bytes(type).map(NlAttributes::parse);
    }
}
