package dev.weft.bgp.rib;

import dev.weft.bgp.wire.AsPathSegment;
import dev.weft.bgp.wire.AsPaths;
import dev.weft.bgp.wire.OriginType;
import dev.weft.bgp.wire.PathAttribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What we advertise to a peer for one prefix (RFC 4271 §9.1.3, §5.1; RFC 1997 well-known
 * communities). NEXT_HOP is always our address on that session (next-hop-self), also towards
 * iBGP peers.
 */
final class ExportPolicy {
    /** NO_EXPORT (RFC 1997). */
    static final long NO_EXPORT = 0xFFFFFF01L;
    /** NO_ADVERTISE (RFC 1997). */
    static final long NO_ADVERTISE = 0xFFFFFF02L;
    /** NO_EXPORT_SUBCONFED (RFC 1997). */
    static final long NO_EXPORT_SUBCONFED = 0xFFFFFF03L;

    private ExportPolicy() {}

    /** A locally originated prefix: ORIGIN IGP, AS_PATH [local AS] (eBGP) or [] with LOCAL_PREF 100 (iBGP). */
    static List<PathAttribute> originated(long localAs, RibPeer to) {
        List<PathAttribute> out = new ArrayList<>(4);
        out.add(new PathAttribute.Origin(OriginType.IGP));
        out.add(to.ebgp() ? PathAttribute.AsPath.sequence(List.of(localAs)) : PathAttribute.AsPath.EMPTY);
        out.add(new PathAttribute.NextHop(to.nextHopSelf()));
        if (!to.ebgp()) {
            out.add(new PathAttribute.LocalPref(Path.DEFAULT_LOCAL_PREF));
        }
        return out;
    }

    /**
     * A learned best path: never back to its source, never iBGP to iBGP, never to a peer whose
     * AS is already in the path; towards eBGP the local AS is prepended and MED and LOCAL_PREF
     * are dropped; unknown transitive attributes are passed on with the Partial bit.
     */
    static Optional<List<PathAttribute>> learned(long localAs, Path best, RibPeer to) {
        RibPeer from = best.source();
        RouteAttributes a = best.attributes();
        if (from.address().equals(to.address()) || (!from.ebgp() && !to.ebgp())
                || a.communities().contains(NO_ADVERTISE)
                || (to.ebgp() && (a.communities().contains(NO_EXPORT) || a.communities().contains(NO_EXPORT_SUBCONFED)))
                || (to.ebgp() && AsPaths.contains(a.asPath(), to.asn()))) {
            return Optional.empty();
        }
        List<AsPathSegment> path = to.ebgp() ? AsPaths.prepend(a.asPath(), localAs) : a.asPath();
        List<PathAttribute.Unknown> transitive = a.transitive().stream().map(PathAttribute.Unknown::withPartial).toList();
        RouteAttributes out = new RouteAttributes(a.origin(), path, to.nextHopSelf(),
                to.ebgp() ? Optional.empty() : a.med(),
                to.ebgp() ? Optional.empty() : Optional.of(best.localPref()),
                a.communities(), a.atomicAggregate(), transitive);
        return Optional.of(out.toWire());
    }
}
