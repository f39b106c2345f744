package dev.weft.bgp.wire;

import io.netty.buffer.ByteBuf;
import java.util.function.Consumer;

/**
 * Encodes and decodes whole BGP messages (RFC 4271 §4.1 header plus body).
 *
 * <pre>
 *  0                   1                   2                   3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Marker (16 octets of 0xff)            |
 * |          Length (2, 19–4096)  |  Type (1)     |  body ...     |
 * </pre>
 *
 * Errors are {@link BgpWireException}s carrying the NOTIFICATION to send (RFC 4271 §6.1–§6.3);
 * UPDATE errors that RFC 7606 handles without a session reset are passed to a consumer and the
 * decoded UPDATE is adjusted (treat-as-withdraw: every NLRI becomes a withdrawal; attribute
 * discard: the attribute is dropped).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4271#section-4.1">RFC 4271 §4.1</a>
 */
public final class BgpMessageCodec {
    /** Header length in octets. */
    public static final int HEADER_LENGTH = 19;
    /** Largest message without RFC 8654 Extended Messages. */
    public static final int MAX_MESSAGE_LENGTH = 4096;
    /** Marker length. */
    public static final int MARKER_LENGTH = 16;

    private BgpMessageCodec() {}

    /**
     * Validates the header at {@code in.readerIndex()} without consuming it (needs 19 readable
     * octets) and returns the message length (RFC 4271 §6.1).
     *
     * @throws BgpWireException 1/1 if the marker is not all ones, 1/2 (data: the 2-octet length)
     *     if the length is out of range for the type, 1/3 (data: the type octet) for an unknown type
     */
    public static int checkHeader(ByteBuf in) throws BgpWireException {
        int i = in.readerIndex();
        for (int k = 0; k < MARKER_LENGTH; k++) {
            if (in.getByte(i + k) != (byte) 0xff) {
                throw new BgpWireException(BgpError.CONNECTION_NOT_SYNCHRONIZED, null, "marker is not all ones");
            }
        }
        int length = in.getUnsignedShort(i + 16);
        int typeCode = in.getUnsignedByte(i + 18);
        byte[] lengthData = {(byte) (length >>> 8), (byte) length};
        if (length < HEADER_LENGTH || length > MAX_MESSAGE_LENGTH) {
            throw new BgpWireException(BgpError.BAD_MESSAGE_LENGTH, lengthData, "length " + length);
        }
        MessageType type = MessageType.valueOf(typeCode);
        if (type == null) {
            throw new BgpWireException(BgpError.BAD_MESSAGE_TYPE, new byte[] {(byte) typeCode}, "type " + typeCode);
        }
        boolean ok = switch (type) {
            case OPEN -> length >= 29;
            case UPDATE -> length >= 23;
            case NOTIFICATION -> length >= 21;
            case KEEPALIVE -> length == 19;
            case ROUTE_REFRESH -> length == 23;
        };
        if (!ok) {
            throw new BgpWireException(BgpError.BAD_MESSAGE_LENGTH, lengthData, "length " + length + " for " + type);
        }
        return length;
    }

    /**
     * Decodes one whole message (header included); consumes the readable bytes of {@code frame}.
     *
     * @param softErrors receives UPDATE errors handled without a session reset (RFC 7606)
     * @throws BgpWireException for any error that must reset the session
     */
    public static BgpMessage decode(ByteBuf frame, CodecOptions options, Consumer<BgpWireException> softErrors)
            throws BgpWireException {
        int length = checkHeader(frame);
        if (frame.readableBytes() != length) {
            throw new BgpWireException(BgpError.BAD_MESSAGE_LENGTH,
                    new byte[] {(byte) (length >>> 8), (byte) length}, "frame holds " + frame.readableBytes() + " octets");
        }
        MessageType type = MessageType.valueOf(frame.getUnsignedByte(frame.readerIndex() + 18));
        frame.skipBytes(HEADER_LENGTH);
        ByteBuf body = frame.readSlice(length - HEADER_LENGTH);
        return switch (type) {
            case OPEN -> OpenCodec.decode(body);
            case UPDATE -> UpdateCodec.decode(body, options, softErrors);
            case NOTIFICATION -> {
                int code = body.readUnsignedByte();
                int subcode = body.readUnsignedByte();
                byte[] data = new byte[body.readableBytes()];
                body.readBytes(data);
                yield new NotificationMessage(code, subcode, data);
            }
            case KEEPALIVE -> KeepaliveMessage.INSTANCE;
            case ROUTE_REFRESH -> {
                int afi = body.readUnsignedShort();
                body.skipBytes(1);
                yield new RouteRefreshMessage(afi, body.readUnsignedByte());
            }
        };
    }

    /**
     * Appends the encoding of {@code message} to {@code out}.
     *
     * @throws IllegalArgumentException if the message would exceed 4096 octets
     */
    public static void encode(BgpMessage message, ByteBuf out, CodecOptions options) {
        int start = out.writerIndex();
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
            out.writeShort(r.afi());
            out.writeByte(0);
            out.writeByte(r.safi());
        }
        int length = out.writerIndex() - start;
        if (length > MAX_MESSAGE_LENGTH) {
            out.writerIndex(start);
            throw new IllegalArgumentException(message.type() + " of " + length + " octets exceeds " + MAX_MESSAGE_LENGTH);
        }
        out.setShort(start + 16, length);
    }

    /** Octets the path attributes take when encoded with {@code options} (to pack UPDATEs under 4096). */
    public static int attributesLength(java.util.List<PathAttribute> attributes, CodecOptions options) {
        return AttributeCodec.encodedLength(attributes, options);
    }
}
