package dev.weft.bgp.wire;

import dev.weft.common.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * UPDATE body codec (RFC 4271 §4.3) with RFC 7606 error handling at the message level:
 * <ul>
 *   <li>withdrawn routes or total path attribute length overrunning the message: session
 *       reset 3/1 (RFC 7606 §4; the NLRI cannot be located);</li>
 *   <li>a malformed prefix in the withdrawn routes or NLRI field: session reset 3/10
 *       (RFC 7606 §5.3, RFC 4271 §6.3);</li>
 *   <li>attribute errors per attribute type ({@link AttributeCodec}, {@link RevisedErrorHandling});</li>
 *   <li>an UPDATE with path attributes other than MP_UNREACH_NLRI but no reachable NLRI whose
 *       strongest error is treat-as-withdraw: session reset with that error (RFC 7606 §5.2);</li>
 *   <li>ORIGIN or AS_PATH missing while NLRI (field or MP_REACH_NLRI) is present, or NEXT_HOP
 *       missing while the NLRI field is not empty: treat-as-withdraw 3/3 with the type as data
 *       (RFC 7606 §3 d; RFC 4760 makes NEXT_HOP optional for MP_REACH_NLRI-only UPDATEs).</li>
 * </ul>
 * The result of the strongest soft error is described in {@link UpdateMessage} ("Decoder outcomes").
 *
 * <pre>
 * | Withdrawn Routes Length (2) | Withdrawn Routes | Total Path Attribute Length (2) |
 * | Path Attributes | NLRI (to the end of the message) |
 * </pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4271#section-4.3">RFC 4271 §4.3</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7606">RFC 7606</a>
 */
final class UpdateCodec {
    private UpdateCodec() {}

    static UpdateMessage decode(ByteBuf body, CodecOptions options, Consumer<BgpWireException> softErrors)
            throws BgpWireException {
        int withdrawnLength = body.readUnsignedShort();
        if (withdrawnLength > body.readableBytes() - 2) {
            throw new BgpWireException(BgpError.MALFORMED_ATTRIBUTE_LIST, null,
                    "withdrawn routes length " + withdrawnLength + " overruns the message");
        }
        List<IpPrefix> withdrawn = readPrefixes(body.readSlice(withdrawnLength), "withdrawn routes");
        int attributesLength = body.readUnsignedShort();
        if (attributesLength > body.readableBytes()) {
            throw new BgpWireException(BgpError.MALFORMED_ATTRIBUTE_LIST, null,
                    "total path attribute length " + attributesLength + " overruns the message");
        }
        ByteBuf attributeBytes = body.readSlice(attributesLength);
        List<IpPrefix> nlri = readPrefixes(body, "NLRI");
        int attributesStart = attributeBytes.readerIndex();
        List<BgpWireException> soft = new ArrayList<>(2);
        AttributeCodec.Decoded attrs = AttributeCodec.decodeAll(attributeBytes, options, soft::add);
        ErrorHandling worst = attrs.worst();
        boolean mpReach = attrs.attributes().stream().anyMatch(PathAttribute.MpReachNlri.class::isInstance);
        if ((!nlri.isEmpty() || mpReach) && (worst == null || worst.compareTo(ErrorHandling.TREAT_AS_WITHDRAW) < 0)) {
            worst = checkMandatory(attrs.attributes(), !nlri.isEmpty(), soft::add, worst);
        }
        if (worst == ErrorHandling.TREAT_AS_WITHDRAW && nlri.isEmpty() && !mpReach && attrs.rejectedMpPrefixes().isEmpty()
                && hasAttributeOtherThanMpUnreach(attributeBytes, attributesStart)) {
            // RFC 7606 §5.2: path attributes but no reachable NLRI: treat-as-withdraw would lose the
            // error silently, so the session is reset with the strongest error found
            BgpWireException e = soft.stream().filter(x -> x.handling() == ErrorHandling.TREAT_AS_WITHDRAW).findFirst()
                    .orElse(new BgpWireException(BgpError.MALFORMED_ATTRIBUTE_LIST, null, "malformed path attributes"));
            throw new BgpWireException(e.code(), e.subcode(), e.data(), ErrorHandling.SESSION_RESET,
                    e.getMessage() + " (UPDATE without reachable NLRI, RFC 7606 §5.2)");
        }
        soft.forEach(softErrors);
        if (worst != null && worst.compareTo(ErrorHandling.TREAT_AS_WITHDRAW) >= 0) {
            List<IpPrefix> all = new ArrayList<>(withdrawn);
            all.addAll(nlri);
            for (PathAttribute a : attrs.attributes()) {
                if (a instanceof PathAttribute.MpReachNlri r) {
                    all.addAll(r.nlri());
                } else if (a instanceof PathAttribute.MpUnreachNlri u) {
                    all.addAll(u.withdrawn());
                }
            }
            all.addAll(attrs.rejectedMpPrefixes());
            return UpdateMessage.treatAsWithdraw(all);
        }
        if (attributesLength > 0 && withdrawn.isEmpty() && nlri.isEmpty() && attrs.attributes().isEmpty()) {
            // every attribute was dropped (e.g. the End-of-RIB of a family we do not carry, an empty
            // MP_UNREACH_NLRI of it): what is left must not read as IPv4 unicast's End-of-RIB
            // (RFC 4724 §2), which would end a graceful restart's stale routes early
            return UpdateMessage.treatAsWithdraw(List.of());
        }
        return new UpdateMessage(withdrawn, attrs.attributes(), nlri);
    }

