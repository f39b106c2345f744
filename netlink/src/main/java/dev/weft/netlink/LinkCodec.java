package dev.weft.netlink;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Encodes RTM_NEWLINK / RTM_DELLINK / RTM_GETLINK requests and decodes link replies.
 *
 * <pre>
 * struct ifinfomsg (16 bytes, after the nlmsghdr)
 *  +--------+-----+----------+-----------------+-------------------+--------------------+
 *  | family | pad | type u16 | index s32       | flags u32 (IFF_*) | change u32 (mask)  |
 *  +--------+-----+----------+-----------------+-------------------+--------------------+
 * attributes: IFLA_IFNAME (string), IFLA_MTU (u32), IFLA_ADDRESS (MAC), IFLA_NET_NS_FD (u32),
 *   IFLA_LINKINFO { IFLA_INFO_KIND "veth", IFLA_INFO_DATA { VETH_INFO_PEER { ifinfomsg, attrs } } }
 * </pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3549#section-3.1.1">RFC 3549 §3.1.1</a>
 */
final class LinkCodec {
    private LinkCodec() {}

    /** Linux IFNAMSIZ - 1. */
    static final int MAX_NAME_BYTES = 15;

    /**
     * Checks an interface name as the kernel's dev_valid_name() does.
     *
     * @throws NetlinkException EINVAL with the reason
     */
    static String checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new NetlinkException(NetlinkException.EINVAL, "empty interface name");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new NetlinkException(NetlinkException.EINVAL, "interface name '" + name + "' is longer than "
                    + MAX_NAME_BYTES + " bytes");
        }
        if (name.equals(".") || name.equals("..") || name.chars().anyMatch(c -> c == '/' || c == ':' || c <= ' ')) {
            throw new NetlinkException(NetlinkException.EINVAL, "invalid interface name '" + name + "'");
        }
        return name;
    }

    private static void ifinfomsg(NlMessageBuilder b, int index, int flags, int change) {
        b.u8(Rtnl.AF_UNSPEC).u8(0).u16(0).u32(index).u32(flags).u32(change);
    }

    /** RTM_GETLINK for one link by name (answered with one RTM_NEWLINK, or ENODEV). */
    static NlMessageBuilder getByName(String name) {
        NlMessageBuilder b = new NlMessageBuilder(Rtnl.RTM_GETLINK, Rtnl.NLM_F_ACK);
        ifinfomsg(b, 0, 0, 0);
        return b.attrString(Rtnl.IFLA_IFNAME, checkName(name));
    }

    /** RTM_GETLINK dump of every link. */
    static NlMessageBuilder dump() {
        NlMessageBuilder b = new NlMessageBuilder(Rtnl.RTM_GETLINK, Rtnl.NLM_F_DUMP);
        ifinfomsg(b, 0, 0, 0);
        return b;
    }

    /**
     * RTM_NEWLINK creating a veth pair (NLM_F_CREATE|NLM_F_EXCL); {@code peerNsFd} &lt; 0 keeps the
     * peer in the socket's namespace; {@code mtu} 0 keeps the kernel's default.
     */
    static NlMessageBuilder newVeth(String name, String peerName, int mtu, int peerNsFd) {
        NlMessageBuilder b = new NlMessageBuilder(Rtnl.RTM_NEWLINK,
                Rtnl.NLM_F_CREATE | Rtnl.NLM_F_EXCL | Rtnl.NLM_F_ACK);
        ifinfomsg(b, 0, 0, 0);
        b.attrString(Rtnl.IFLA_IFNAME, checkName(name));
        if (mtu > 0) {
            b.attrU32(Rtnl.IFLA_MTU, mtu);
        }
        b.beginNest(Rtnl.IFLA_LINKINFO);
        b.attrString(Rtnl.IFLA_INFO_KIND, "veth");
        b.beginNest(Rtnl.IFLA_INFO_DATA);
        b.beginNest(Rtnl.VETH_INFO_PEER);
        ifinfomsg(b, 0, 0, 0);
        b.attrString(Rtnl.IFLA_IFNAME, checkName(peerName));
        if (mtu > 0) {
            b.attrU32(Rtnl.IFLA_MTU, mtu);
        }
        if (peerNsFd >= 0) {
            b.attrU32(Rtnl.IFLA_NET_NS_FD, peerNsFd);
        }
        b.endNest().endNest().endNest();
        return b;
    }

    /** RTM_NEWLINK changing an existing link: header flags/change plus the builder's attributes. */
    static NlMessageBuilder modify(int index, int flags, int change) {
        NlMessageBuilder b = new NlMessageBuilder(Rtnl.RTM_NEWLINK, Rtnl.NLM_F_ACK);
        ifinfomsg(b, index, flags, change);
        return b;
    }

    /** RTM_DELLINK by index. */
    static NlMessageBuilder delete(int index) {
        NlMessageBuilder b = new NlMessageBuilder(Rtnl.RTM_DELLINK, Rtnl.NLM_F_ACK);
        ifinfomsg(b, index, 0, 0);
        return b;
    }

    /** Decodes an RTM_NEWLINK reply; empty for other types or messages without a name. */
    static Optional<LinkInfo> decode(NlMessage m) {
        if (m.type() != Rtnl.RTM_NEWLINK || m.payload().length < Rtnl.IFINFOMSG_LEN) {
            return Optional.empty();
        }
        ByteBuffer h = m.buffer();
        int index = h.getInt(4);
        int flags = h.getInt(8);
        NlAttributes a = NlAttributes.parse(m.payload(), Rtnl.IFINFOMSG_LEN, m.payload().length);
        Optional<String> name = a.string(Rtnl.IFLA_IFNAME);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        String mac = a.bytes(Rtnl.IFLA_ADDRESS).map(LinkCodec::formatMac).orElse("");
        Optional<String> kind = a.nested(Rtnl.IFLA_LINKINFO).flatMap(li -> li.string(Rtnl.IFLA_INFO_KIND));
        return Optional.of(new LinkInfo(index, name.get(), a.u32(Rtnl.IFLA_MTU).orElse(0),
                (flags & Rtnl.IFF_UP) != 0, mac, kind));
    }

    static String formatMac(byte[] mac) {
        HexFormat hex = HexFormat.ofDelimiter(":");
        return hex.formatHex(mac);
    }
}
