package dev.weft.bench.bgp;

import dev.weft.bgp.wire.BgpMessageCodec;
import dev.weft.bgp.wire.CodecOptions;
import dev.weft.bgp.wire.OriginType;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark table: {@code n} IPv4 /32s counted up from 100.64.0.0 (RFC 6598 space, never on a
 * test link), {@value #PER_UPDATE} per UPDATE, all sharing ORIGIN IGP, AS_PATH [sender AS] and one
 * NEXT_HOP — ≈ 4 KiB per message, as a router's bulk table dump looks.
 */
final class BenchUpdates {
    /** Prefixes per UPDATE: 800 × 5 octets + 23 header/length octets + 20 attribute octets < 4096. */
    static final int PER_UPDATE = 800;
    /** First prefix of the table. */
    static final int BASE = IpAddresses.toInt(IpAddresses.parseIpv4("100.64.0.0"));

    private BenchUpdates() {}

    /** The i-th /32. */
    static IpPrefix prefix(int i) {
        return IpPrefix.host(IpAddresses.fromIpv4Int(BASE + i));
    }

    /** The UPDATE messages carrying prefixes [0, n). */
    static List<UpdateMessage> updates(int n, long senderAs, Inet4Address nextHop) {
        List<PathAttribute> attrs = List.of(new PathAttribute.Origin(OriginType.IGP),
                PathAttribute.AsPath.sequence(List.of(senderAs)), new PathAttribute.NextHop(nextHop));
        List<UpdateMessage> out = new ArrayList<>(n / PER_UPDATE + 1);
        for (int start = 0; start < n; start += PER_UPDATE) {
            List<IpPrefix> nlri = new ArrayList<>(PER_UPDATE);
            for (int i = start; i < Math.min(n, start + PER_UPDATE); i++) {
                nlri.add(prefix(i));
            }
            out.add(new UpdateMessage(List.of(), attrs, nlri));
        }
        return out;
    }

    /** The same UPDATEs encoded back to back (4-octet AS session), ready to be written in one go. */
    static byte[] encoded(int n, long senderAs, Inet4Address nextHop) {
        ByteBuf buf = Unpooled.buffer(n / PER_UPDATE * 4096 + 4096);
        for (UpdateMessage u : updates(n, senderAs, nextHop)) {
            BgpMessageCodec.encode(u, buf, CodecOptions.FOUR_OCTET_AS);
        }
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        buf.release();
        return out;
    }
}
