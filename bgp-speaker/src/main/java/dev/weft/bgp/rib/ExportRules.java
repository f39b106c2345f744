package dev.weft.bgp.rib;

import dev.weft.bgp.wire.AsPathSegment;
import dev.weft.bgp.wire.AsPaths;
import dev.weft.bgp.wire.OriginType;
import dev.weft.bgp.wire.PathAttribute;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fixed export rules, applied before the export policy: what we advertise to a peer for one
 * prefix (RFC 4271 §9.1.3, §5.1; RFC 1997 well-known communities; RFC 4456 route reflection).
 *
 * <ul>
 *   <li>Never back to the peer it came from; never to an eBGP peer whose AS is in the path.
 *   <li>iBGP to iBGP only when reflecting: a route from a client goes to every other iBGP peer,
 *       a route from a non-client only to clients (RFC 4456 §6). Reflected routes keep NEXT_HOP,
 *       LOCAL_PREF and MED, get ORIGINATOR_ID (the source's router ID if absent) and our cluster
 *       ID prepended to CLUSTER_LIST (RFC 4456 §8).
 *   <li>Otherwise NEXT_HOP is our address on that session (next-hop-self): IPv4 for IPv4
 *       prefixes; the global (+ link-local) IPv6 address for IPv6 prefixes — no IPv6 export to a
 *       peer without one.
 *   <li>Towards eBGP: our AS prepended, no MED, no LOCAL_PREF, no ORIGINATOR_ID/CLUSTER_LIST.
 *   <li>NO_EXPORT / NO_ADVERTISE / NO_EXPORT_SUBCONFED honoured; unknown optional transitive
 *       attributes pass with the Partial bit (OTC, which we know, passes without it).
 *   <li>With a BGP Role on the session (RFC 9234 §5 egress, {@link RoleRules}): a route with OTC
 *       is not sent to a provider, peer or route server; to a customer, peer or route-server
 *       client a route without OTC gets OTC = our AS, originated ones included.
 * </ul>
 */
final class ExportRules {
    /** NO_EXPORT (RFC 1997). */
    static final long NO_EXPORT = 0xFFFFFF01L;
    /** NO_ADVERTISE (RFC 1997). */
    static final long NO_ADVERTISE = 0xFFFFFF02L;
    /** NO_EXPORT_SUBCONFED (RFC 1997). */
    static final long NO_EXPORT_SUBCONFED = 0xFFFFFF03L;

    private ExportRules() {}

    /**
     * A locally originated prefix: ORIGIN IGP, AS_PATH [local AS] (eBGP) or [] with LOCAL_PREF 100
     * (iBGP); empty for an IPv6 prefix if the peer has no IPv6 next hop.
     */
    static Optional<RouteAttributes> originated(long localAs, boolean ipv4, RibPeer to) {
        List<AsPathSegment> path = to.ebgp() ? PathAttribute.AsPath.sequence(List.of(localAs)).segments() : List.of();
        Optional<RouteAttributes> base = nextHopSelf(ipv4, to).map(hop -> new RouteAttributes(OriginType.IGP, path,
                hop, ipv4 ? Optional.empty() : to.ipv6LinkLocalNextHop(), Optional.empty(),
                to.ebgp() ? Optional.empty() : Optional.of(Path.DEFAULT_LOCAL_PREF), List.of(), List.of(), false,
                Optional.empty(), List.of(),
                RoleRules.egressAddsOtc(to.localRole()) ? List.of(RoleRules.otcAttribute(localAs)) : List.of()));
        return base;
    }

    /** A learned best path towards {@code to}, or empty if the rules above forbid it. */
    static Optional<RouteAttributes> learned(long localAs, Inet4Address clusterId, Path best, RibPeer to) {
        RibPeer from = best.source();
        RouteAttributes a = best.attributes();
        boolean reflect = !from.ebgp() && !to.ebgp();
        if (from.address().equals(to.address())
                || (reflect && !from.routeReflectorClient() && !to.routeReflectorClient())
                || a.communities().contains(NO_ADVERTISE)
                || (to.ebgp() && (a.communities().contains(NO_EXPORT) || a.communities().contains(NO_EXPORT_SUBCONFED)))
                || (to.ebgp() && AsPaths.contains(a.asPath(), to.asn()))) {
            return Optional.empty();
        }
        int role = to.localRole();
        long otc = role == RoleRules.NONE ? -1 : RoleRules.otc(a);
        if (otc >= 0 && RoleRules.egressBlocksOtc(role)) {
            return Optional.empty(); // RFC 9234 §5: never to a provider, peer or RS once marked
        }
        List<PathAttribute.Unknown> transitive = transitive(a, otc < 0 && RoleRules.egressAddsOtc(role) ? localAs : -1);
        if (reflect) {
            List<Inet4Address> clusters = new ArrayList<>(a.clusterList().size() + 1);
            clusters.add(clusterId);
            clusters.addAll(a.clusterList());
            return Optional.of(a.withLocalPref(Optional.of(best.localPref()))
                    .withReflection(Optional.of(a.originatorId().orElse(from.routerId())), clusters)
                    .withTransitive(transitive));
        }
        boolean ipv4 = best.prefix().isIpv4();
        Optional<InetAddress> hop = nextHopSelf(ipv4, to);
        if (hop.isEmpty()) {
            return Optional.empty();
        }
        List<AsPathSegment> path = to.ebgp() ? AsPaths.prepend(a.asPath(), localAs) : a.asPath();
        return Optional.of(new RouteAttributes(a.origin(), path, hop.get(),
                ipv4 ? Optional.empty() : to.ipv6LinkLocalNextHop(),
                to.ebgp() ? Optional.empty() : a.med(),
                to.ebgp() ? Optional.empty() : Optional.of(best.localPref()),
                a.communities(), a.largeCommunities(), a.atomicAggregate(), Optional.empty(), List.of(), transitive));
    }

    /**
     * The optional transitive attributes to pass on: unknown ones with the Partial bit (RFC 4271
     * §5), OTC as it is (we recognise it); OTC = {@code addOtc} appended when that is ≥ 0.
     */
    private static List<PathAttribute.Unknown> transitive(RouteAttributes a, long addOtc) {
        List<PathAttribute.Unknown> in = a.transitive();
        if (in.isEmpty() && addOtc < 0) {
            return in;
        }
        List<PathAttribute.Unknown> out = new ArrayList<>(in.size() + 1);
        for (PathAttribute.Unknown u : in) {
            out.add(u.typeCode() == PathAttribute.ONLY_TO_CUSTOMER ? u : u.withPartial());
        }
        if (addOtc >= 0) {
            out.add(RoleRules.otcAttribute(addOtc));
        }
        return out;
    }

    static Optional<InetAddress> nextHopSelf(boolean ipv4, RibPeer to) {
        return ipv4 ? Optional.of(to.nextHopSelf()) : to.ipv6NextHopSelf().map(Inet6Address.class::cast);
    }
}
