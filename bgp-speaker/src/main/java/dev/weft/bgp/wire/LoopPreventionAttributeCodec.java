package dev.weft.bgp.wire;

import dev.weft.common.net.IpAddresses;
import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;

/**
 * Loop and leak prevention attributes: ORIGINATOR_ID and CLUSTER_LIST of route reflection
 * (RFC 4456 §8; RFC 7606 §7.9, §7.10) and Only to Customer (RFC 9234 §5).
 *
 * <pre>
 * ORIGINATOR_ID  | BGP Identifier (4) |                      exactly 4 octets
 * CLUSTER_LIST   | CLUSTER_ID (4) | CLUSTER_ID (4) | ...     non-zero multiple of 4
 * OTC            | AS number (4) |                           exactly 4 octets
 * </pre>
 * From an eBGP peer ORIGINATOR_ID and CLUSTER_LIST are discarded before they get here
 * ({@link RevisedErrorHandling#discardedFromExternalPeer}).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4456#section-8">RFC 4456 §8</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9234#section-5">RFC 9234 §5</a>
 */
final class LoopPreventionAttributeCodec {
    private LoopPreventionAttributeCodec() {}

    static PathAttribute decode(int type, ByteBuf v, CodecOptions options) throws WireFormatException {
        int len = v.readableBytes();
        switch (type) {
            case PathAttribute.ORIGINATOR_ID -> {
                rejectFromExternal(type, options);
                requireLength(len == 4, len);
                return new PathAttribute.OriginatorId(IpAddresses.fromIpv4Int(v.readInt()));
            }
            case PathAttribute.CLUSTER_LIST -> {
                rejectFromExternal(type, options);
                requireLength(len > 0 && len % 4 == 0, len);
                List<Inet4Address> ids = new ArrayList<>(len / 4);
                while (v.isReadable()) {
                    ids.add(IpAddresses.fromIpv4Int(v.readInt()));
                }
                return new PathAttribute.ClusterList(ids);
            }
            case PathAttribute.ONLY_TO_CUSTOMER -> {
                requireLength(len == 4, len);
                return new PathAttribute.OnlyToCustomer(v.readUnsignedInt());
            }
            default -> throw new IllegalArgumentException("not a loop prevention attribute: " + type);
        }
    }

    private static void rejectFromExternal(int type, CodecOptions options) throws WireFormatException {
        if (options.externalPeer()) {
            throw new WireFormatException(BgpError.OPTIONAL_ATTRIBUTE_ERROR,
                    "route reflection attribute " + type + " from an external peer");
        }
    }

    private static void requireLength(boolean ok, int len) throws WireFormatException {
        if (!ok) {
            throw new WireFormatException(BgpError.ATTRIBUTE_LENGTH_ERROR, "bad length " + len);
        }
    }

    /** Octets of the value, or -1 if {@code a} is not one of these attributes. */
    static int valueLength(PathAttribute a) {
        if (a instanceof PathAttribute.OriginatorId || a instanceof PathAttribute.OnlyToCustomer) {
            return 4;
        } else if (a instanceof PathAttribute.ClusterList c) {
            return 4 * c.ids().size();
        }
        return -1;
    }

    /** Writes the value; false if {@code a} is not one of these attributes. */
    static boolean write(PathAttribute a, ByteBuf out) {
        if (a instanceof PathAttribute.OriginatorId o) {
            out.writeInt(IpAddresses.toInt(o.id()));
        } else if (a instanceof PathAttribute.ClusterList c) {
            for (Inet4Address id : c.ids()) {
                out.writeInt(IpAddresses.toInt(id));
            }
        } else if (a instanceof PathAttribute.OnlyToCustomer otc) {
            out.writeInt((int) otc.asn());
        } else {
            return false;
        }
        return true;
    }
}
