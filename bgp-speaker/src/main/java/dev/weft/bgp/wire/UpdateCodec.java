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
        AttributeCodec.Decoded attrs = AttributeCodec.decodeAll(attributeBytes, options, softErrors);
        ErrorHandling worst = attrs.worst();
        boolean mpReach = attrs.attributes().stream().anyMatch(PathAttribute.MpReachNlri.class::isInstance);
        if ((!nlri.isEmpty() || mpReach) && (worst == null || worst.compareTo(ErrorHandling.TREAT_AS_WITHDRAW) < 0)) {
            worst = checkMandatory(attrs.attributes(), !nlri.isEmpty(), softErrors, worst);
        }
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
        return new UpdateMessage(withdrawn, attrs.attributes(), nlri);
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
