package dev.weft.bgp.rib;

import dev.weft.bgp.wire.AsPathSegment;
import dev.weft.bgp.wire.AsPaths;
import dev.weft.bgp.wire.OriginType;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.UpdateMessage;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The path attributes of a route in RIB form: the AS path already reconstructed from
 * AS_PATH/AS4_PATH (RFC 6793 §4.2.3), unknown attributes reduced to the optional transitive
 * ones that are passed on (RFC 4271 §5), AGGREGATOR/AS4_AGGREGATOR dropped (their size depends
 * on the session's AS number size).
 *
 * @param origin ORIGIN
 * @param asPath AS path segments (4-octet AS numbers)
 * @param nextHop NEXT_HOP
 * @param med MULTI_EXIT_DISC if present
 * @param localPref LOCAL_PREF if present
 * @param communities COMMUNITIES values (RFC 1997), possibly empty
 * @param atomicAggregate ATOMIC_AGGREGATE present
 * @param transitive unknown optional transitive attributes
 */
public record RouteAttributes(OriginType origin, List<AsPathSegment> asPath, Inet4Address nextHop, Optional<Long> med,
        Optional<Long> localPref, List<Long> communities, boolean atomicAggregate, List<PathAttribute.Unknown> transitive) {

    public RouteAttributes {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(nextHop, "nextHop");
        asPath = List.copyOf(asPath);
        communities = List.copyOf(communities);
        transitive = List.copyOf(transitive);
        Objects.requireNonNull(med, "med");
        Objects.requireNonNull(localPref, "localPref");
    }

    /**
     * The attributes of an UPDATE with NLRI (ORIGIN, AS_PATH and NEXT_HOP present — the codec
     * turns their absence into treat-as-withdraw).
     *
     * @param peerFourOctetAs false for a 2-octet peer: AS4_PATH is merged into AS_PATH; true:
     *     any AS4_PATH is ignored (RFC 6793 §4.1)
     * @throws IllegalArgumentException if a mandatory attribute is missing
     */
    public static RouteAttributes fromUpdate(UpdateMessage update, boolean peerFourOctetAs) {
        OriginType origin = update.attribute(PathAttribute.Origin.class).map(PathAttribute.Origin::value)
                .orElseThrow(() -> new IllegalArgumentException("no ORIGIN"));
        List<AsPathSegment> path = update.attribute(PathAttribute.AsPath.class).map(PathAttribute.AsPath::segments)
                .orElseThrow(() -> new IllegalArgumentException("no AS_PATH"));
        if (!peerFourOctetAs) {
            Optional<PathAttribute.As4Path> as4 = update.attribute(PathAttribute.As4Path.class);
            if (as4.isPresent()) {
                path = AsPaths.merge(path, as4.get().segments());
            }
        }
        Inet4Address nextHop = update.attribute(PathAttribute.NextHop.class).map(PathAttribute.NextHop::address)
                .orElseThrow(() -> new IllegalArgumentException("no NEXT_HOP"));
        List<PathAttribute.Unknown> transitive = new ArrayList<>();
        for (PathAttribute a : update.attributes()) {
            if (a instanceof PathAttribute.Unknown u && u.optionalTransitive()
                    && u.typeCode() != PathAttribute.AGGREGATOR && u.typeCode() != PathAttribute.AS4_AGGREGATOR) {
                transitive.add(u);
            }
        }
        return new RouteAttributes(origin, path, nextHop,
                update.attribute(PathAttribute.MultiExitDisc.class).map(PathAttribute.MultiExitDisc::value),
                update.attribute(PathAttribute.LocalPref.class).map(PathAttribute.LocalPref::value),
                update.attribute(PathAttribute.Communities.class).map(PathAttribute.Communities::values).orElse(List.of()),
                update.attribute(PathAttribute.AtomicAggregate.class).isPresent(), transitive);
    }

    /** Attributes in wire order (type code order, RFC 4271 §5 recommends ascending). */
    public List<PathAttribute> toWire() {
        List<PathAttribute> out = new ArrayList<>();
        out.add(new PathAttribute.Origin(origin));
        out.add(new PathAttribute.AsPath(asPath));
        out.add(new PathAttribute.NextHop(nextHop));
        med.ifPresent(m -> out.add(new PathAttribute.MultiExitDisc(m)));
        localPref.ifPresent(l -> out.add(new PathAttribute.LocalPref(l)));
        if (atomicAggregate) {
            out.add(new PathAttribute.AtomicAggregate());
        }
        if (!communities.isEmpty()) {
            out.add(new PathAttribute.Communities(communities));
        }
        out.addAll(transitive);
        out.sort((a, b) -> Integer.compare(a.typeCode(), b.typeCode()));
        return out;
    }
}
