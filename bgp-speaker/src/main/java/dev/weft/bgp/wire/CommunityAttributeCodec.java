package dev.weft.bgp.wire;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Community attributes: COMMUNITIES (RFC 1997), LARGE_COMMUNITY (RFC 8092), and the length
 * checks of EXTENDED COMMUNITIES (RFC 4360) and IPv6 Address Specific Extended Community
 * (RFC 5701), which are kept as bytes. Each must have a non-zero length that is a multiple of
 * its element size (RFC 7606 §7.8, §7.14, §7.15; RFC 8092 §6), else treat-as-withdraw.
 *
 * <pre>
 * COMMUNITIES          | AS (2) | value (2) | ...                         4 octets each
 * LARGE_COMMUNITY      | Global Admin (4) | Local 1 (4) | Local 2 (4) | ...  12 octets each
 * EXTENDED COMMUNITIES | type (1-2) | value (6-7) | ...                  8 octets each
 * IPv6 EXT. COMMUNITY  | type (2) | IPv6 global admin (16) | local (2) | ... 20 octets each
 * </pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc1997">RFC 1997</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8092#section-3">RFC 8092 §3</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7606#section-7.8">RFC 7606 §7.8</a>
 */
final class CommunityAttributeCodec {
    private CommunityAttributeCodec() {}

    static PathAttribute decode(int type, ByteBuf v) throws WireFormatException {
        int len = v.readableBytes();
        switch (type) {
            case PathAttribute.COMMUNITIES -> {
                requireMultiple(len, 4);
                List<Long> values = new ArrayList<>(len / 4);
                while (v.isReadable()) {
                    values.add(v.readUnsignedInt());
                }
                return new PathAttribute.Communities(values);
            }
            case PathAttribute.LARGE_COMMUNITY -> {
                requireMultiple(len, 12);
                List<LargeCommunity> values = new ArrayList<>(len / 12);
                while (v.isReadable()) {
                    values.add(new LargeCommunity(v.readUnsignedInt(), v.readUnsignedInt(), v.readUnsignedInt()));
                }
                return new PathAttribute.LargeCommunities(values);
            }
            default -> throw new IllegalArgumentException("not a community attribute: " + type);
        }
    }

    /** Checks EXTENDED COMMUNITIES (8-octet elements) or IPv6 extended communities (20), kept as bytes. */
    static void checkExtended(int type, ByteBuf v) throws WireFormatException {
        requireMultiple(v.readableBytes(), type == PathAttribute.IPV6_EXTENDED_COMMUNITIES ? 20 : 8);
    }

    private static void requireMultiple(int len, int size) throws WireFormatException {
        if (len == 0 || len % size != 0) {
            throw new WireFormatException(BgpError.ATTRIBUTE_LENGTH_ERROR,
                    "length " + len + " is not a non-zero multiple of " + size);
        }
    }

    /** Octets of the value, or -1 if {@code a} is not a community attribute. */
    static int valueLength(PathAttribute a) {
        if (a instanceof PathAttribute.Communities c) {
            return 4 * c.values().size();
        } else if (a instanceof PathAttribute.LargeCommunities c) {
            return 12 * c.values().size();
        }
        return -1;
    }

    /** Writes the value; false if {@code a} is not a community attribute. */
    static boolean write(PathAttribute a, ByteBuf out) {
        if (a instanceof PathAttribute.Communities c) {
            for (long value : c.values()) {
                out.writeInt((int) value);
            }
        } else if (a instanceof PathAttribute.LargeCommunities c) {
            for (LargeCommunity lc : c.values()) {
                out.writeInt((int) lc.globalAdmin());
                out.writeInt((int) lc.localData1());
                out.writeInt((int) lc.localData2());
            }
        } else {
            return false;
        }
        return true;
    }
}
