package dev.weft.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One received netlink message: the {@code struct nlmsghdr} fields and its payload (everything
 * after the 16-byte header), copied out of the receive buffer.
 *
 * @param type nlmsg_type (NLMSG_ERROR, NLMSG_DONE, RTM_NEWROUTE, ...)
 * @param flags nlmsg_flags
 * @param seq nlmsg_seq
 * @param portId nlmsg_pid
 * @param payload the bytes after the header, host byte order
 */
record NlMessage(int type, int flags, int seq, int portId, byte[] payload) {

    /** The payload as a host-order buffer positioned at 0. */
    ByteBuffer buffer() {
        return ByteBuffer.wrap(payload).order(ByteOrder.nativeOrder());
    }

    /**
     * Splits a received datagram into messages (NLMSG_OK / NLMSG_NEXT).
     *
     * @throws NetlinkException (errno 0) if a header is truncated or its length is out of range
     */
    static List<NlMessage> parseAll(byte[] data, int length) {
        ByteBuffer b = ByteBuffer.wrap(data, 0, length).order(ByteOrder.nativeOrder());
        List<NlMessage> out = new ArrayList<>();
        int pos = 0;
        while (length - pos >= Rtnl.NLMSG_HDRLEN) {
            int len = b.getInt(pos);
            if (len < Rtnl.NLMSG_HDRLEN || len > length - pos) {
                throw new NetlinkException(0, "malformed netlink message: length " + len + " at offset " + pos
                        + " of a " + length + "-byte datagram");
            }
            int type = b.getShort(pos + 4) & 0xffff;
            int flags = b.getShort(pos + 6) & 0xffff;
            int seq = b.getInt(pos + 8);
            int pid = b.getInt(pos + 12);
            byte[] payload = new byte[len - Rtnl.NLMSG_HDRLEN];
            System.arraycopy(data, pos + Rtnl.NLMSG_HDRLEN, payload, 0, payload.length);
            out.add(new NlMessage(type, flags, seq, pid, payload));
            pos += NlMessageBuilder.align(len);
        }
        if (pos < length) {
            throw new NetlinkException(0, "malformed netlink datagram: " + (length - pos) + " trailing bytes");
        }
        return out;
    }
}
