package dev.weft.bgp.wire;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Capability codec (RFC 5492 §4) for the capabilities this speaker interprets; any other code
 * is kept as {@link Capability.Unknown} (RFC 5492 §3: ignored). A known capability with a wrong
 * length is an OPEN Message Error 2/0 (its TLV cannot be trusted).
 *
 * <pre>
 * +------------------------------+
 * | Capability Code (1 octet)    |
 * | Capability Length (1 octet)  |
 * | Capability Value (variable)  |
 * +------------------------------+
 *   1 MP:  AFI (2) | 0 (1) | SAFI (1)              RFC 4760 §8
 *   2 Route Refresh, 6 Extended Message,
 *  70 Enhanced Route Refresh: empty               RFC 2918, RFC 8654, RFC 7313
 *   9 Role: role (1)                               RFC 9234 §4.1
 *  64 Graceful Restart: R|N|res|time (2), then     RFC 4724 §3, RFC 8538 §2
 *     AFI (2) | SAFI (1) | flags (1) per family    RFC 4724 §3
 *  65 4-octet AS: AS (4)                           RFC 6793 §3
 * </pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5492#section-4">RFC 5492 §4</a>
 */
final class CapabilityCodec {
    private static final int GR_RESTART_STATE = 0x8000;
    /** RFC 8538 §2: Graceful Notification ("N") bit. */
    private static final int GR_NOTIFICATION = 0x4000;
    private static final int GR_TIME_MASK = 0x0fff;
    private static final int GR_FORWARDING = 0x80;

    private CapabilityCodec() {}

    /** Decodes the capabilities in {@code value} (one Capabilities optional parameter) into {@code out}. */
    static void decodeAll(ByteBuf value, List<Capability> out) throws BgpWireException {
        while (value.isReadable()) {
            if (value.readableBytes() < 2) {
                throw new BgpWireException(BgpError.OPEN_UNSPECIFIC, null, "truncated capability");
            }
            int code = value.readUnsignedByte();
            int len = value.readUnsignedByte();
            if (len > value.readableBytes()) {
                throw new BgpWireException(BgpError.OPEN_UNSPECIFIC, null, "capability " + code + " overruns its parameter");
            }
            out.add(decodeOne(code, value.readSlice(len)));
        }
    }

    private static Capability decodeOne(int code, ByteBuf v) throws BgpWireException {
        int len = v.readableBytes();
        switch (code) {
            case Capability.MULTIPROTOCOL -> {
                requireLength(code, len == 4, len);
                int afi = v.readUnsignedShort();
                v.skipBytes(1);
                return new Capability.MultiProtocol(AddressFamily.valueOf(afi, v.readUnsignedByte()));
            }
            case Capability.ROUTE_REFRESH -> {
                requireLength(code, len == 0, len);
                return Capability.RouteRefresh.INSTANCE;
            }
            case Capability.ENHANCED_ROUTE_REFRESH -> {
                requireLength(code, len == 0, len);
                return Capability.EnhancedRouteRefresh.INSTANCE;
            }
            case Capability.EXTENDED_MESSAGE -> {
                requireLength(code, len == 0, len);
                return Capability.ExtendedMessage.INSTANCE;
            }
            case Capability.ROLE -> {
                requireLength(code, len == 1, len);
                return new Capability.Role(v.readUnsignedByte());
            }
            case Capability.FOUR_OCTET_AS -> {
                requireLength(code, len == 4, len);
                return new Capability.FourOctetAs(v.readUnsignedInt());
            }
            case Capability.GRACEFUL_RESTART -> {
                requireLength(code, len >= 2 && (len - 2) % 4 == 0, len);
                int header = v.readUnsignedShort();
                List<Capability.GracefulRestart.Family> families = new ArrayList<>((len - 2) / 4);
                while (v.isReadable()) {
                    int afi = v.readUnsignedShort();
                    int safi = v.readUnsignedByte();
                    int flags = v.readUnsignedByte();
                    families.add(new Capability.GracefulRestart.Family(AddressFamily.valueOf(afi, safi),
                            (flags & GR_FORWARDING) != 0));
                }
                return new Capability.GracefulRestart((header & GR_RESTART_STATE) != 0, header & GR_TIME_MASK, families,
                        (header & GR_NOTIFICATION) != 0);
            }
            default -> {
                byte[] b = new byte[len];
                v.readBytes(b);
                return new Capability.Unknown(code, b);
            }
        }
    }

    private static void requireLength(int code, boolean ok, int len) throws BgpWireException {
        if (!ok) {
            throw new BgpWireException(BgpError.OPEN_UNSPECIFIC, null, "capability " + code + " has bad length " + len);
        }
    }

    /** Octets of the capability's value. */
    static int valueLength(Capability c) {
        if (c instanceof Capability.MultiProtocol || c instanceof Capability.FourOctetAs) {
            return 4;
        } else if (c instanceof Capability.Role) {
            return 1;
        } else if (c instanceof Capability.GracefulRestart gr) {
            return 2 + 4 * gr.families().size();
        } else if (c instanceof Capability.Unknown u) {
            return u.value().length;
        }
        return 0;
    }

    /** Writes code, length and value. */
    static void encode(Capability c, ByteBuf out) {
        out.writeByte(c.code());
        out.writeByte(valueLength(c));
        if (c instanceof Capability.MultiProtocol mp) {
            writeFamily(out, mp.family());
        } else if (c instanceof Capability.FourOctetAs as4) {
            out.writeInt((int) as4.asn());
        } else if (c instanceof Capability.Role r) {
            out.writeByte(r.role());
        } else if (c instanceof Capability.GracefulRestart gr) {
            out.writeShort((gr.restartState() ? GR_RESTART_STATE : 0) | (gr.notification() ? GR_NOTIFICATION : 0)
                    | gr.restartTimeSeconds());
            for (Capability.GracefulRestart.Family f : gr.families()) {
                out.writeShort(f.family().afi());
                out.writeByte(f.family().safi());
                out.writeByte(f.forwardingPreserved() ? GR_FORWARDING : 0);
            }
        } else if (c instanceof Capability.Unknown u) {
            out.writeBytes(u.value());
        }
    }

    private static void writeFamily(ByteBuf out, AddressFamily f) {
        out.writeShort(f.afi());
        out.writeByte(0);
        out.writeByte(f.safi());
    }
}
