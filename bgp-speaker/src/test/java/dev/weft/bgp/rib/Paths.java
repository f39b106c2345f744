package dev.weft.bgp.rib;

import dev.weft.bgp.wire.AsPathSegment;
import dev.weft.bgp.wire.CodecOptions;
import dev.weft.bgp.wire.OriginType;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.util.List;
import java.util.Optional;

/** Builders for RIB tests. */
final class Paths {
    static final IpPrefix P = IpPrefix.parse("10.1.0.0/24");

    private Paths() {}

    static RibPeer peer(String address, long asn, String routerId, boolean ebgp) {
        return new RibPeer(IpAddresses.parse(address), asn, IpAddresses.parseIpv4(routerId), ebgp,
                IpAddresses.parseIpv4("10.255.0.1"), CodecOptions.FOUR_OCTET_AS);
    }

    static RouteAttributes attrs(List<Long> asPath) {
        return new RouteAttributes(OriginType.IGP, asPath.isEmpty() ? List.of() : List.of(new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, asPath)),
                IpAddresses.parseIpv4("192.0.2.1"), Optional.empty(), Optional.empty(), List.of(), false, List.of());
    }

    static Path path(RibPeer from, RouteAttributes a) {
        return new Path(P, a, from);
    }

    static RouteAttributes withOrigin(RouteAttributes a, OriginType o) {
        return new RouteAttributes(o, a.asPath(), a.nextHop(), a.med(), a.localPref(), a.communities(), a.atomicAggregate(), a.transitive());
    }

    static RouteAttributes withMed(RouteAttributes a, long med) {
        return new RouteAttributes(a.origin(), a.asPath(), a.nextHop(), Optional.of(med), a.localPref(), a.communities(),
                a.atomicAggregate(), a.transitive());
    }

    static RouteAttributes withLocalPref(RouteAttributes a, long lp) {
        return new RouteAttributes(a.origin(), a.asPath(), a.nextHop(), a.med(), Optional.of(lp), a.communities(),
                a.atomicAggregate(), a.transitive());
    }
}
