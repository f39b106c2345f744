package dev.weft.bgp.rib;

import dev.weft.bgp.wire.AsPathSegment;
import dev.weft.bgp.wire.AsPaths;
import dev.weft.bgp.wire.LargeCommunity;
import dev.weft.bgp.wire.OriginType;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.UpdateMessage;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The path attributes of a route in RIB form, shared by every prefix announced with them (the
 * RIB interns them, so equal sets are one object). The AS path is already reconstructed from
 * AS_PATH/AS4_PATH (RFC 6793 §4.2.3); unknown attributes are reduced to the optional transitive
 * ones that are passed on (RFC 4271 §5); AGGREGATOR/AS4_AGGREGATOR are dropped (their size
 * depends on the session's AS number size).
 *
 * @param origin ORIGIN
 * @param asPath AS path segments (4-octet AS numbers)
 * @param nextHop NEXT_HOP (RFC 4271 §5.1.3) or the MP_REACH_NLRI next hop (RFC 4760 §3): IPv4, or
 *     IPv6 global (RFC 2545 §3)
 * @param linkLocalNextHop the IPv6 link-local next hop sent after the global one (RFC 2545 §3)
 * @param med MULTI_EXIT_DISC if present
 * @param localPref LOCAL_PREF if present
 * @param communities COMMUNITIES values (RFC 1997), possibly empty
 * @param largeCommunities LARGE_COMMUNITY values (RFC 8092), possibly empty
 * @param atomicAggregate ATOMIC_AGGREGATE present
 * @param originatorId ORIGINATOR_ID (RFC 4456 §8) if present
 * @param clusterList CLUSTER_LIST (RFC 4456 §8), most recent first, possibly empty
 * @param transitive unknown optional transitive attributes
 */
public record RouteAttributes(OriginType origin, List<AsPathSegment> asPath, InetAddress nextHop,
        Optional<Inet6Address> linkLocalNextHop, Optional<Long> med, Optional<Long> localPref, List<Long> communities,
        List<LargeCommunity> largeCommunities, boolean atomicAggregate, Optional<Inet4Address> originatorId, List<Inet4Address> clusterList,
        List<PathAttribute.Unknown> transitive) {
    public RouteAttributes {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(nextHop, "nextHop");
        Objects.requireNonNull(linkLocalNextHop, "linkLocalNextHop");
        Objects.requireNonNull(med, "med");
        Objects.requireNonNull(localPref, "localPref");
        Objects.requireNonNull(originatorId, "originatorId");
        asPath = List.copyOf(asPath);
        communities = List.copyOf(communities);
        largeCommunities = List.copyOf(largeCommunities);
        clusterList = List.copyOf(clusterList);
        transitive = List.copyOf(transitive);
    }

    /** The IPv4-only shape of the first version: no link-local next hop, ORIGINATOR_ID or CLUSTER_LIST. */
    public RouteAttributes(OriginType origin, List<AsPathSegment> asPath, InetAddress nextHop, Optional<Long> med,
            Optional<Long> localPref, List<Long> communities, boolean atomicAggregate,
            List<PathAttribute.Unknown> transitive) {
        this(origin, asPath, nextHop, Optional.empty(), med, localPref, communities, List.of(), atomicAggregate,
                Optional.empty(), List.of(), transitive);
    }

    /**
     * The attributes of an UPDATE with classic IPv4 NLRI (ORIGIN, AS_PATH and NEXT_HOP present —
     * the codec turns their absence into treat-as-withdraw).
     *
     * @param peerFourOctetAs false for a 2-octet peer: AS4_PATH is merged into AS_PATH; true:
     *     any AS4_PATH is ignored (RFC 6793 §4.1)
     * @throws IllegalArgumentException if a mandatory attribute is missing
     */
    public static RouteAttributes fromUpdate(UpdateMessage update, boolean peerFourOctetAs) {
        Inet4Address nextHop = update.attribute(PathAttribute.NextHop.class).map(PathAttribute.NextHop::address)
                .orElseThrow(() -> new IllegalArgumentException("no NEXT_HOP"));
        return fromAttributes(update.attributes(), peerFourOctetAs, nextHop, Optional.empty());
    }

    /**
     * The attributes of a route whose next hop comes from elsewhere (MP_REACH_NLRI, RFC 4760 §3).
     *
     * @throws IllegalArgumentException if ORIGIN or AS_PATH is missing
     */
    public static RouteAttributes fromAttributes(List<PathAttribute> attributes, boolean peerFourOctetAs,
            InetAddress nextHop, Optional<Inet6Address> linkLocal) {
        OriginType origin = null;
        List<AsPathSegment> path = null;
        List<AsPathSegment> as4 = null;
        Optional<Long> med = Optional.empty();
        Optional<Long> localPref = Optional.empty();
        List<Long> communities = List.of();
        List<LargeCommunity> large = List.of();
        boolean atomic = false;
        Optional<Inet4Address> originator = Optional.empty();
        List<Inet4Address> clusters = List.of();
        List<PathAttribute.Unknown> transitive = new ArrayList<>();
        for (PathAttribute a : attributes) {
            if (a instanceof PathAttribute.Origin o && origin == null) {
                origin = o.value();
            } else if (a instanceof PathAttribute.AsPath p && path == null) {
                path = p.segments();
            } else if (a instanceof PathAttribute.As4Path p && as4 == null) {
                as4 = p.segments();
            } else if (a instanceof PathAttribute.MultiExitDisc m && med.isEmpty()) {
                med = Optional.of(m.value());
            } else if (a instanceof PathAttribute.LocalPref l && localPref.isEmpty()) {
                localPref = Optional.of(l.value());
            } else if (a instanceof PathAttribute.Communities c && communities.isEmpty()) {
                communities = c.values();
            } else if (a instanceof PathAttribute.LargeCommunities c && large.isEmpty()) {
                large = c.values();
            } else if (a instanceof PathAttribute.AtomicAggregate) {
                atomic = true;
            } else if (a instanceof PathAttribute.OriginatorId o) {
                originator = Optional.of(o.id());
            } else if (a instanceof PathAttribute.ClusterList c) {
                clusters = c.ids();
            } else if (a instanceof PathAttribute.Unknown u && u.optionalTransitive()
                    && u.typeCode() != PathAttribute.AGGREGATOR && u.typeCode() != PathAttribute.AS4_AGGREGATOR) {
                transitive.add(u);
            }
        }
        if (origin == null) {
            throw new IllegalArgumentException("no ORIGIN");
        }
        if (path == null) {
            throw new IllegalArgumentException("no AS_PATH");
        }
        if (!peerFourOctetAs && as4 != null) {
            path = AsPaths.merge(path, as4);
        }
        return new RouteAttributes(origin, path, nextHop, linkLocal, med, localPref, communities, large, atomic,
                originator, clusters, transitive);
    }

    /** With another next hop (and link-local next hop). */
    public RouteAttributes withNextHop(InetAddress hop, Optional<Inet6Address> linkLocal) {
        return new RouteAttributes(origin, asPath, hop, linkLocal, med, localPref, communities, largeCommunities,
                atomicAggregate, originatorId, clusterList, transitive);
    }

    /** With another AS path. */
    public RouteAttributes withAsPath(List<AsPathSegment> path) {
        return new RouteAttributes(origin, path, nextHop, linkLocalNextHop, med, localPref, communities, largeCommunities,
                atomicAggregate, originatorId, clusterList, transitive);
    }

    /** With another MULTI_EXIT_DISC (empty = none). */
    public RouteAttributes withMed(Optional<Long> value) {
        return new RouteAttributes(origin, asPath, nextHop, linkLocalNextHop, value, localPref, communities,
                largeCommunities, atomicAggregate, originatorId, clusterList, transitive);
    }

    /** With another LOCAL_PREF (empty = none). */
    public RouteAttributes withLocalPref(Optional<Long> value) {
        return new RouteAttributes(origin, asPath, nextHop, linkLocalNextHop, med, value, communities, largeCommunities,
                atomicAggregate, originatorId, clusterList, transitive);
    }

    /** With other COMMUNITIES (RFC 1997). */
    public RouteAttributes withCommunities(List<Long> values) {
        return new RouteAttributes(origin, asPath, nextHop, linkLocalNextHop, med, localPref, values, largeCommunities,
                atomicAggregate, originatorId, clusterList, transitive);
    }

    /** With other large communities (RFC 8092). */
    public RouteAttributes withLargeCommunities(List<LargeCommunity> values) {
        return new RouteAttributes(origin, asPath, nextHop, linkLocalNextHop, med, localPref, communities, values,
                atomicAggregate, originatorId, clusterList, transitive);
    }

    /** With other ORIGINATOR_ID and CLUSTER_LIST (RFC 4456 §8). */
    public RouteAttributes withReflection(Optional<Inet4Address> originator, List<Inet4Address> clusters) {
        return new RouteAttributes(origin, asPath, nextHop, linkLocalNextHop, med, localPref, communities,
                largeCommunities, atomicAggregate, originator, clusters, transitive);
    }

    /** With other unknown optional transitive attributes. */
    public RouteAttributes withTransitive(List<PathAttribute.Unknown> values) {
        return new RouteAttributes(origin, asPath, nextHop, linkLocalNextHop, med, localPref, communities,
                largeCommunities, atomicAggregate, originatorId, clusterList, values);
    }

    /** Attributes in wire order (type code order, RFC 4271 §5), with NEXT_HOP (the next hop must be IPv4). */
    public List<PathAttribute> toWire() {
        return toWire(true);
    }

    /**
     * Attributes in wire order (type code order, RFC 4271 §5).
     *
     * @param withNextHop include NEXT_HOP (classic IPv4 NLRI); false when the next hop travels
     *     in MP_REACH_NLRI (RFC 4760 §3), which the caller adds
     * @throws IllegalStateException if NEXT_HOP is asked for and the next hop is not IPv4
     */
    public List<PathAttribute> toWire(boolean withNextHop) {
        List<PathAttribute> out = new ArrayList<>();
        out.add(new PathAttribute.Origin(origin));
        out.add(new PathAttribute.AsPath(asPath));
        if (withNextHop) {
            if (!(nextHop instanceof Inet4Address v4)) {
                throw new IllegalStateException("NEXT_HOP must be IPv4: " + nextHop);
            }
            out.add(new PathAttribute.NextHop(v4));
        }
        med.ifPresent(m -> out.add(new PathAttribute.MultiExitDisc(m)));
        localPref.ifPresent(l -> out.add(new PathAttribute.LocalPref(l)));
        if (atomicAggregate) {
            out.add(new PathAttribute.AtomicAggregate());
        }
        if (!communities.isEmpty()) {
            out.add(new PathAttribute.Communities(communities));
        }
        originatorId.ifPresent(id -> out.add(new PathAttribute.OriginatorId(id)));
        if (!clusterList.isEmpty()) {
            out.add(new PathAttribute.ClusterList(clusterList));
        }
        if (!largeCommunities.isEmpty()) {
            out.add(new PathAttribute.LargeCommunities(largeCommunities));
        }
        out.addAll(transitive);
        out.sort((a, b) -> Integer.compare(a.typeCode(), b.typeCode()));
        return out;
    }
}
