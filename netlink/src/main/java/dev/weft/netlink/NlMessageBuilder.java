package dev.weft.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Builds one netlink request: a {@code struct nlmsghdr}, a family header written by the caller
 * (rtmsg, ifinfomsg, ifaddrmsg) and {@code struct rtattr}/{@code struct nlattr} attributes, all in
 * host byte order and 4-byte aligned (RFC 3549 §2.2; {@code <linux/netlink.h>} NLMSG_ALIGN,
 * RTA_ALIGN).
 *
 * <pre>
 *  0               16                 16+hdr
 *  +---------------+------------------+------------+------------+--
 *  | nlmsghdr      | family header    | rtattr     | rtattr ... |
 *  | len type flags| (rtmsg 12 bytes, | len(2)     |            |
 *  | seq pid       |  ifinfomsg 16..) | type(2) val|            |
 *  +---------------+------------------+------------+------------+--
 * </pre>
 *
 * Not thread-safe; one builder per message.
 */
final class NlMessageBuilder {
    private ByteBuffer buf = ByteBuffer.allocate(128).order(ByteOrder.nativeOrder());
    private final Deque<Integer> nests = new ArrayDeque<>();
    private final int type;

    /** Starts a message of {@code type} with {@code flags} (NLM_F_REQUEST is added). */
    NlMessageBuilder(int type, int flags) {
        this.type = type;
        buf.putInt(0); // length, set by build()
        buf.putShort((short) type);
        buf.putShort((short) (flags | Rtnl.NLM_F_REQUEST));
        buf.putInt(0); // seq, set by build()
        buf.putInt(0); // port id: 0 = kernel
    }

    int type() {
        return type;
    }

    NlMessageBuilder u8(int v) {
        ensure(1);
        buf.put((byte) v);
        return this;
    }

    NlMessageBuilder u16(int v) {
        ensure(2);
        buf.putShort((short) v);
        return this;
    }

    NlMessageBuilder u32(int v) {
        ensure(4);
        buf.putInt(v);
        return this;
    }

    /** Appends an attribute with a raw value, padded to 4 bytes. */
    NlMessageBuilder attr(int attrType, byte[] value) {
        int len = 4 + value.length;
        ensure(align(len));
        buf.putShort((short) len);
        buf.putShort((short) attrType);
        buf.put(value);
        pad();
        return this;
    }

    NlMessageBuilder attrU32(int attrType, int value) {
        ensure(8);
        buf.putShort((short) 8);
        buf.putShort((short) attrType);
        buf.putInt(value);
        return this;
    }

    /** Appends a NUL-terminated string attribute (IFLA_IFNAME, IFLA_INFO_KIND). */
    NlMessageBuilder attrString(int attrType, String value) {
        byte[] s = value.getBytes(StandardCharsets.UTF_8);
        byte[] z = new byte[s.length + 1];
        System.arraycopy(s, 0, z, 0, s.length);
        return attr(attrType, z);
    }

    /** Opens a nested attribute; close it with {@link #endNest()}. */
    NlMessageBuilder beginNest(int attrType) {
        ensure(4);
        nests.push(buf.position());
        buf.putShort((short) 0);
        buf.putShort((short) attrType);
        return this;
    }

    NlMessageBuilder endNest() {
        int start = nests.pop();
        buf.putShort(start, (short) (buf.position() - start));
        return this;
    }

    /** Current write position (bytes from the start of the message). */
    int position() {
        return buf.position();
    }

    /** Overwrites the u16 at {@code at} (e.g. a struct length known only after its attributes). */
    NlMessageBuilder patchU16(int at, int v) {
        buf.putShort(at, (short) v);
        return this;
    }

    /** The finished message with {@code seq}, length set. */
    byte[] build(int seq) {
        byte[] out = new byte[buf.position()];
        writeTo(out, 0, seq, 0);
        return out;
    }

    /** Length of the finished message in bytes (before alignment padding). */
    int length() {
        return buf.position();
    }

    /**
     * Writes the finished message with {@code seq} and {@code extraFlags} or'ed into its
     * nlmsg_flags at {@code out[offset]}; returns the offset after it, 4-byte aligned.
     */
    int writeTo(byte[] out, int offset, int seq, int extraFlags) {
        if (!nests.isEmpty()) {
            throw new IllegalStateException("unclosed nested attribute");
        }
        buf.putInt(0, buf.position());
        buf.putInt(8, seq);
        System.arraycopy(buf.array(), 0, out, offset, buf.position());
        if (extraFlags != 0) {
            ByteBuffer o = ByteBuffer.wrap(out).order(ByteOrder.nativeOrder());
            o.putShort(offset + 6, (short) (o.getShort(offset + 6) | extraFlags));
        }
        return offset + align(buf.position());
    }

    static int align(int len) {
        return (len + 3) & ~3;
    }

    private void pad() {
        int p = align(buf.position());
        while (buf.position() < p) {
            buf.put((byte) 0);
        }
    }

    private void ensure(int more) {
        if (buf.remaining() < more + 4) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more + 64))
                    .order(ByteOrder.nativeOrder());
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
    }
}
