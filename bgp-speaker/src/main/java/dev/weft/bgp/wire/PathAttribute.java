package dev.weft.bgp.wire;

import dev.weft.common.net.IpPrefix;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A path attribute of an UPDATE (RFC 4271 §4.3, §5). Each is encoded as
 *
 * <pre>
 * | flags (1): O T P E 0000 | type code (1) | length (1, or 2 if E) | value |
 * </pre>
 *
 * with O = optional, T = transitive, P = partial, E = extended length. How each type is decoded and
 * what a malformed one causes (RFC 7606) is tabled in {@link RevisedErrorHandling}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4271#section-4.3">RFC 4271 §4.3</a>
 */
public sealed interface PathAttribute permits PathAttribute.Origin, PathAttribute.AsPath, PathAttribute.NextHop,
        PathAttribute.MultiExitDisc, PathAttribute.LocalPref, PathAttribute.AtomicAggregate,
        PathAttribute.Communities, PathAttribute.As4Path, PathAttribute.MpReachNlri, PathAttribute.MpUnreachNlri,
        PathAttribute.LargeCommunities, PathAttribute.OriginatorId, PathAttribute.ClusterList,
        PathAttribute.OnlyToCustomer, PathAttribute.Unknown {

    /** Flag bit: optional. */
    int FLAG_OPTIONAL = 0x80;
    /** Flag bit: transitive. */
    int FLAG_TRANSITIVE = 0x40;
    /** Flag bit: partial. */
    int FLAG_PARTIAL = 0x20;
    /** Flag bit: extended (2-octet) length. */
    int FLAG_EXTENDED_LENGTH = 0x10;

    /** ORIGIN type code. */
    int ORIGIN = 1;
    /** AS_PATH type code. */
    int AS_PATH = 2;
    /** NEXT_HOP type code. */
    int NEXT_HOP = 3;
    /** MULTI_EXIT_DISC type code. */
    int MULTI_EXIT_DISC = 4;
    /** LOCAL_PREF type code. */
    int LOCAL_PREF = 5;
    /** ATOMIC_AGGREGATE type code. */
    int ATOMIC_AGGREGATE = 6;
    /** AGGREGATOR type code (kept as {@link Unknown}). */
    int AGGREGATOR = 7;
    /** COMMUNITIES type code (RFC 1997). */
    int COMMUNITIES = 8;
    /** ORIGINATOR_ID type code (RFC 4456 §8). */
    int ORIGINATOR_ID = 9;
    /** CLUSTER_LIST type code (RFC 4456 §8). */
    int CLUSTER_LIST = 10;
    /** MP_REACH_NLRI type code (RFC 4760 §3). */
    int MP_REACH_NLRI = 14;
    /** MP_UNREACH_NLRI type code (RFC 4760 §4). */
    int MP_UNREACH_NLRI = 15;
    /** EXTENDED COMMUNITIES type code (RFC 4360; kept as {@link Unknown}, length checked). */
    int EXTENDED_COMMUNITIES = 16;
    /** AS4_PATH type code (RFC 6793). */
    int AS4_PATH = 17;
    /** AS4_AGGREGATOR type code (RFC 6793; kept as {@link Unknown}). */
    int AS4_AGGREGATOR = 18;
    /** IPv6 Address Specific Extended Community type code (RFC 5701; kept as {@link Unknown}, length checked). */
    int IPV6_EXTENDED_COMMUNITIES = 25;
    /** LARGE_COMMUNITY type code (RFC 8092 §3). */
    int LARGE_COMMUNITY = 32;
    /** Only to Customer (OTC) type code (RFC 9234 §5). */
    int ONLY_TO_CUSTOMER = 35;

    /** The attribute type code. */
    int typeCode();

    /** ORIGIN (well-known mandatory). */
    record Origin(OriginType value) implements PathAttribute {
        public Origin {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public int typeCode() {
            return ORIGIN;
        }
    }

    /** AS_PATH (well-known mandatory); AS numbers are always held as 4-octet values. */
    record AsPath(List<AsPathSegment> segments) implements PathAttribute {
        /** The empty AS_PATH (iBGP origination). */
        public static final AsPath EMPTY = new AsPath(List.of());

        public AsPath {
            segments = List.copyOf(segments);
        }

        /** An AS_PATH made of one AS_SEQUENCE (empty list → empty path). */
        public static AsPath sequence(List<Long> asns) {
            return asns.isEmpty() ? EMPTY : new AsPath(List.of(new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, asns)));
        }

        @Override
        public int typeCode() {
            return AS_PATH;
        }
    }

    /** NEXT_HOP (well-known mandatory for IPv4 NLRI). */
    record NextHop(Inet4Address address) implements PathAttribute {
        public NextHop {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public int typeCode() {
            return NEXT_HOP;
        }
    }

    /** MULTI_EXIT_DISC (optional non-transitive), 0–4294967295. */
    record MultiExitDisc(long value) implements PathAttribute {
        public MultiExitDisc {
            checkU32(value);
        }

        @Override
        public int typeCode() {
            return MULTI_EXIT_DISC;
        }
    }

    /** LOCAL_PREF (well-known, iBGP only), 0–4294967295. */
    record LocalPref(long value) implements PathAttribute {
        public LocalPref {
            checkU32(value);
        }

        @Override
        public int typeCode() {
            return LOCAL_PREF;
        }
    }

    /** ATOMIC_AGGREGATE (well-known discretionary), no value. */
    record AtomicAggregate() implements PathAttribute {
        @Override
        public int typeCode() {
            return ATOMIC_AGGREGATE;
        }
    }

    /** COMMUNITIES (RFC 1997, optional transitive): 32-bit values, high 16 bits the AS. */
    record Communities(List<Long> values) implements PathAttribute {
        public Communities {
            values = List.copyOf(values);
            values.forEach(PathAttribute::checkU32);
        }

        @Override
        public int typeCode() {
            return COMMUNITIES;
        }
    }

    /** AS4_PATH (RFC 6793 §3, optional transitive): sent only to and from 2-octet-AS speakers. */
    record As4Path(List<AsPathSegment> segments) implements PathAttribute {
        public As4Path {
            segments = List.copyOf(segments);
        }

        @Override
        public int typeCode() {
            return AS4_PATH;
        }
    }

    /**
     * MP_REACH_NLRI (RFC 4760 §3, optional non-transitive): reachable prefixes of one family and
     * their next hop. For IPv6 the next hop is a global address, optionally followed by a
     * link-local one (RFC 2545 §3: 16 or 32 octets on the wire).
     *
     * @param family IPv4 unicast or IPv6 unicast
     * @param nextHops one IPv4 address (IPv4 unicast), or one or two IPv6 addresses (global,
     *     then link-local)
     * @param nlri announced prefixes of {@code family}
     */
    record MpReachNlri(AddressFamily family, List<InetAddress> nextHops, List<IpPrefix> nlri) implements PathAttribute {
        public MpReachNlri {
            Objects.requireNonNull(family, "family");
            nextHops = List.copyOf(nextHops);
            nlri = List.copyOf(nlri);
            requireSupported(family);
            boolean v6 = family.equals(AddressFamily.IPV6_UNICAST);
            if (nextHops.isEmpty() || nextHops.size() > (v6 ? 2 : 1)) {
                throw new IllegalArgumentException(family + " takes " + (v6 ? "1 or 2 next hops" : "1 next hop")
                        + ", not " + nextHops.size());
            }
            for (InetAddress a : nextHops) {
                if (v6 != (a instanceof Inet6Address)) {
                    throw new IllegalArgumentException("next hop " + a.getHostAddress() + " is not of " + family);
                }
            }
            requireFamily(family, nlri);
        }

        /** An IPv4 unicast MP_REACH_NLRI. */
        public static MpReachNlri ipv4(Inet4Address nextHop, List<IpPrefix> nlri) {
            return new MpReachNlri(AddressFamily.IPV4_UNICAST, List.of(nextHop), nlri);
        }

        /** An IPv6 unicast MP_REACH_NLRI with a global next hop and an optional link-local one. */
        public static MpReachNlri ipv6(Inet6Address global, Optional<Inet6Address> linkLocal, List<IpPrefix> nlri) {
            return new MpReachNlri(AddressFamily.IPV6_UNICAST,
                    linkLocal.isPresent() ? List.of(global, linkLocal.get()) : List.of(global), nlri);
        }

        /** The first (global, or IPv4) next hop. */
        public InetAddress nextHop() {
            return nextHops.get(0);
        }

        /** The IPv6 link-local next hop, if two were given (RFC 2545 §3). */
        public Optional<Inet6Address> linkLocalNextHop() {
            return nextHops.size() == 2 ? Optional.of((Inet6Address) nextHops.get(1)) : Optional.empty();
        }

        @Override
        public int typeCode() {
            return MP_REACH_NLRI;
        }
    }

    /**
     * MP_UNREACH_NLRI (RFC 4760 §4, optional non-transitive): withdrawn prefixes of one family.
     * Empty and alone in an UPDATE, it is that family's End-of-RIB marker (RFC 4724 §2).
     *
     * @param family IPv4 unicast or IPv6 unicast
     * @param withdrawn withdrawn prefixes of {@code family}
     */
    record MpUnreachNlri(AddressFamily family, List<IpPrefix> withdrawn) implements PathAttribute {
        public MpUnreachNlri {
            Objects.requireNonNull(family, "family");
            withdrawn = List.copyOf(withdrawn);
            requireSupported(family);
            requireFamily(family, withdrawn);
        }

        @Override
        public int typeCode() {
            return MP_UNREACH_NLRI;
        }
    }

    /**
     * LARGE_COMMUNITY (RFC 8092 §3, optional transitive): 12-octet communities. Duplicates are
     * kept as received (RFC 8092 §5 allows removing them; not an error).
     *
     * @param values the communities in order
     */
    record LargeCommunities(List<LargeCommunity> values) implements PathAttribute {
        public LargeCommunities {
            values = List.copyOf(values);
        }

        @Override
        public int typeCode() {
            return LARGE_COMMUNITY;
        }
    }

    /**
     * ORIGINATOR_ID (RFC 4456 §8, optional non-transitive): the BGP Identifier of the route's
     * originator in the local AS, set by a route reflector.
     *
     * @param id the originator's BGP Identifier
     */
    record OriginatorId(Inet4Address id) implements PathAttribute {
        public OriginatorId {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public int typeCode() {
            return ORIGINATOR_ID;
        }
    }

    /**
     * CLUSTER_LIST (RFC 4456 §8, optional non-transitive): the CLUSTER_IDs the route passed,
     * most recent first.
     *
     * @param ids cluster IDs (4 octets each on the wire)
     */
    record ClusterList(List<Inet4Address> ids) implements PathAttribute {
        public ClusterList {
            ids = List.copyOf(ids);
        }

        @Override
        public int typeCode() {
            return CLUSTER_LIST;
        }
    }

    /**
     * Only to Customer (OTC, RFC 9234 §5, optional transitive): the AS that marked the route as
     * going only downstream (to customers).
     *
     * @param asn AS number, 0–4294967295
     */
    record OnlyToCustomer(long asn) implements PathAttribute {
        public OnlyToCustomer {
            checkU32(asn);
        }

        @Override
        public int typeCode() {
            return ONLY_TO_CUSTOMER;
        }
    }

    /**
     * Any other attribute, kept as its flags and value bytes. An unrecognized optional
     * transitive one is decoded with the Partial bit already set, so it is passed on with it
     * (RFC 4271 §5); unrecognized optional non-transitive ones are dropped by the decoder.
     * EXTENDED COMMUNITIES, AGGREGATOR, AS4_AGGREGATOR and IPv6 extended communities are also
     * kept this way (flags as received) after their length is checked.
     *
     * @param flags attribute flags as received (the extended length bit is recomputed when encoding)
     * @param typeCode attribute type code
     * @param value attribute value (copied)
     */
    record Unknown(int flags, int typeCode, byte[] value) implements PathAttribute {
        public Unknown {
            if (flags < 0 || flags > 255 || typeCode < 0 || typeCode > 255 || value.length > 0xffff) {
                throw new IllegalArgumentException("attribute flags, type or length out of range");
            }
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        /** True if the optional and transitive bits are both set. */
        public boolean optionalTransitive() {
            return (flags & (FLAG_OPTIONAL | FLAG_TRANSITIVE)) == (FLAG_OPTIONAL | FLAG_TRANSITIVE);
        }

        /** This attribute with the Partial bit set. */
        public Unknown withPartial() {
            return new Unknown(flags | FLAG_PARTIAL, typeCode, value);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown u && u.flags == flags && u.typeCode == typeCode && Arrays.equals(u.value, value);
        }

        @Override
        public int hashCode() {
            return (flags * 31 + typeCode) * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Unknown[flags=0x" + Integer.toHexString(flags) + ", type=" + typeCode
                    + ", value=" + HexFormat.of().formatHex(value) + "]";
        }
    }

    private static void requireSupported(AddressFamily family) {
        if (!family.isSupported()) {
            throw new IllegalArgumentException("address family " + family + " is not carried (IPv4/IPv6 unicast only)");
        }
    }

    private static void requireFamily(AddressFamily family, List<IpPrefix> prefixes) {
        boolean v6 = family.equals(AddressFamily.IPV6_UNICAST);
        for (IpPrefix p : prefixes) {
            if (p.isIpv6() != v6) {
                throw new IllegalArgumentException("prefix " + p + " is not of " + family);
            }
        }
    }

    private static void checkU32(long v) {
        if (v < 0 || v > 0xffffffffL) {
            throw new IllegalArgumentException("value out of 32-bit range: " + v);
        }
    }
}
