package dev.weft.bgp.wire;

import java.util.List;
import java.util.Objects;

/**
 * One AS_PATH / AS4_PATH segment (RFC 4271 §4.3 b, RFC 5065 confederation types).
 *
 * <pre>
 * | segment type (1) | segment length in ASes (1) | ASes (2 or 4 octets each) ... |
 * </pre>
 *
 * @param type segment type
 * @param asns the AS numbers (1–255 of them on the wire; longer lists are split when encoding)
 */
public record AsPathSegment(Type type, List<Long> asns) {

    public AsPathSegment {
        Objects.requireNonNull(type, "type");
        asns = List.copyOf(asns);
        if (asns.isEmpty()) {
            throw new IllegalArgumentException("empty AS path segment");
        }
        for (long a : asns) {
            if (a < 0 || a > 0xffffffffL) {
                throw new IllegalArgumentException("AS number out of range: " + a);
            }
        }
    }

    /** An AS_SEQUENCE. */
    public static AsPathSegment sequence(Long... asns) {
        return new AsPathSegment(Type.AS_SEQUENCE, List.of(asns));
    }

    /** An AS_SET. */
    public static AsPathSegment set(Long... asns) {
        return new AsPathSegment(Type.AS_SET, List.of(asns));
    }

    /** Length of this segment for best-path selection (RFC 4271 §9.1.2.2 a): AS_SET 1, confederation 0. */
    public int selectionLength() {
        return switch (type) {
            case AS_SEQUENCE -> asns.size();
            case AS_SET -> 1;
            case AS_CONFED_SEQUENCE, AS_CONFED_SET -> 0;
        };
    }

    /** Segment types (RFC 4271 §4.3, RFC 5065 §3). */
    public enum Type {
        AS_SET(1),
        AS_SEQUENCE(2),
        AS_CONFED_SEQUENCE(3),
        AS_CONFED_SET(4);

        private final int code;

        Type(int code) {
            this.code = code;
        }

        /** The wire code. */
        public int code() {
            return code;
        }

        /** The type for a wire code, or null. */
        public static Type valueOf(int code) {
            return code >= 1 && code <= 4 ? values()[code - 1] : null;
        }
    }
}
