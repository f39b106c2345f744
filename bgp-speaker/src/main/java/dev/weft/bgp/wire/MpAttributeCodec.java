package dev.weft.bgp.wire;

import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * MP_REACH_NLRI and MP_UNREACH_NLRI (RFC 4760 §3, §4) for IPv4 and IPv6 unicast, with IPv6
 * next hops per RFC 2545 §3 (global, or global followed by link-local).
 *
 * <pre>
 * MP_REACH_NLRI                                    MP_UNREACH_NLRI
 * +--------------------------------------------+   +------------------------------------+
 * | AFI (2)                                    |   | AFI (2)                            |
 * | SAFI (1)                                   |   | SAFI (1)                           |
 * | Length of Next Hop Network Address (1)     |   | Withdrawn Routes (variable)        |
 * | Network Address of Next Hop (variable)     |   +------------------------------------+
 * |   IPv4: 4; IPv6: 16 global, or 32 global + link-local
 * | Reserved (1) = 0                           |
 * | NLRI (variable)                            |
 * +--------------------------------------------+
 * </pre>
 * Errors (RFC 7606 §7.11, §7.12, §5.3, §3 j; RFC 4760 §7; NOTIFICATION 3/9 Optional Attribute
 * Error with the attribute as data): too short to hold AFI/SAFI → session reset; a family
 * this codec does not carry → {@code null} (the caller discards the attribute); a next hop
 * length that does not fit the family, or NLRI that cannot be parsed → AFI/SAFI disable.
 * Semantically wrong next hops are found by {@link #checkNextHops} (treat-as-withdraw).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4760#section-3">RFC 4760 §3</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc2545#section-3">RFC 2545 §3</a>
 */
final class MpAttributeCodec {
    private MpAttributeCodec() {}

    /** Decodes MP_REACH_NLRI; {@code null} if its family is not carried ({@link CodecOptions#carries}). */
    static PathAttribute.MpReachNlri decodeReach(ByteBuf v, byte[] raw, CodecOptions options) throws BgpWireException {
        AddressFamily family = readFamily(v, raw);
        if (!options.carries(family)) {
            return null;
        }
        if (!v.isReadable()) {
            throw disable(family, raw, "no next hop length");
        }
        int nhLength = v.readUnsignedByte();
        boolean v6 = family.equals(AddressFamily.IPV6_UNICAST);
        boolean lengthOk = v6 ? nhLength == 16 || nhLength == 32 : nhLength == 4;
        if (!lengthOk || v.readableBytes() < nhLength + 1) {
            throw disable(family, raw, "next hop length " + nhLength);
        }
        List<InetAddress> nextHops = new ArrayList<>(2);
        if (v6) {
            for (int i = 0; i < nhLength / 16; i++) {
                byte[] b = new byte[16];
                v.readBytes(b);
                Inet6Address a = Prefixes.ipv6(b);
                if (i == 0 || !a.isAnyLocalAddress()) {
                    nextHops.add(a); // a zero link-local next hop means none
                }
            }
        } else {
            nextHops.add(IpAddresses.fromIpv4Int(v.readInt()));
        }
        v.skipBytes(1); // Reserved (RFC 4760 §3: ignored on receipt)
        return new PathAttribute.MpReachNlri(family, nextHops, readNlri(v, family, raw));
    }

    /** Decodes MP_UNREACH_NLRI; {@code null} if its family is not carried ({@link CodecOptions#carries}). */
    static PathAttribute.MpUnreachNlri decodeUnreach(ByteBuf v, byte[] raw, CodecOptions options) throws BgpWireException {
        AddressFamily family = readFamily(v, raw);
        if (!options.carries(family)) {
            return null;
        }
        return new PathAttribute.MpUnreachNlri(family, readNlri(v, family, raw));
    }

    /**
     * Next hop semantic checks (RFC 4271 §6.3 applied to MP next hops): not unspecified,
     * loopback, multicast (or IPv4 0/8, 127/8, 224/3), not one of this speaker's addresses.
     */
    static void checkNextHops(PathAttribute.MpReachNlri reach, CodecOptions options) throws WireFormatException {
        for (InetAddress a : reach.nextHops()) {
            boolean bad;
            if (a instanceof Inet6Address) {
                bad = a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isMulticastAddress();
            } else {
                int first = a.getAddress()[0] & 0xff;
                bad = first == 0 || first == 127 || first >= 224;
            }
            if (bad || options.localAddresses().contains(a)) {
                throw new WireFormatException(BgpError.OPTIONAL_ATTRIBUTE_ERROR,
                        "next hop " + IpAddresses.toText(a) + (bad ? " is not a unicast address" : " is this speaker's address"));
            }
        }
    }

    private static AddressFamily readFamily(ByteBuf v, byte[] raw) throws BgpWireException {
        if (v.readableBytes() < 3) {
            throw new BgpWireException(BgpError.OPTIONAL_ATTRIBUTE_ERROR, raw, ErrorHandling.SESSION_RESET,
                    "multiprotocol attribute of " + v.readableBytes() + " octets has no AFI/SAFI");
        }
        int afi = v.readUnsignedShort();
        return AddressFamily.valueOf(afi, v.readUnsignedByte());
    }

    private static List<IpPrefix> readNlri(ByteBuf v, AddressFamily family, byte[] raw) throws BgpWireException {
        List<IpPrefix> out = new ArrayList<>();
        try {
            Prefixes.read(v, family.equals(AddressFamily.IPV6_UNICAST), out);
        } catch (WireFormatException e) {
            throw disable(family, raw, e.getMessage());
        }
        return out;
    }

    private static BgpWireException disable(AddressFamily family, byte[] raw, String detail) {
        return new BgpWireException(BgpError.OPTIONAL_ATTRIBUTE_ERROR, raw, ErrorHandling.AFI_SAFI_DISABLE, family, detail);
    }

    /** Octets of the value, or -1 if {@code a} is not a multiprotocol attribute. */
    static int valueLength(PathAttribute a) {
        if (a instanceof PathAttribute.MpReachNlri r) {
            return 3 + 1 + r.family().addressLength() * r.nextHops().size() + 1 + Prefixes.length(r.nlri());
        } else if (a instanceof PathAttribute.MpUnreachNlri u) {
            return 3 + Prefixes.length(u.withdrawn());
        }
        return -1;
    }

    /** Writes the value; false if {@code a} is not a multiprotocol attribute. */
    static boolean write(PathAttribute a, ByteBuf out) {
        if (a instanceof PathAttribute.MpReachNlri r) {
            out.writeShort(r.family().afi());
            out.writeByte(r.family().safi());
            out.writeByte(r.family().addressLength() * r.nextHops().size());
            for (InetAddress nh : r.nextHops()) {
                out.writeBytes(nh.getAddress());
            }
            out.writeByte(0);
            Prefixes.write(out, r.nlri());
        } else if (a instanceof PathAttribute.MpUnreachNlri u) {
            out.writeShort(u.family().afi());
            out.writeByte(u.family().safi());
            Prefixes.write(out, u.withdrawn());
        } else {
            return false;
        }
        return true;
    }
}
