package dev.weft.bgp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.List;
import java.util.function.Consumer;

/**
 * Encodes and decodes whole BGP messages (RFC 4271 §4.1 header plus body). The decoder never
 * throws anything but {@link BgpWireException}, whatever the input.
 *
 * <pre>
 *  0                   1                   2                   3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                      Marker (16 octets of 0xff)               +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Length (2)           |   Type (1)    |  body ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   Length 19–4096, or 19–65535 with Extended Messages (RFC 8654; not for OPEN, KEEPALIVE)
 * </pre>
 *
 * Errors are {@link BgpWireException}s carrying the NOTIFICATION to send (RFC 4271 §6.1–§6.3,
 * RFC 7313 §5); UPDATE errors that RFC 7606 handles without a session reset are passed to a
 * consumer and the decoded UPDATE is adjusted as {@link UpdateMessage} describes.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4271#section-4.1">RFC 4271 §4.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8654#section-4">RFC 8654 §4</a>
 */
public final class BgpMessageCodec {
    /** Header length in octets. */
    public static final int HEADER_LENGTH = 19;
    /** Largest message without RFC 8654 Extended Messages. */
    public static final int MAX_MESSAGE_LENGTH = CodecOptions.STANDARD_MAX_LENGTH;
    /** Marker length. */
    public static final int MARKER_LENGTH = 16;

    private BgpMessageCodec() {}

    /** {@link #checkHeader(ByteBuf, int)} for a session without Extended Messages (4096). */
    public static int checkHeader(ByteBuf in) throws BgpWireException {
        return checkHeader(in, MAX_MESSAGE_LENGTH);
    }

    /**
     * Validates the header at {@code in.readerIndex()} without consuming it (needs 19 readable
     * octets) and returns the message length (RFC 4271 §6.1).
     *
     * @param maxLength 4096, or 65535 once Extended Messages are negotiated (OPEN stays at 4096)
     * @throws BgpWireException 1/1 if the marker is not all ones, 1/2 (data: the 2-octet length)
     *     if the length is out of range for the type, 1/3 (data: the type octet) for an unknown type;
     *     a NOTIFICATION shorter than 21 octets passes (RFC 4271 §6.4: it is never answered with a
     *     NOTIFICATION; {@link #decode} gives it code/subcode 0 for what is missing)
     */
    public static int checkHeader(ByteBuf in, int maxLength) throws BgpWireException {
        int i = in.readerIndex();
        for (int k = 0; k < MARKER_LENGTH; k++) {
            if (in.getByte(i + k) != (byte) 0xff) {
                throw new BgpWireException(BgpError.CONNECTION_NOT_SYNCHRONIZED, null, "marker is not all ones");
            }
        }
        int length = in.getUnsignedShort(i + 16);
        int typeCode = in.getUnsignedByte(i + 18);
        byte[] lengthData = {(byte) (length >>> 8), (byte) length};
        if (length < HEADER_LENGTH || length > maxLength) {
            throw new BgpWireException(BgpError.BAD_MESSAGE_LENGTH, lengthData, "length " + length);
        }
        MessageType type = MessageType.valueOf(typeCode);
        if (type == null) {
            throw new BgpWireException(BgpError.BAD_MESSAGE_TYPE, new byte[] {(byte) typeCode}, "type " + typeCode);
        }
        boolean ok = switch (type) {
            case OPEN -> length >= 29 && length <= MAX_MESSAGE_LENGTH;
            case UPDATE -> length >= 23;
            // RFC 4271 §6.4: an error in a NOTIFICATION cannot be reported with a NOTIFICATION; a
            // short one is decoded (missing code/subcode as 0) so that the session just closes
            case NOTIFICATION -> true;
            case KEEPALIVE -> length == 19;
            case ROUTE_REFRESH -> length >= 23;
        };
        if (!ok) {
            throw new BgpWireException(BgpError.BAD_MESSAGE_LENGTH, lengthData, "length " + length + " for " + type);
        }
        return length;
    }

