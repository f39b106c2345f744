package dev.weft.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.wire.CodecOptions;
import dev.weft.bgp.wire.OriginType;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.bgp.wire.Wire;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A RIB output that records what comes out, plus builders for peers and UPDATEs. */
final class RibHarness implements Rib.Output {
    static final long LOCAL_AS = 65001;

    final Map<IpPrefix, List<Optional<Path>>> best = new LinkedHashMap<>();
    final Map<IpPrefix, List<InetAddress>> nextHops = new LinkedHashMap<>();
    final Map<InetAddress, List<UpdateMessage>> sent = new LinkedHashMap<>();

    @Override
    public void bestPathChanged(IpPrefix prefix, Optional<Path> b) {
        throw new AssertionError("the RIB calls the three-argument form");
    }

    @Override
    public void bestPathChanged(IpPrefix prefix, Optional<Path> b, List<InetAddress> hops) {
        best.computeIfAbsent(prefix, k -> new ArrayList<>()).add(b);
        nextHops.put(prefix, hops);
    }

    @Override
    public void send(RibPeer peer, List<UpdateMessage> updates) {
        for (UpdateMessage u : updates) {
            assertThat(Wire.encode(u, peer.codecOptions()).length).isLessThanOrEqualTo(peer.codecOptions().maxMessageLength());
        }
        sent.computeIfAbsent(peer.address(), k -> new ArrayList<>()).addAll(updates);
    }

    List<UpdateMessage> take(RibPeer p) {
        List<UpdateMessage> out = sent.getOrDefault(p.address(), List.of());
        sent.remove(p.address());
        return out;
    }

    static RibPeer ebgp(String address, long asn) {
        return new RibPeer(IpAddresses.parse(address), asn, IpAddresses.parseIpv4(address), true,
                IpAddresses.parseIpv4("10.255.0.1"), CodecOptions.FOUR_OCTET_AS);
    }

    static RibPeer ibgp(String address) {
        return new RibPeer(IpAddresses.parse(address), LOCAL_AS, IpAddresses.parseIpv4(address), false,
                IpAddresses.parseIpv4("10.255.0.1"), CodecOptions.FOUR_OCTET_AS);
    }

    static Inet6Address v6(String text) {
        return (Inet6Address) IpAddresses.parse(text);
    }

    static List<PathAttribute> base(List<Long> asPath) {
        return List.of(new PathAttribute.Origin(OriginType.IGP), PathAttribute.AsPath.sequence(asPath));
    }

    static UpdateMessage announce(List<Long> asPath, String nextHop, List<PathAttribute> extra, IpPrefix... nlri) {
        List<PathAttribute> attrs = new ArrayList<>(base(asPath));
        attrs.add(new PathAttribute.NextHop(IpAddresses.parseIpv4(nextHop)));
        attrs.addAll(extra);
        return new UpdateMessage(List.of(), attrs, List.of(nlri));
    }

    static UpdateMessage announce6(List<Long> asPath, String global, Optional<String> linkLocal, IpPrefix... nlri) {
        List<PathAttribute> attrs = new ArrayList<>(base(asPath));
        attrs.add(PathAttribute.MpReachNlri.ipv6(v6(global), linkLocal.map(RibHarness::v6), List.of(nlri)));
        return new UpdateMessage(List.of(), attrs, List.of());
    }

    static List<IpPrefix> announced(List<UpdateMessage> updates) {
        List<IpPrefix> out = new ArrayList<>();
        updates.forEach(u -> out.addAll(u.allNlri()));
        return out;
    }

    static List<IpPrefix> withdrawn(List<UpdateMessage> updates) {
        List<IpPrefix> out = new ArrayList<>();
        updates.forEach(u -> out.addAll(u.allWithdrawn()));
        return out;
    }
}
