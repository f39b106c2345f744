package dev.weft.bgp.wire;

import dev.weft.common.net.IpAddresses;
import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;

/**
 * Values of the RFC 4271 attributes and their RFC 6793 4-octet AS companions: ORIGIN,
 * AS_PATH, NEXT_HOP, MULTI_EXIT_DISC, LOCAL_PREF, ATOMIC_AGGREGATE, AGGREGATOR, AS4_PATH,
 * AS4_AGGREGATOR. Checks length and value; what an error causes is decided by
 * {@link RevisedErrorHandling}.
 *
 * <pre>
 * ORIGIN            | 0 IGP / 1 EGP / 2 INCOMPLETE (1) |
 * AS_PATH, AS4_PATH | seg type (1) | seg length in ASes (1) | AS (2 or 4) ... | repeated
 *                     types 1 AS_SET, 2 AS_SEQUENCE, 3 AS_CONFED_SEQUENCE, 4 AS_CONFED_SET
 * NEXT_HOP          | IPv4 address (4) |
 * MULTI_EXIT_DISC, LOCAL_PREF | unsigned 32-bit (4) |
 * ATOMIC_AGGREGATE  | (empty) |
 * AGGREGATOR        | AS (2, or 4 between 4-octet speakers) | IPv4 address (4) |
 * AS4_AGGREGATOR    | AS (4) | IPv4 address (4) |
 * </pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4271#section-4.3">RFC 4271 §4.3</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6793#section-3">RFC 6793 §3</a>
 */
final class BaseAttributeCodec {
    private BaseAttributeCodec() {}

    static PathAttribute decode(int type, ByteBuf v, CodecOptions options) throws WireFormatException {
        int len = v.readableBytes();
        switch (type) {
            case PathAttribute.ORIGIN -> {
                requireLength(len == 1, len);
                OriginType o = OriginType.valueOf(v.readUnsignedByte());
                if (o == null) {
                    throw new WireFormatException(BgpError.INVALID_ORIGIN_ATTRIBUTE, "undefined ORIGIN value");
                }
                return new PathAttribute.Origin(o);
            }
            case PathAttribute.AS_PATH -> {
                List<AsPathSegment> segments = readSegments(v, options.fourOctetAs() ? 4 : 2, BgpError.MALFORMED_AS_PATH);
                if (options.externalPeer() && hasConfederationSegment(segments)) {
                    throw new WireFormatException(BgpError.MALFORMED_AS_PATH, "confederation segment from an external peer");
                }
                return new PathAttribute.AsPath(segments);
            }
            case PathAttribute.NEXT_HOP -> {
                requireLength(len == 4, len);
                Inet4Address a = IpAddresses.fromIpv4Int(v.readInt());
                checkNextHop(a, options);
                return new PathAttribute.NextHop(a);
            }
            case PathAttribute.MULTI_EXIT_DISC -> {
                requireLength(len == 4, len);
                return new PathAttribute.MultiExitDisc(v.readUnsignedInt());
            }
            case PathAttribute.LOCAL_PREF -> {
                if (options.externalPeer()) {
                    throw new WireFormatException(BgpError.OPTIONAL_ATTRIBUTE_ERROR, "LOCAL_PREF from an external peer");
                }
                requireLength(len == 4, len);
                return new PathAttribute.LocalPref(v.readUnsignedInt());
            }
            case PathAttribute.ATOMIC_AGGREGATE -> {
                requireLength(len == 0, len);
                return new PathAttribute.AtomicAggregate();
            }
            case PathAttribute.AS4_PATH -> {
                if (options.fourOctetAs()) {
                    throw new WireFormatException(BgpError.OPTIONAL_ATTRIBUTE_ERROR, "AS4_PATH from a 4-octet AS speaker");
                }
                List<AsPathSegment> segments = readSegments(v, 4, BgpError.OPTIONAL_ATTRIBUTE_ERROR);
                if (hasConfederationSegment(segments)) {
                    throw new WireFormatException(BgpError.OPTIONAL_ATTRIBUTE_ERROR, "confederation segment in AS4_PATH");
                }
                return new PathAttribute.As4Path(segments);
            }
            default -> throw new IllegalArgumentException("not a base attribute: " + type);
        }
    }

    /** Checks AGGREGATOR / AS4_AGGREGATOR, which are then kept as bytes. */
    static void checkAggregator(int type, ByteBuf v, CodecOptions options) throws WireFormatException {
        int len = v.readableBytes();
        boolean as4 = type == PathAttribute.AS4_AGGREGATOR;
        if (as4 && options.fourOctetAs()) {
            throw new WireFormatException(BgpError.OPTIONAL_ATTRIBUTE_ERROR, "AS4_AGGREGATOR from a 4-octet AS speaker");
        }
        int asSize = as4 || options.fourOctetAs() ? 4 : 2;
        requireLength(len == asSize + 4, len);
        long asn = asSize == 4 ? v.getUnsignedInt(v.readerIndex()) : v.getUnsignedShort(v.readerIndex());
        if (asn == 0) {
            throw new WireFormatException(BgpError.OPTIONAL_ATTRIBUTE_ERROR, "AS 0 in aggregator (RFC 7607)");
        }
    }

