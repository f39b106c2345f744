package dev.weft.bgp.wire;

import dev.weft.common.net.IpAddresses;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * OPEN body codec (RFC 4271 §4.2, RFC 5492 §4). Checks only what is independent of local
 * configuration: the version (2/1, data = largest supported version as 2 octets) and the
 * optional parameters (2/4 for a type other than Capabilities, 2/0 for malformed ones), in the
 * RFC 4271 encoding or the RFC 9072 extended one (accepted on receipt, never sent: ours fit 255);
 * peer AS, BGP Identifier and hold time are validated by the session. Capabilities are decoded by
 * {@link CapabilityCodec}; all are sent in one Capabilities parameter.
 *
 * <pre>
 * | Version (1) | My AS (2) | Hold Time (2) | BGP Identifier (4) | Opt Parm Len (1) |
 * | Param Type (1) = 2 | Param Length (1) | capabilities ... | (repeated)
 * RFC 9072: | Non-Ext OP Len (1) != 0 | 255 | Extended Opt. Parm. Length (2) |
 *           | Param Type (1) | Param Length (2) | value ... | (repeated)
 * </pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4271#section-4.2">RFC 4271 §4.2</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9072#section-2">RFC 9072 §2</a>
 */
final class OpenCodec {
    /** Optional parameter type: Capabilities (RFC 5492 §4). */
    static final int PARAM_CAPABILITIES = 2;
    /** "Non-Ext OP Type" marking the extended optional parameters encoding (RFC 9072 §2). */
    static final int PARAM_EXTENDED_LENGTH = 255;

    private OpenCodec() {}

    static OpenMessage decode(ByteBuf body) throws BgpWireException {
        int version = body.readUnsignedByte();
        if (version != OpenMessage.VERSION) {
            throw new BgpWireException(BgpError.UNSUPPORTED_VERSION_NUMBER, new byte[] {0, OpenMessage.VERSION},
                    "version " + version);
        }
        int myAs = body.readUnsignedShort();
        int holdTime = body.readUnsignedShort();
        int id = body.readInt();
        int optLen = body.readUnsignedByte();
        // RFC 9072 §2, §3: a non-zero length followed by type 255 is the extended encoding, whatever the length says
        boolean extended = optLen != 0 && body.isReadable() && body.getUnsignedByte(body.readerIndex()) == PARAM_EXTENDED_LENGTH;
        if (extended) {
            body.skipBytes(1);
            optLen = body.readableBytes() >= 2 ? body.readUnsignedShort() : -1;
        }
        if (optLen != body.readableBytes()) {
            throw new BgpWireException(BgpError.OPEN_UNSPECIFIC, null,
                    "optional parameters length " + optLen + " but " + body.readableBytes() + " octets follow");
        }
        List<Capability> caps = new ArrayList<>();
        while (body.isReadable()) {
            if (body.readableBytes() < (extended ? 3 : 2)) {
                throw new BgpWireException(BgpError.OPEN_UNSPECIFIC, null, "truncated optional parameter");
            }
            int type = body.readUnsignedByte();
            int len = extended ? body.readUnsignedShort() : body.readUnsignedByte();
            if (len > body.readableBytes()) {
                throw new BgpWireException(BgpError.OPEN_UNSPECIFIC, null, "optional parameter overruns the message");
            }
            ByteBuf value = body.readSlice(len);
            if (type != PARAM_CAPABILITIES) {
                throw new BgpWireException(BgpError.UNSUPPORTED_OPTIONAL_PARAMETER, null, "parameter type " + type);
            }
            CapabilityCodec.decodeAll(value, caps);
        }
        return new OpenMessage(version, myAs, holdTime, IpAddresses.fromIpv4Int(id), caps);
    }

    static void encode(OpenMessage open, ByteBuf out) {
        out.writeByte(open.version());
        out.writeShort(open.myAs());
        out.writeShort(open.holdTime());
        out.writeInt(IpAddresses.toInt(open.bgpIdentifier()));
        int capsLen = 0;
        for (Capability c : open.capabilities()) {
            capsLen += 2 + CapabilityCodec.valueLength(c);
        }
        if (open.capabilities().isEmpty()) {
            out.writeByte(0);
            return;
        }
        if (capsLen > 253) {
            throw new IllegalArgumentException("capabilities of " + capsLen + " octets do not fit the optional parameters");
        }
        out.writeByte(capsLen + 2);
        out.writeByte(PARAM_CAPABILITIES);
        out.writeByte(capsLen);
        for (Capability c : open.capabilities()) {
            CapabilityCodec.encode(c, out);
        }
    }
}
