package dev.weft.bgp.rib;

import dev.weft.bgp.wire.BgpMessageCodec;
import dev.weft.bgp.wire.CodecOptions;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Packs withdrawals and announcements into as few UPDATEs as fit in 4096 octets
 * (RFC 4271 §4.3): one message per attribute set (or more if its prefixes do not fit).
 */
final class UpdatePacker {
    /** Octets of header + two length fields. */
    private static final int FIXED = BgpMessageCodec.HEADER_LENGTH + 4;
    /** The largest an IPv4 prefix takes: length octet + 4. */
    private static final int MAX_PREFIX = 5;

    private UpdatePacker() {}

    static List<UpdateMessage> pack(List<IpPrefix> withdrawn, Map<List<PathAttribute>, List<IpPrefix>> announced,
            CodecOptions options) {
        List<UpdateMessage> out = new ArrayList<>();
        int perWithdraw = (BgpMessageCodec.MAX_MESSAGE_LENGTH - FIXED) / MAX_PREFIX;
        for (int i = 0; i < withdrawn.size(); i += perWithdraw) {
            out.add(UpdateMessage.withdraw(withdrawn.subList(i, Math.min(withdrawn.size(), i + perWithdraw))));
        }
        for (Map.Entry<List<PathAttribute>, List<IpPrefix>> e : announced.entrySet()) {
            int room = BgpMessageCodec.MAX_MESSAGE_LENGTH - FIXED - BgpMessageCodec.attributesLength(e.getKey(), options);
            int per = Math.max(1, room / MAX_PREFIX);
            List<IpPrefix> prefixes = e.getValue();
            for (int i = 0; i < prefixes.size(); i += per) {
                out.add(new UpdateMessage(List.of(), e.getKey(), prefixes.subList(i, Math.min(prefixes.size(), i + per))));
            }
        }
        return out;
    }
}
