package dev.weft.bgp.wire;

import dev.weft.common.net.IpAddresses;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Path attribute codec (RFC 4271 §4.3, §5, §6.3) with RFC 7606 revised error handling:
 *
 * <ul>
 *   <li>ORIGIN, AS_PATH, NEXT_HOP, MULTI_EXIT_DISC, LOCAL_PREF, COMMUNITIES with wrong flags,
 *       length or value: treat-as-withdraw (RFC 7606 §7.1–§7.5, §7.8);</li>
 *   <li>ATOMIC_AGGREGATE and AS4_PATH errors: attribute discard (RFC 7606 §7.6, RFC 6793 §6);</li>
 *   <li>an attribute overrunning the attribute section: treat-as-withdraw (RFC 7606 §4);</li>
 *   <li>repeated attributes: all but the first discarded (RFC 7606 §3 g);</li>
 *   <li>an unrecognized well-known attribute: session reset 3/2 (RFC 4271 §6.3).</li>
 * </ul>
 * AS numbers are 4 octets with {@link CodecOptions#fourOctetAs()}, else 2 octets; a path with
 * 4-octet AS numbers sent to a 2-octet peer carries AS_TRANS plus an AS4_PATH (RFC 6793 §4.2.2).
 */
final class AttributeCodec {
    private static final int WELL_KNOWN = PathAttribute.FLAG_TRANSITIVE;
    private static final int OPTIONAL_NON_TRANSITIVE = PathAttribute.FLAG_OPTIONAL;
    private static final int OPTIONAL_TRANSITIVE = PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE;

    private AttributeCodec() {}

    record Decoded(List<PathAttribute> attributes, boolean treatAsWithdraw) {}

    static Decoded decodeAll(ByteBuf in, CodecOptions options, Consumer<BgpWireException> softErrors)
            throws BgpWireException {
        List<PathAttribute> out = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        boolean withdraw = false;
        while (in.isReadable()) {
            int start = in.readerIndex();
            if (in.readableBytes() < 3) {
                softErrors.accept(new BgpWireException(BgpError.MALFORMED_ATTRIBUTE_LIST, null,
                        ErrorHandling.TREAT_AS_WITHDRAW, "truncated attribute header"));
                withdraw = true;
                break;
            }
            int flags = in.readUnsignedByte();
            int type = in.readUnsignedByte();
            boolean extended = (flags & PathAttribute.FLAG_EXTENDED_LENGTH) != 0;
            if (extended && in.readableBytes() < 2) {
                softErrors.accept(new BgpWireException(BgpError.MALFORMED_ATTRIBUTE_LIST, null,
                        ErrorHandling.TREAT_AS_WITHDRAW, "truncated attribute header"));
                withdraw = true;
                break;
            }
            int length = extended ? in.readUnsignedShort() : in.readUnsignedByte();
            if (length > in.readableBytes()) {
                softErrors.accept(new BgpWireException(BgpError.ATTRIBUTE_LENGTH_ERROR, null,
                        ErrorHandling.TREAT_AS_WITHDRAW, "attribute type " + type + " of length " + length
                        + " overruns the attribute section"));
                withdraw = true;
                break;
            }
            ByteBuf value = in.readSlice(length);
            byte[] raw = ByteBufUtil.getBytes(in, start, in.readerIndex() - start);
            if (!seen.add(type)) {
                softErrors.accept(new BgpWireException(BgpError.MALFORMED_ATTRIBUTE_LIST, raw,
                        ErrorHandling.ATTRIBUTE_DISCARD, "repeated attribute type " + type));
                continue;
            }
            try {
                out.add(decodeOne(flags, type, value, options, raw));
            } catch (BgpWireException e) {
                if (e.handling() == ErrorHandling.SESSION_RESET) {
                    throw e;
                }
                softErrors.accept(e);
                withdraw |= e.handling() == ErrorHandling.TREAT_AS_WITHDRAW;
            }
        }
        return new Decoded(List.copyOf(out), withdraw);
    }

    private static PathAttribute decodeOne(int flags, int type, ByteBuf v, CodecOptions options, byte[] raw)
            throws BgpWireException {
        ErrorHandling taw = ErrorHandling.TREAT_AS_WITHDRAW;
        int len = v.readableBytes();
        switch (type) {
            case PathAttribute.ORIGIN -> {
                check(flags, WELL_KNOWN, len == 1, raw, taw);
                OriginType o = OriginType.valueOf(v.readUnsignedByte());
                if (o == null) {
                    throw new BgpWireException(BgpError.INVALID_ORIGIN_ATTRIBUTE, raw, taw, "undefined ORIGIN");
                }
                return new PathAttribute.Origin(o);
            }
            case PathAttribute.AS_PATH -> {
                check(flags, WELL_KNOWN, true, raw, taw);
                return new PathAttribute.AsPath(readSegments(v, options.fourOctetAs() ? 4 : 2, raw, BgpError.MALFORMED_AS_PATH, taw));
            }
            case PathAttribute.NEXT_HOP -> {
                check(flags, WELL_KNOWN, len == 4, raw, taw);
                int a = v.readInt();
                int first = a >>> 24;
                if (a == 0 || first >= 224) {
                    throw new BgpWireException(BgpError.INVALID_NEXT_HOP_ATTRIBUTE, raw, taw, "not a host address");
                }
                return new PathAttribute.NextHop(IpAddresses.fromIpv4Int(a));
            }
            case PathAttribute.MULTI_EXIT_DISC -> {
                check(flags, OPTIONAL_NON_TRANSITIVE, len == 4, raw, taw);
                return new PathAttribute.MultiExitDisc(v.readUnsignedInt());
            }
            case PathAttribute.LOCAL_PREF -> {
                check(flags, WELL_KNOWN, len == 4, raw, taw);
                return new PathAttribute.LocalPref(v.readUnsignedInt());
            }
            case PathAttribute.ATOMIC_AGGREGATE -> {
                check(flags, WELL_KNOWN, len == 0, raw, ErrorHandling.ATTRIBUTE_DISCARD);
                return new PathAttribute.AtomicAggregate();
            }
            case PathAttribute.COMMUNITIES -> {
                check(flags, OPTIONAL_TRANSITIVE, len % 4 == 0, raw, taw);
                List<Long> values = new ArrayList<>(len / 4);
                while (v.isReadable()) {
                    values.add(v.readUnsignedInt());
                }
                return new PathAttribute.Communities(values);
            }
            case PathAttribute.AS4_PATH -> {
                ErrorHandling discard = ErrorHandling.ATTRIBUTE_DISCARD;
                check(flags, OPTIONAL_TRANSITIVE, true, raw, discard);
                return new PathAttribute.As4Path(readSegments(v, 4, raw, BgpError.OPTIONAL_ATTRIBUTE_ERROR, discard));
            }
            default -> {
                if ((flags & PathAttribute.FLAG_OPTIONAL) == 0) {
                    throw new BgpWireException(BgpError.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE, raw, "type " + type);
                }
                byte[] b = new byte[len];
                v.readBytes(b);
                return new PathAttribute.Unknown(flags & ~PathAttribute.FLAG_EXTENDED_LENGTH, type, b);
            }
        }
    }

    /** Flags must match on the Optional and Transitive bits (RFC 7606 §3 c); the length must be right. */
    private static void check(int flags, int expected, boolean lengthOk, byte[] raw, ErrorHandling handling)
            throws BgpWireException {
        int mask = PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE;
        if ((flags & mask) != expected) {
            throw new BgpWireException(BgpError.ATTRIBUTE_FLAGS_ERROR, raw, handling, "flags 0x" + Integer.toHexString(flags));
        }
        if (!lengthOk) {
            throw new BgpWireException(BgpError.ATTRIBUTE_LENGTH_ERROR, raw, handling, "bad length");
        }
    }

    private static List<AsPathSegment> readSegments(ByteBuf v, int asSize, byte[] raw, BgpError error, ErrorHandling h)
            throws BgpWireException {
        List<AsPathSegment> segments = new ArrayList<>();
        while (v.isReadable()) {
            if (v.readableBytes() < 2) {
                throw new BgpWireException(error, raw, h, "truncated segment header");
            }
            AsPathSegment.Type type = AsPathSegment.Type.valueOf(v.readUnsignedByte());
            int count = v.readUnsignedByte();
            if (type == null || count == 0 || count * asSize > v.readableBytes()) {
                throw new BgpWireException(error, raw, h, "bad segment");
            }
            List<Long> asns = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                asns.add(asSize == 4 ? v.readUnsignedInt() : (long) v.readUnsignedShort());
            }
            segments.add(new AsPathSegment(type, asns));
        }
        return segments;
    }

    /** The attributes actually put on the wire for {@code options} (AS4_PATH added or dropped). */
    private static List<PathAttribute> wireAttributes(List<PathAttribute> attributes, CodecOptions options) {
        List<PathAttribute> out = new ArrayList<>(attributes.size() + 1);
        boolean hasAs4 = attributes.stream().anyMatch(PathAttribute.As4Path.class::isInstance);
        for (PathAttribute a : attributes) {
            if (a instanceof PathAttribute.As4Path && options.fourOctetAs()) {
                continue; // RFC 6793 §4.1: never sent between NEW speakers
            }
            out.add(a);
            if (a instanceof PathAttribute.AsPath p && !options.fourOctetAs() && !hasAs4
                    && AsPaths.hasFourOctetAs(p.segments())) {
                out.add(new PathAttribute.As4Path(p.segments()));
            }
        }
        return out;
    }

    static int encodedLength(List<PathAttribute> attributes, CodecOptions options) {
        int n = 0;
        for (PathAttribute a : wireAttributes(attributes, options)) {
            int len = valueLength(a, options);
            n += (len > 255 ? 4 : 3) + len;
        }
        return n;
    }

    static void encodeAll(List<PathAttribute> attributes, ByteBuf out, CodecOptions options) {
        for (PathAttribute a : wireAttributes(attributes, options)) {
            int len = valueLength(a, options);
            int flags = flagsOf(a) & ~PathAttribute.FLAG_EXTENDED_LENGTH;
            if (len > 255) {
                out.writeByte(flags | PathAttribute.FLAG_EXTENDED_LENGTH);
                out.writeByte(a.typeCode());
                out.writeShort(len);
            } else {
                out.writeByte(flags);
                out.writeByte(a.typeCode());
                out.writeByte(len);
            }
            writeValue(a, out, options);
        }
    }

    private static int flagsOf(PathAttribute a) {
        if (a instanceof PathAttribute.Unknown u) {
            return u.flags();
        }
        if (a instanceof PathAttribute.MultiExitDisc) {
            return OPTIONAL_NON_TRANSITIVE;
        }
        if (a instanceof PathAttribute.Communities || a instanceof PathAttribute.As4Path) {
            return OPTIONAL_TRANSITIVE;
        }
        return WELL_KNOWN;
    }

    private static int valueLength(PathAttribute a, CodecOptions options) {
        if (a instanceof PathAttribute.Origin) {
            return 1;
        } else if (a instanceof PathAttribute.AsPath p) {
            return segmentsLength(p.segments(), options.fourOctetAs() ? 4 : 2);
        } else if (a instanceof PathAttribute.As4Path p) {
            return segmentsLength(p.segments(), 4);
        } else if (a instanceof PathAttribute.Communities c) {
            return 4 * c.values().size();
        } else if (a instanceof PathAttribute.AtomicAggregate) {
            return 0;
        } else if (a instanceof PathAttribute.Unknown u) {
            return u.value().length;
        }
        return 4; // NEXT_HOP, MED, LOCAL_PREF
    }

    private static int segmentsLength(List<AsPathSegment> segments, int asSize) {
        int n = 0;
        for (AsPathSegment s : segments) {
            int count = s.asns().size();
            n += 2 * ((count + 254) / 255) + count * asSize;
        }
        return n;
    }

    private static void writeValue(PathAttribute a, ByteBuf out, CodecOptions options) {
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
        } else if (a instanceof PathAttribute.Communities c) {
            for (long v : c.values()) {
                out.writeInt((int) v);
            }
        } else if (a instanceof PathAttribute.Unknown u) {
            out.writeBytes(u.value());
        }
    }

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
