package dev.weft.bgp.wire;

import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import java.net.Inet6Address;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Prefix lists as the UPDATE's withdrawn routes and NLRI fields (RFC 4271 §4.3) and
 * MP_REACH_NLRI / MP_UNREACH_NLRI (RFC 4760 §5) carry them: a length in bits, then the
 * fewest octets holding that many bits. Bits past the length are ignored on receipt and sent
 * as zero.
 *
 * <pre>
 * +---------------------------+
 * |   Length (1 octet, bits)  |
 * +---------------------------+
 * |   Prefix (ceil(Length/8)) |
 * +---------------------------+
 * </pre>
 *
 * IPv6 addresses are always built as {@link Inet6Address} (also IPv4-mapped ones, which
 * {@code InetAddress.getByAddress} would turn into IPv4).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4760#section-5">RFC 4760 §5</a>
 */
final class Prefixes {
    private Prefixes() {}

    /**
     * Reads prefixes until {@code in} is empty, appending to {@code out}.
     *
     * @param ipv6 IPv6 (max length 128) instead of IPv4 (32)
     * @throws WireFormatException 3/10 for a length over the maximum or a truncated prefix
     */
    static void read(ByteBuf in, boolean ipv6, List<IpPrefix> out) throws WireFormatException {
        int max = ipv6 ? 128 : 32;
        while (in.isReadable()) {
            int length = in.readUnsignedByte();
            if (length > max) {
                throw new WireFormatException(BgpError.INVALID_NETWORK_FIELD, "prefix length " + length + " exceeds " + max);
            }
            int octets = (length + 7) / 8;
            if (octets > in.readableBytes()) {
                throw new WireFormatException(BgpError.INVALID_NETWORK_FIELD, "truncated prefix of length " + length);
            }
            out.add(ipv6 ? readIpv6(in, length, octets) : readIpv4(in, length, octets));
        }
    }

    /**
     * Reads IPv4 prefixes until {@code in} is empty into compact keys (no object per prefix).
     *
     * @throws WireFormatException 3/10 for a length over 32 or a truncated prefix
     */
    static Ipv4Prefixes readIpv4(ByteBuf in) throws WireFormatException {
        if (!in.isReadable()) {
            return Ipv4Prefixes.empty();
        }
        // a /32 takes 5 octets on the wire: a good first guess for a full table
        Ipv4Prefixes.Builder out = new Ipv4Prefixes.Builder(in.readableBytes() / 5 + 1);
        while (in.isReadable()) {
            int length = in.readUnsignedByte();
            if (length > 32) {
                throw new WireFormatException(BgpError.INVALID_NETWORK_FIELD, "prefix length " + length + " exceeds 32");
            }
            int octets = (length + 7) >>> 3;
            if (octets > in.readableBytes()) {
                throw new WireFormatException(BgpError.INVALID_NETWORK_FIELD, "truncated prefix of length " + length);
            }
            int value;
            if (octets == 4) {
                value = in.readInt();
            } else {
                value = 0;
                for (int k = 0; k < 4; k++) {
                    value = (value << 8) | (k < octets ? in.readUnsignedByte() : 0);
                }
            }
            int mask = length == 0 ? 0 : -1 << (32 - length);
            out.add(Ipv4Prefixes.key(value & mask, length));
        }
        return out.build();
    }

    private static IpPrefix readIpv4(ByteBuf in, int length, int octets) {
        int value = 0;
        for (int k = 0; k < 4; k++) {
            value = (value << 8) | (k < octets ? in.readUnsignedByte() : 0);
        }
        int mask = length == 0 ? 0 : -1 << (32 - length);
        return new IpPrefix(IpAddresses.fromIpv4Int(value & mask), length);
    }

    private static IpPrefix readIpv6(ByteBuf in, int length, int octets) {
        byte[] b = new byte[16];
        in.readBytes(b, 0, octets);
        int rest = length % 8;
        if (rest != 0) {
            b[octets - 1] &= (byte) (0xff << (8 - rest));
        }
        return new IpPrefix(ipv6(b), length);
    }

    /** An {@link Inet6Address} of 16 octets, never converted to IPv4. */
    static Inet6Address ipv6(byte[] sixteen) {
        try {
            return Inet6Address.getByAddress(null, sixteen, -1);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not 16 octets", e);
        }
    }

    /** Octets the prefixes take on the wire. */
    static int length(List<IpPrefix> prefixes) {
        int n = 0;
        for (IpPrefix p : prefixes) {
            n += 1 + p.wireLength();
        }
        return n;
    }

    /** Writes the prefixes. */
    static void write(ByteBuf out, List<IpPrefix> prefixes) {
        for (IpPrefix p : prefixes) {
            out.writeByte(p.length());
            out.writeBytes(p.address().getAddress(), 0, p.wireLength());
        }
    }
}