    /** NEXT_HOP semantic checks (RFC 4271 §6.3): not 0/8, 127/8, multicast or reserved, not ours. */
    private static void checkNextHop(Inet4Address a, CodecOptions options) throws WireFormatException {
        int first = a.getAddress()[0] & 0xff;
        if (first == 0 || first == 127 || first >= 224) {
            throw new WireFormatException(BgpError.INVALID_NEXT_HOP_ATTRIBUTE, a.getHostAddress() + " is not a unicast host address");
        }
        if (options.localAddresses().contains(a)) {
            throw new WireFormatException(BgpError.INVALID_NEXT_HOP_ATTRIBUTE, a.getHostAddress() + " is this speaker's address");
        }
    }

    private static void requireLength(boolean ok, int len) throws WireFormatException {
        if (!ok) {
            throw new WireFormatException(BgpError.ATTRIBUTE_LENGTH_ERROR, "bad length " + len);
        }
    }

    private static boolean hasConfederationSegment(List<AsPathSegment> segments) {
        for (AsPathSegment s : segments) {
            if (s.type() == AsPathSegment.Type.AS_CONFED_SEQUENCE || s.type() == AsPathSegment.Type.AS_CONFED_SET) {
                return true;
            }
        }
        return false;
    }

    /** Segments per RFC 7606 §7.2: a known type, a non-zero count, no overrun, no AS 0 (RFC 7607). */
    private static List<AsPathSegment> readSegments(ByteBuf v, int asSize, BgpError error) throws WireFormatException {
        List<AsPathSegment> segments = new ArrayList<>();
        while (v.isReadable()) {
            if (v.readableBytes() < 2) {
                throw new WireFormatException(error, "truncated segment header");
            }
            int code = v.readUnsignedByte();
            AsPathSegment.Type type = AsPathSegment.Type.valueOf(code);
            int count = v.readUnsignedByte();
            if (type == null) {
                throw new WireFormatException(error, "segment type " + code);
            }
            if (count == 0 || count * asSize > v.readableBytes()) {
                throw new WireFormatException(error, "segment of " + count + " ASes overruns or is empty");
            }
            List<Long> asns = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long asn = asSize == 4 ? v.readUnsignedInt() : (long) v.readUnsignedShort();
                if (asn == 0) {
                    throw new WireFormatException(error, "AS 0 in the path (RFC 7607)");
                }
                asns.add(asn);
            }
            segments.add(new AsPathSegment(type, asns));
        }
        return segments;
    }

    /** Octets of the value, or -1 if {@code a} is not a base attribute. */
    static int valueLength(PathAttribute a, CodecOptions options) {
        if (a instanceof PathAttribute.Origin) {
            return 1;
        } else if (a instanceof PathAttribute.AsPath p) {
            return segmentsLength(p.segments(), options.fourOctetAs() ? 4 : 2);
        } else if (a instanceof PathAttribute.As4Path p) {
            return segmentsLength(p.segments(), 4);
        } else if (a instanceof PathAttribute.AtomicAggregate) {
            return 0;
        } else if (a instanceof PathAttribute.NextHop || a instanceof PathAttribute.MultiExitDisc
                || a instanceof PathAttribute.LocalPref) {
            return 4;
        }
        return -1;
    }

    /** Writes the value of a base attribute; false if {@code a} is not one. */
    static boolean write(PathAttribute a, ByteBuf out, CodecOptions options) {
        if (a instanceof PathAttribute.Origin o) {
            out.writeByte(o.value().code());
        } else if (a instanceof PathAttribute.AsPath p) {
            writeSegments(p.segments(), out, options.fourOctetAs() ? 4 : 2);
        } else if (a instanceof PathAttribute.As4Path p) {
            writeSegments(p.segments(), out, 4);
        } else if (a instanceof PathAttribute.NextHop nh) {
            out.writeInt(IpAddresses.toInt(nh.address()));
        } else if (a instanceof PathAttribute.MultiExitDisc m) {
            out.writeInt((int) m.value());
        } else if (a instanceof PathAttribute.LocalPref lp) {
            out.writeInt((int) lp.value());
        } else {
            return a instanceof PathAttribute.AtomicAggregate;
        }
        return true;
    }

    private static int segmentsLength(List<AsPathSegment> segments, int asSize) {
        int n = 0;
        for (AsPathSegment s : segments) {
            int count = s.asns().size();
            n += 2 * ((count + 254) / 255) + count * asSize;
        }
        return n;
    }

    /** Segments longer than 255 ASes are split into several of the same type. */
    private static void writeSegments(List<AsPathSegment> segments, ByteBuf out, int asSize) {
        for (AsPathSegment s : segments) {
            List<Long> asns = s.asns();
            for (int from = 0; from < asns.size(); from += 255) {
                int to = Math.min(asns.size(), from + 255);
                out.writeByte(s.type().code());
                out.writeByte(to - from);
                for (long asn : asns.subList(from, to)) {
                    if (asSize == 4) {
                        out.writeInt((int) asn);
                    } else {
                        out.writeShort(asn > 0xffff ? OpenMessage.AS_TRANS : (int) asn);
                    }
                }
            }
        }
    }
}
