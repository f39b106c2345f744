package dev.weft.bgp.wire;

import dev.weft.common.net.IpAddresses;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * OPEN body codec (RFC 4271 §4.2, RFC 5492 §4). Checks only what is independent of local
 * configuration: the version (2/1, data = largest supported version as 2 octets) and the
 * optional parameters (2/4 for a type other than Capabilities, 2/0 for malformed ones);
 * peer AS, BGP Identifier and hold time are validated by the session.
 */
final class OpenCodec {
    /** Optional parameter type: Capabilities (RFC 5492 §4). */
    static final int PARAM_CAPABILITIES = 2;

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
        if (optLen != body.readableBytes()) {
            throw new BgpWireException(BgpError.OPEN_UNSPECIFIC, null,
                    "optional parameters length " + optLen + " but " + body.readableBytes() + " octets follow");
        }
        List<Capability> caps = new ArrayList<>();
        while (body.isReadable()) {
            if (body.readableBytes() < 2) {
                throw new BgpWireException(BgpError.OPEN_UNSPECIFIC, null, "truncated optional parameter");
            }
            int type = body.readUnsignedByte();
            int len = body.readUnsignedByte();
            if (len > body.readableBytes()) {
                throw new BgpWireException(BgpError.OPEN_UNSPECIFIC, null, "optional parameter overruns the message");
            }
            ByteBuf value = body.readSlice(len);
            if (type != PARAM_CAPABILITIES) {
                throw new BgpWireException(BgpError.UNSUPPORTED_OPTIONAL_PARAMETER, null, "parameter type " + type);
            }
            decodeCapabilities(value, caps);
        }
        return new OpenMessage(version, myAs, holdTime, IpAddresses.fromIpv4Int(id), caps);
    }

    private static void decodeCapabilities(ByteBuf value, List<Capability> out) throws BgpWireException {
        while (value.isReadable()) {
            if (value.readableBytes() < 2) {
                throw new BgpWireException(BgpError.OPEN_UNSPECIFIC, null, "truncated capability");
            }
            int code = value.readUnsignedByte();
            int len = value.readUnsignedByte();
            if (len > value.readableBytes()) {
                throw new BgpWireException(BgpError.OPEN_UNSPECIFIC, null, "capability " + code + " overruns its parameter");
            }
            ByteBuf v = value.readSlice(len);
            switch (code) {
                case Capability.MULTIPROTOCOL -> {
                    requireLength(code, len, 4);
                    int afi = v.readUnsignedShort();
                    v.skipBytes(1);
                    out.add(new Capability.Multiprotocol(afi, v.readUnsignedByte()));
                }
                case Capability.ROUTE_REFRESH -> {
                    requireLength(code, len, 0);
                    out.add(Capability.RouteRefresh.INSTANCE);
                }
                case Capability.FOUR_OCTET_AS -> {
                    requireLength(code, len, 4);
                    out.add(new Capability.FourOctetAs(v.readUnsignedInt()));
                }
                default -> {
                    byte[] b = new byte[len];
                    v.readBytes(b);
                    out.add(new Capability.Unknown(code, b));
                }
            }
        }
    }

    private static void requireLength(int code, int len, int expected) throws BgpWireException {
        if (len != expected) {
            throw new BgpWireException(BgpError.OPEN_UNSPECIFIC, null,
                    "capability " + code + " has length " + len + ", expected " + expected);
        }
    }

    static void encode(OpenMessage open, ByteBuf out) {
        out.writeByte(open.version());
        out.writeShort(open.myAs());
        out.writeShort(open.holdTime());
        out.writeInt(IpAddresses.toInt(open.bgpIdentifier()));
        int capsLen = 0;
        for (Capability c : open.capabilities()) {
            capsLen += 2 + capabilityValueLength(c);
        }
        if (open.capabilities().isEmpty()) {
            out.writeByte(0);
            return;
        }
        if (capsLen > 255) {
            throw new IllegalArgumentException("capabilities of " + capsLen + " octets do not fit one parameter");
        }
        out.writeByte(capsLen + 2);
        out.writeByte(PARAM_CAPABILITIES);
        out.writeByte(capsLen);
        for (Capability c : open.capabilities()) {
            out.writeByte(c.code());
            out.writeByte(capabilityValueLength(c));
            if (c instanceof Capability.Multiprotocol mp) {
                out.writeShort(mp.afi());
                out.writeByte(0);
                out.writeByte(mp.safi());
            } else if (c instanceof Capability.FourOctetAs as4) {
                out.writeInt((int) as4.asn());
            } else if (c instanceof Capability.Unknown u) {
                out.writeBytes(u.value());
            }
        }
    }

    private static int capabilityValueLength(Capability c) {
        if (c instanceof Capability.Multiprotocol || c instanceof Capability.FourOctetAs) {
            return 4;
        }
        if (c instanceof Capability.Unknown u) {
            return u.value().length;
        }
        return 0;
    }
}