    /**
     * Decodes one whole message (header included); consumes the readable bytes of {@code frame}.
     *
     * @param options the session's options; {@link CodecOptions#maxMessageLength()} bounds the length
     * @param softErrors receives UPDATE errors handled without a session reset (RFC 7606), in order
     * @throws BgpWireException for any error that must reset the session
     */
    public static BgpMessage decode(ByteBuf frame, CodecOptions options, Consumer<BgpWireException> softErrors)
            throws BgpWireException {
        if (frame.readableBytes() < HEADER_LENGTH) {
            throw new BgpWireException(BgpError.BAD_MESSAGE_LENGTH, null, "frame of " + frame.readableBytes() + " octets");
        }
        int length = checkHeader(frame, options.maxMessageLength());
        if (frame.readableBytes() != length) {
            throw new BgpWireException(BgpError.BAD_MESSAGE_LENGTH,
                    new byte[] {(byte) (length >>> 8), (byte) length}, "frame holds " + frame.readableBytes() + " octets");
        }
        int start = frame.readerIndex();
        MessageType type = MessageType.valueOf(frame.getUnsignedByte(start + 18));
        frame.skipBytes(HEADER_LENGTH);
        ByteBuf body = frame.readSlice(length - HEADER_LENGTH);
        return switch (type) {
            case OPEN -> OpenCodec.decode(body);
            case UPDATE -> UpdateCodec.decode(body, options, softErrors);
            case NOTIFICATION -> {
                int code = body.isReadable() ? body.readUnsignedByte() : 0;
                int subcode = body.isReadable() ? body.readUnsignedByte() : 0;
                yield new NotificationMessage(code, subcode, ByteBufUtil.getBytes(body));
            }
            case KEEPALIVE -> KeepaliveMessage.INSTANCE;
            case ROUTE_REFRESH -> decodeRouteRefresh(body, ByteBufUtil.getBytes(frame, start, length));
        };
    }

    /** RFC 7313 §5: BoRR/EoRR must have a 4-octet body (7/1, data: the message); ORF entries are skipped. */
    private static RouteRefreshMessage decodeRouteRefresh(ByteBuf body, byte[] whole) throws BgpWireException {
        int afi = body.readUnsignedShort();
        int subtype = body.readUnsignedByte();
        int safi = body.readUnsignedByte();
        if (body.isReadable() && (subtype == RouteRefreshMessage.BEGINNING_OF_RIB_REFRESH
                || subtype == RouteRefreshMessage.END_OF_RIB_REFRESH)) {
            throw new BgpWireException(BgpError.ROUTE_REFRESH_INVALID_LENGTH, whole, "subtype " + subtype
                    + " with a body of " + (4 + body.readableBytes()) + " octets");
        }
        body.skipBytes(body.readableBytes());
        return new RouteRefreshMessage(AddressFamily.valueOf(afi, safi), subtype);
    }

    /**
     * Appends the encoding of {@code message} to {@code out}.
     *
     * @throws MessageTooLongException if the message exceeds {@link CodecOptions#maxMessageLength()}
     *     (4096 for OPEN and KEEPALIVE); {@code out} is left as it was
     */
    public static void encode(BgpMessage message, ByteBuf out, CodecOptions options) {
        int start = out.writerIndex();
        try {
            encodeUnchecked(message, out, options);
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e;
        }
        int length = out.writerIndex() - start;
        int max = message instanceof OpenMessage || message instanceof KeepaliveMessage
                ? MAX_MESSAGE_LENGTH : options.maxMessageLength();
        if (length > max) {
            out.writerIndex(start);
            throw new MessageTooLongException(message.type().toString(), length, max);
        }
        out.setShort(start + 16, length);
    }

    private static void encodeUnchecked(BgpMessage message, ByteBuf out, CodecOptions options) {
        for (int k = 0; k < MARKER_LENGTH; k++) {
            out.writeByte(0xff);
        }
        out.writeShort(0);
        out.writeByte(message.type().code());
        if (message instanceof OpenMessage open) {
            OpenCodec.encode(open, out);
        } else if (message instanceof UpdateMessage update) {
            UpdateCodec.encode(update, out, options);
        } else if (message instanceof NotificationMessage n) {
            out.writeByte(n.code());
            out.writeByte(n.subcode());
            out.writeBytes(n.data());
        } else if (message instanceof RouteRefreshMessage r) {
            out.writeShort(r.family().afi());
            out.writeByte(r.subtype());
            out.writeByte(r.family().safi());
        }
    }

    /** Octets the path attributes take when encoded with {@code options} (to pack UPDATEs under the maximum). */
    public static int attributesLength(List<PathAttribute> attributes, CodecOptions options) {
        return AttributeCodec.encodedLength(attributes, options);
    }
}
