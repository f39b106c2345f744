package dev.weft.bgp.wire;

import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * UPDATE body codec (RFC 4271 §4.3) with RFC 7606 error handling: inconsistent section
 * lengths reset the session (3/1), malformed prefixes reset it (3/10), attribute errors are
 * handled per attribute by {@link AttributeCodec}, and a missing ORIGIN/AS_PATH/NEXT_HOP with
 * NLRI present is treat-as-withdraw (RFC 7606 §3 d).
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
        boolean withdraw = attrs.treatAsWithdraw();
        if (!nlri.isEmpty() && !withdraw) {
            for (int type : new int[] {PathAttribute.ORIGIN, PathAttribute.AS_PATH, PathAttribute.NEXT_HOP}) {
                if (attrs.attributes().stream().noneMatch(a -> a.typeCode() == type)) {
                    softErrors.accept(new BgpWireException(BgpError.MISSING_WELL_KNOWN_ATTRIBUTE, new byte[] {(byte) type},
                            ErrorHandling.TREAT_AS_WITHDRAW, "attribute type " + type + " missing"));
                    withdraw = true;
                }
            }
        }
        if (withdraw) {
            List<IpPrefix> all = new ArrayList<>(withdrawn);
            all.addAll(nlri);
            return UpdateMessage.withdraw(all);
        }
        return new UpdateMessage(withdrawn, attrs.attributes(), nlri);
    }

    /** Reads length-prefixed IPv4 prefixes until {@code in} is empty (RFC 4271 §4.3); errors are 3/10. */
    static List<IpPrefix> readPrefixes(ByteBuf in, String field) throws BgpWireException {
        List<IpPrefix> out = new ArrayList<>();
        while (in.isReadable()) {
            int length = in.readUnsignedByte();
            if (length > 32) {
                throw new BgpWireException(BgpError.INVALID_NETWORK_FIELD, null,
                        field + ": prefix length " + length + " exceeds 32");
            }
            int octets = (length + 7) / 8;
            if (octets > in.readableBytes()) {
                throw new BgpWireException(BgpError.INVALID_NETWORK_FIELD, null, field + ": truncated prefix");
            }
            int value = 0;
            for (int k = 0; k < 4; k++) {
                value = (value << 8) | (k < octets ? in.readUnsignedByte() : 0);
            }
            out.add(IpPrefix.of(IpAddresses.fromIpv4Int(value), length));
        }
        return out;
    }

    static void writePrefix(ByteBuf out, IpPrefix prefix) {
        out.writeByte(prefix.length());
        out.writeBytes(prefix.address().getAddress(), 0, prefix.wireLength());
    }

    static void encode(UpdateMessage update, ByteBuf out, CodecOptions options) {
        int lengthAt = out.writerIndex();
        out.writeShort(0);
        for (IpPrefix p : update.withdrawn()) {
            writePrefix(out, p);
        }
        out.setShort(lengthAt, out.writerIndex() - lengthAt - 2);
        lengthAt = out.writerIndex();
        out.writeShort(0);
        AttributeCodec.encodeAll(update.attributes(), out, options);
        out.setShort(lengthAt, out.writerIndex() - lengthAt - 2);
        for (IpPrefix p : update.nlri()) {
            writePrefix(out, p);
        }
    }
}
