package dev.weft.netlink;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Encodes RTM_NEWADDR / RTM_DELADDR / RTM_GETADDR requests and decodes address replies.
 *
 * <pre>
 * struct ifaddrmsg (8 bytes, after the nlmsghdr)
 *  +--------+-----------+-------+-------+-----------------+
 *  | family | prefixlen | flags | scope | index u32       |
 *  +--------+-----------+-------+-------+-----------------+
 * attributes: IFA_LOCAL and IFA_ADDRESS (address bytes), IFA_FLAGS (u32)
 * </pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3549#section-3.1.1">RFC 3549 §3.1.1</a>
 */
final class AddressCodec {
    private AddressCodec() {}

    /**
     * RTM_NEWADDR (NLM_F_CREATE|NLM_F_EXCL, so an existing address answers EEXIST) or
     * RTM_DELADDR. IPv6 addresses are added with IFA_F_NODAD: Weft's addresses come from IPAM and
     * are unique, and duplicate address detection would hold them "tentative" for seconds.
     */
    static NlMessageBuilder address(boolean add, int index, InetAddress ip, int prefixLen) {
        return address(add, index, ip, prefixLen, Rtnl.RT_SCOPE_UNIVERSE);
    }

    /** As above with an explicit ifa_scope (0 universe, 253 link, 254 host). */
    static NlMessageBuilder address(boolean add, int index, InetAddress ip, int prefixLen, int scope) {
        int bits = ip.getAddress().length * 8;
        if (prefixLen < 0 || prefixLen > bits) {
            throw new NetlinkException(NetlinkException.EINVAL, "prefix length " + prefixLen + " out of range 0-" + bits
                    + " for " + ip.getHostAddress());
        }
        boolean v4 = bits == 32;
        int flags = v4 ? 0 : Rtnl.IFA_F_NODAD;
        NlMessageBuilder b = add
                ? new NlMessageBuilder(Rtnl.RTM_NEWADDR, Rtnl.NLM_F_CREATE | Rtnl.NLM_F_EXCL | Rtnl.NLM_F_ACK)
                : new NlMessageBuilder(Rtnl.RTM_DELADDR, Rtnl.NLM_F_ACK);
        b.u8(v4 ? Rtnl.AF_INET : Rtnl.AF_INET6).u8(prefixLen).u8(add ? flags : 0).u8(scope).u32(index);
        b.attr(Rtnl.IFA_LOCAL, ip.getAddress());
        b.attr(Rtnl.IFA_ADDRESS, ip.getAddress());
        return b;
    }

    /** RTM_GETADDR dump of both families. */
    static NlMessageBuilder dump() {
        NlMessageBuilder b = new NlMessageBuilder(Rtnl.RTM_GETADDR, Rtnl.NLM_F_DUMP);
        b.u8(Rtnl.AF_UNSPEC).u8(0).u8(0).u8(0).u32(0);
        return b;
    }

    /** Decodes an RTM_NEWADDR reply. */
    static Optional<LinkAddress> decode(NlMessage m) {
        if (m.type() != Rtnl.RTM_NEWADDR || m.payload().length < Rtnl.IFADDRMSG_LEN) {
            return Optional.empty();
        }
        ByteBuffer h = m.buffer();
        int prefixLen = h.get(1) & 0xff;
        int index = h.getInt(4);
        NlAttributes a = NlAttributes.parse(m.payload(), Rtnl.IFADDRMSG_LEN, m.payload().length);
        Optional<byte[]> addr = a.bytes(Rtnl.IFA_LOCAL).or(() -> a.bytes(Rtnl.IFA_ADDRESS));
        if (addr.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new LinkAddress(index, InetAddress.getByAddress(addr.get()), prefixLen));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
