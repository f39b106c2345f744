package dev.weft.bgp.wire;

import java.net.Inet4Address;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A path attribute of an UPDATE (RFC 4271 §4.3, §5). Each is encoded as
 *
 * <pre>
 * | flags (1): O T P E 0000 | type code (1) | length (1, or 2 if E) | value |
 * </pre>
 *
 * with O = optional, T = transitive, P = partial, E = extended length.
 */
public sealed interface PathAttribute permits PathAttribute.Origin, PathAttribute.AsPath, PathAttribute.NextHop,
        PathAttribute.MultiExitDisc, PathAttribute.LocalPref, PathAttribute.AtomicAggregate,
        PathAttribute.Communities, PathAttribute.As4Path, PathAttribute.Unknown {

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
    /** MP_REACH_NLRI type code (RFC 4760; not carried, kept as {@link Unknown}). */
    int MP_REACH_NLRI = 14;
    /** MP_UNREACH_NLRI type code (RFC 4760; not carried, kept as {@link Unknown}). */
    int MP_UNREACH_NLRI = 15;
    /** AS4_PATH type code (RFC 6793). */
    int AS4_PATH = 17;
    /** AS4_AGGREGATOR type code (RFC 6793; kept as {@link Unknown}). */
    int AS4_AGGREGATOR = 18;

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
     * Any other attribute, kept as its flags and value bytes. Optional transitive ones are
     * passed on with the Partial bit set (RFC 4271 §5).
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

    private static void checkU32(long v) {
        if (v < 0 || v > 0xffffffffL) {
            throw new IllegalArgumentException("value out of 32-bit range: " + v);
        }
    }
}