    /**
     * True if the attribute section (from {@code start}, whatever has been read since) holds an
     * attribute of a type other than MP_UNREACH_NLRI, read from the headers alone (a section too
     * broken to walk counts as true). Only asked for an UPDATE without NLRI and with an error.
     */
    private static boolean hasAttributeOtherThanMpUnreach(ByteBuf attributes, int start) {
        int i = start;
        int end = attributes.writerIndex();
        while (i < end) {
            if (end - i < 3) {
                return true;
            }
            int flags = attributes.getUnsignedByte(i);
            int type = attributes.getUnsignedByte(i + 1);
            if (type != PathAttribute.MP_UNREACH_NLRI) {
                return true;
            }
            boolean extended = (flags & 0x10) != 0;
            if (extended && end - i < 4) {
                return true;
            }
            int length = extended ? attributes.getUnsignedShort(i + 2) : attributes.getUnsignedByte(i + 2);
            i += (extended ? 4 : 3) + length;
        }
        return false;
    }

    private static ErrorHandling checkMandatory(List<PathAttribute> attributes, boolean ipv4Nlri,
            Consumer<BgpWireException> softErrors, ErrorHandling worst) {
        boolean origin = false;
        boolean asPath = false;
        boolean nextHop = false;
        for (PathAttribute a : attributes) {
            origin |= a instanceof PathAttribute.Origin;
            asPath |= a instanceof PathAttribute.AsPath;
            nextHop |= a instanceof PathAttribute.NextHop;
        }
        ErrorHandling out = worst;
        int[] missing = {origin ? -1 : PathAttribute.ORIGIN, asPath ? -1 : PathAttribute.AS_PATH,
            nextHop || !ipv4Nlri ? -1 : PathAttribute.NEXT_HOP};
        for (int type : missing) {
            if (type >= 0) {
                softErrors.accept(new BgpWireException(BgpError.MISSING_WELL_KNOWN_ATTRIBUTE, new byte[] {(byte) type},
                        ErrorHandling.TREAT_AS_WITHDRAW, "attribute type " + type + " missing"));
                out = ErrorHandling.TREAT_AS_WITHDRAW.max(out);
            }
        }
        return out;
    }

    /** Reads IPv4 prefixes until {@code in} is empty (RFC 4271 §4.3) as compact keys ({@link Ipv4Prefixes}); errors are 3/10 session resets. */
    static List<IpPrefix> readPrefixes(ByteBuf in, String field) throws BgpWireException {
        try {
            return Prefixes.readIpv4(in);
        } catch (WireFormatException e) {
            throw new BgpWireException(BgpError.INVALID_NETWORK_FIELD, null, field + ": " + e.getMessage());
        }
    }

    static void encode(UpdateMessage update, ByteBuf out, CodecOptions options) {
        int lengthAt = out.writerIndex();
        out.writeShort(0);
        Prefixes.write(out, update.withdrawn());
        out.setShort(lengthAt, out.writerIndex() - lengthAt - 2);
        lengthAt = out.writerIndex();
        out.writeShort(0);
        AttributeCodec.encodeAll(update.attributes(), out, options);
        int attributesLength = out.writerIndex() - lengthAt - 2;
        if (attributesLength > 0xffff) {
            throw new MessageTooLongException("path attributes of " + attributesLength + " octets", attributesLength, 0xffff);
        }
        out.setShort(lengthAt, attributesLength);
        Prefixes.write(out, update.nlri());
    }
}
