package dev.weft.bgp.rib;

import dev.weft.bgp.wire.AddressFamily;
import dev.weft.bgp.wire.BgpMessageCodec;
import dev.weft.bgp.wire.CodecOptions;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Packs withdrawals and announcements into as few UPDATEs as fit in the maximum message length
 * (RFC 4271 §4.3: 4096 octets): one attribute set per message, as many NLRI as fit after it
 * (each prefix takes a length octet plus ceil(length/8) octets), so a table of /32s sharing
 * one attribute set goes out ≈ 800 prefixes per UPDATE.
 */
final class UpdatePacker {
    /** Octets of header + Withdrawn Routes Length + Total Path Attribute Length. */
    private static final int FIXED = BgpMessageCodec.HEADER_LENGTH + 4;

    private UpdatePacker() {}

    /** Octets one prefix takes in NLRI or Withdrawn Routes (RFC 4271 §4.3). */
    static int prefixOctets(IpPrefix p) {
        return 1 + (p.length() + 7) / 8;
    }

    /** Classic IPv4 UPDATEs: withdrawals first, then one run of messages per attribute set. */
    static List<UpdateMessage> packIpv4(List<IpPrefix> withdrawn, Map<List<PathAttribute>, List<IpPrefix>> announced,
            CodecOptions options, int maxMessageLength) {
        List<UpdateMessage> out = new ArrayList<>();
        for (List<IpPrefix> chunk : chunks(withdrawn, maxMessageLength - FIXED)) {
            out.add(UpdateMessage.withdraw(chunk));
        }
        for (Map.Entry<List<PathAttribute>, List<IpPrefix>> e : announced.entrySet()) {
            int room = maxMessageLength - FIXED - BgpMessageCodec.attributesLength(e.getKey(), options);
            for (List<IpPrefix> chunk : chunks(e.getValue(), room)) {
                out.add(new UpdateMessage(List.of(), e.getKey(), chunk));
            }
        }
        return out;
    }

    /**
     * UPDATEs for a family carried in MP_UNREACH_NLRI / MP_REACH_NLRI (RFC 4760 §3, §4):
     * withdrawals first, then per attribute set the other attributes plus an MP_REACH_NLRI with
     * the set's next hop (global + link-local for IPv6, RFC 2545 §3) and as many NLRI as fit.
     */
    static List<UpdateMessage> packMp(AddressFamily family, List<IpPrefix> withdrawn,
            Map<RouteAttributes, List<IpPrefix>> announced, CodecOptions options, int maxMessageLength) {
        List<UpdateMessage> out = new ArrayList<>();
        // attribute header (flags, type, 2-octet length) + AFI + SAFI
        int unreachRoom = maxMessageLength - FIXED - 4 - 3;
        for (List<IpPrefix> chunk : chunks(withdrawn, unreachRoom)) {
            out.add(new UpdateMessage(List.of(), List.of(new PathAttribute.MpUnreachNlri(family, chunk)), List.of()));
        }
        for (Map.Entry<RouteAttributes, List<IpPrefix>> e : announced.entrySet()) {
            RouteAttributes a = e.getKey();
            List<PathAttribute> shared = a.toWire(false);
            List<InetAddress> hops = new ArrayList<>();
            hops.add(a.nextHop());
            a.linkLocalNextHop().ifPresent(hops::add);
            int hopOctets = hops.size() * family.addressLength();
            // attribute header + AFI + SAFI + next hop length + next hops + reserved
            int room = maxMessageLength - FIXED - BgpMessageCodec.attributesLength(shared, options) - 4 - 3 - 1
                    - hopOctets - 1;
            for (List<IpPrefix> chunk : chunks(e.getValue(), room)) {
                List<PathAttribute> attrs = new ArrayList<>(shared.size() + 1);
                attrs.add(new PathAttribute.MpReachNlri(family, hops, chunk));
                attrs.addAll(shared);
                out.add(new UpdateMessage(List.of(), attrs, List.of()));
            }
        }
        return out;
    }

    /** Splits {@code prefixes} into runs that take at most {@code room} octets each (at least one prefix per run). */
    static List<List<IpPrefix>> chunks(List<IpPrefix> prefixes, int room) {
        List<List<IpPrefix>> out = new ArrayList<>();
        int start = 0;
        int used = 0;
        for (int i = 0; i < prefixes.size(); i++) {
            int n = prefixOctets(prefixes.get(i));
            if (i > start && used + n > room) {
                out.add(prefixes.subList(start, i));
                start = i;
                used = 0;
            }
            used += n;
        }
        if (start < prefixes.size()) {
            out.add(prefixes.subList(start, prefixes.size()));
        }
        return out;
    }
}
