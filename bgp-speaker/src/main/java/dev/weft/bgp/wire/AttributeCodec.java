package dev.weft.bgp.wire;

import dev.weft.common.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The path attribute section of an UPDATE (RFC 4271 §4.3, §5) with RFC 7606 revised error
 * handling: walks the attribute TLVs, applies the per-type table of {@link RevisedErrorHandling}
 * and hands each value to its family's codec ({@link BaseAttributeCodec},
 * {@link CommunityAttributeCodec}, {@link LoopPreventionAttributeCodec}, {@link MpAttributeCodec}).
 *
 * <pre>
 *  0                   1                   2                   3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |O|T|P|E| 0000  |  Type Code    | Length (1, or 2 if E)         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Attribute Value (Length octets) ...           |
 * </pre>
 * Section-level rules: an attribute overrunning the section, or 1–2 (3 with E) trailing
 * octets, is treat-as-withdraw (RFC 7606 §4), except that an overrunning MP_REACH_NLRI /
 * MP_UNREACH_NLRI resets the session since its NLRI cannot be located (§3 j); MP_REACH_NLRI /
 * MP_UNREACH_NLRI with Optional/Transitive flags other than RFC 4760's are AFI/SAFI disable with
 * 3/4 (§5.3 counts them incorrect, so §3 j applies); a repeated
 * attribute is discarded, a repeated MP_REACH_NLRI / MP_UNREACH_NLRI resets the session with 3/1
 * (§3 g); an unrecognized well-known attribute resets it with 3/2 (RFC 4271 §6.3).
 * AS numbers are 4 octets with {@link CodecOptions#fourOctetAs()}, else 2 octets; a path with
 * 4-octet AS numbers sent to a 2-octet peer carries AS_TRANS plus an AS4_PATH (RFC 6793 §4.2.2).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7606#section-3">RFC 7606 §3, §4</a>
 */
final class AttributeCodec {
    /**
     * The flag bits an attribute kept as bytes carries on: Optional, Transitive, Partial. Extended
     * Length is recomputed when encoding; the four low-order bits are ignored on receipt and sent
     * as zero (RFC 4271 §4.3).
     */
    static final int KEPT_FLAGS = PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE | PathAttribute.FLAG_PARTIAL;

    private AttributeCodec() {}

    /**
     * The attributes that survived, the strongest soft error (null if none), and the prefixes of
     * MP_REACH_NLRI / MP_UNREACH_NLRI attributes that were parsed but rejected (to withdraw).
     */
    record Decoded(List<PathAttribute> attributes, ErrorHandling worst, List<IpPrefix> rejectedMpPrefixes) {}

    /** Decodes the whole section; soft errors go to {@code soft}, session-reset errors are thrown. */
    static Decoded decodeAll(ByteBuf in, CodecOptions options, Consumer<BgpWireException> soft) throws BgpWireException {
        List<PathAttribute> out = new ArrayList<>();
        List<IpPrefix> rejected = new ArrayList<>();
        boolean[] seen = new boolean[256];
        ErrorHandling worst = null;
        while (in.isReadable()) {
            int start = in.readerIndex();
            int flags = in.readUnsignedByte();
            boolean extended = (flags & PathAttribute.FLAG_EXTENDED_LENGTH) != 0;
            if (in.readableBytes() < (extended ? 3 : 2)) {
                soft.accept(new BgpWireException(BgpError.MALFORMED_ATTRIBUTE_LIST, ByteBufUtil.getBytes(in, start, in.writerIndex() - start),
                        ErrorHandling.TREAT_AS_WITHDRAW, "truncated attribute header"));
                worst = ErrorHandling.TREAT_AS_WITHDRAW.max(worst);
                break;
            }
            int type = in.readUnsignedByte();
            int length = extended ? in.readUnsignedShort() : in.readUnsignedByte();
            if (length > in.readableBytes()) {
                byte[] raw = ByteBufUtil.getBytes(in, start, in.writerIndex() - start);
                String detail = "attribute type " + type + " of length " + length + " overruns the attribute section";
                if (isMp(type)) {
                    throw new BgpWireException(BgpError.ATTRIBUTE_LENGTH_ERROR, raw, ErrorHandling.SESSION_RESET, detail);
                }
                soft.accept(new BgpWireException(BgpError.ATTRIBUTE_LENGTH_ERROR, raw, ErrorHandling.TREAT_AS_WITHDRAW, detail));
                worst = ErrorHandling.TREAT_AS_WITHDRAW.max(worst);
                break;
            }
            ByteBuf value = in.readSlice(length);
            byte[] raw = ByteBufUtil.getBytes(in, start, in.readerIndex() - start);
            if (seen[type]) {
                if (isMp(type)) {
                    throw new BgpWireException(BgpError.MALFORMED_ATTRIBUTE_LIST, null, "repeated attribute type " + type);
                }
                soft.accept(new BgpWireException(BgpError.MALFORMED_ATTRIBUTE_LIST, raw, ErrorHandling.ATTRIBUTE_DISCARD,
                        "repeated attribute type " + type));
                worst = ErrorHandling.ATTRIBUTE_DISCARD.max(worst);
                continue;
            }
            seen[type] = true;
            if (!RevisedErrorHandling.recognized(type)) {
                decodeUnrecognized(flags, type, value, raw, out);
                continue;
            }
            BgpWireException error = isMp(type)
                    ? decodeMp(flags, type, value, raw, options, out, rejected)
                    : decodeRecognized(flags, type, value, raw, options, out);
            if (error != null) {
                soft.accept(error);
                worst = error.handling().max(worst);
            }
        }
        return new Decoded(out, worst, rejected);
    }

    private static boolean isMp(int type) {
        return type == PathAttribute.MP_REACH_NLRI || type == PathAttribute.MP_UNREACH_NLRI;
    }

    /** RFC 4271 §5, §6.3: well-known → 3/2 reset; optional transitive kept with Partial; else dropped. */
    private static void decodeUnrecognized(int flags, int type, ByteBuf value, byte[] raw, List<PathAttribute> out)
            throws BgpWireException {
        if ((flags & PathAttribute.FLAG_OPTIONAL) == 0) {
            throw new BgpWireException(BgpError.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE, raw, "type " + type);
        }
        if ((flags & PathAttribute.FLAG_TRANSITIVE) != 0) {
            out.add(new PathAttribute.Unknown((flags & KEPT_FLAGS) | PathAttribute.FLAG_PARTIAL, type, ByteBufUtil.getBytes(value)));
        }
    }

    /** Decodes one recognized non-MP attribute into {@code out}; returns the soft error instead if malformed. */
    private static BgpWireException decodeRecognized(int flags, int type, ByteBuf value, byte[] raw, CodecOptions options,
            List<PathAttribute> out) {
        try {
            if (RevisedErrorHandling.flagsConflict(type, flags)) {
                throw new WireFormatException(BgpError.ATTRIBUTE_FLAGS_ERROR, "flags 0x" + Integer.toHexString(flags));
            }
            out.add(switch (type) {
                case PathAttribute.COMMUNITIES, PathAttribute.LARGE_COMMUNITY -> CommunityAttributeCodec.decode(type, value);
                case PathAttribute.ORIGINATOR_ID, PathAttribute.CLUSTER_LIST, PathAttribute.ONLY_TO_CUSTOMER ->
                        LoopPreventionAttributeCodec.decode(type, value, options);
                case PathAttribute.EXTENDED_COMMUNITIES, PathAttribute.IPV6_EXTENDED_COMMUNITIES -> {
                    CommunityAttributeCodec.checkExtended(type, value);
                    yield asBytes(flags, type, value);
                }
                case PathAttribute.AGGREGATOR, PathAttribute.AS4_AGGREGATOR -> {
                    BaseAttributeCodec.checkAggregator(type, value, options);
                    yield asBytes(flags, type, value);
                }
                default -> BaseAttributeCodec.decode(type, value, options);
            });
            return null;
        } catch (WireFormatException e) {
            return new BgpWireException(e.error(), raw, RevisedErrorHandling.malformed(type, options),
                    "attribute type " + type + ": " + e.getMessage());
        }
    }

    private static PathAttribute asBytes(int flags, int type, ByteBuf value) {
        return new PathAttribute.Unknown(flags & KEPT_FLAGS, type, ByteBufUtil.getBytes(value));
    }

    /** MP_REACH_NLRI / MP_UNREACH_NLRI: see {@link MpAttributeCodec} for the rules. */
    private static BgpWireException decodeMp(int flags, int type, ByteBuf value, byte[] raw, CodecOptions options,
            List<PathAttribute> out, List<IpPrefix> rejected) throws BgpWireException {
        boolean reach = type == PathAttribute.MP_REACH_NLRI;
        PathAttribute mp;
        try {
            mp = reach ? MpAttributeCodec.decodeReach(value, raw, options) : MpAttributeCodec.decodeUnreach(value, raw, options);
        } catch (BgpWireException e) {
            if (e.handling() == ErrorHandling.SESSION_RESET) {
                throw e;
            }
            return e;
        }
        if (mp == null) {
            return new BgpWireException(BgpError.OPTIONAL_ATTRIBUTE_ERROR, raw, ErrorHandling.ATTRIBUTE_DISCARD,
                    "attribute type " + type + ": address family not carried or not negotiated");
        }
        AddressFamily family = mp instanceof PathAttribute.MpReachNlri r ? r.family() : ((PathAttribute.MpUnreachNlri) mp).family();
        List<IpPrefix> prefixes = mp instanceof PathAttribute.MpReachNlri r ? r.nlri() : ((PathAttribute.MpUnreachNlri) mp).withdrawn();
        if (RevisedErrorHandling.flagsConflict(type, flags)) {
            // RFC 7606 §5.3: flags other than RFC 4760's make the attribute incorrect, so its NLRI
            // were not reliably parsed (§3 j): AFI/SAFI disable or session reset, never
            // treat-as-withdraw; subcode Attribute Flags Error with the attribute (RFC 4271 §6.3)
            rejected.addAll(prefixes);
            return new BgpWireException(BgpError.ATTRIBUTE_FLAGS_ERROR, raw, ErrorHandling.AFI_SAFI_DISABLE, family,
                    "attribute type " + type + ": flags 0x" + Integer.toHexString(flags));
        }
        try {
            if (mp instanceof PathAttribute.MpReachNlri r) {
                MpAttributeCodec.checkNextHops(r, options);
            }
        } catch (WireFormatException e) {
            rejected.addAll(prefixes);
            return new BgpWireException(e.error(), raw, ErrorHandling.TREAT_AS_WITHDRAW, family,
                    "attribute type " + type + ": " + e.getMessage());
        }
        out.add(mp);
        return null;
    }

    /** The attributes actually put on the wire for {@code options} (AS4_PATH added or dropped). */
    private static List<PathAttribute> wireAttributes(List<PathAttribute> attributes, CodecOptions options) {
        List<PathAttribute> out = new ArrayList<>(attributes.size() + 1);
        boolean hasAs4 = false;
        for (PathAttribute a : attributes) {
            hasAs4 |= a instanceof PathAttribute.As4Path;
        }
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

    /** Octets the attributes take on the wire with {@code options}, headers included. */
    static int encodedLength(List<PathAttribute> attributes, CodecOptions options) {
        int n = 0;
        for (PathAttribute a : wireAttributes(attributes, options)) {
            int len = valueLength(a, options);
            n += (len > 255 ? 4 : 3) + len;
        }
        return n;
    }

    /** Writes the attributes in list order (MP attributes are first in an {@link UpdateMessage}). */
    static void encodeAll(List<PathAttribute> attributes, ByteBuf out, CodecOptions options) {
        for (PathAttribute a : wireAttributes(attributes, options)) {
            int len = valueLength(a, options);
            int flags = RevisedErrorHandling.flagsOf(a) & KEPT_FLAGS;
            if (len > 255) {
                out.writeByte(flags | PathAttribute.FLAG_EXTENDED_LENGTH);
                out.writeByte(a.typeCode());
                out.writeShort(len);
            } else {
                out.writeByte(flags);
                out.writeByte(a.typeCode());
                out.writeByte(len);
            }
            boolean written = BaseAttributeCodec.write(a, out, options) || CommunityAttributeCodec.write(a, out)
                    || LoopPreventionAttributeCodec.write(a, out) || MpAttributeCodec.write(a, out);
            if (!written && a instanceof PathAttribute.Unknown u) {
                out.writeBytes(u.value());
            }
        }
    }

    private static int valueLength(PathAttribute a, CodecOptions options) {
        int n = BaseAttributeCodec.valueLength(a, options);
        if (n < 0) {
            n = CommunityAttributeCodec.valueLength(a);
        }
        if (n < 0) {
            n = LoopPreventionAttributeCodec.valueLength(a);
        }
        if (n < 0) {
            n = MpAttributeCodec.valueLength(a);
        }
        if (n < 0) {
            n = ((PathAttribute.Unknown) a).value().length;
        }
        if (n > 0xffff) {
            throw new IllegalArgumentException("attribute type " + a.typeCode() + " of " + n + " octets exceeds 65535");
        }
        return n;
    }
}
