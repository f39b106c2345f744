package dev.weft.bgp.policy;

import dev.weft.bgp.rib.Path;
import dev.weft.bgp.wire.AsPathSegment;
import dev.weft.bgp.wire.AsPaths;
import dev.weft.bgp.wire.LargeCommunity;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A match condition of a policy {@link Statement}: a pure predicate over a {@link Path}.
 */
public sealed interface Condition {
    /** True if {@code path} matches. */
    boolean matches(Path path);

    /** True if the outcome can depend on the prefix (the RIB then cannot reuse results across prefixes). */
    default boolean looksAtPrefix() {
        return false;
    }

    /** The prefix is permitted by a prefix list (with ge/le). */
    record PrefixIn(PrefixList list) implements Condition {
        public PrefixIn {
            Objects.requireNonNull(list, "list");
        }

        @Override
        public boolean matches(Path path) {
            return list.permits(path.prefix());
        }

        @Override
        public boolean looksAtPrefix() {
            return true;
        }
    }

    /**
     * The AS path, as text, matches a regular expression (found anywhere, as Cisco/FRR do). The
     * text is the AS numbers in order separated by single spaces, an AS_SET written
     * {@code {a,b}}; {@code _} in the expression matches the start, the end, a space, a comma or
     * a brace — so {@code "_65001$"} means "originated by AS 65001" and {@code "^65002_"} means
     * "learned from AS 65002".
     *
     * @param regex the expression as written
     */
    record AsPathRegex(String regex) implements Condition {
        public AsPathRegex {
            Objects.requireNonNull(regex, "regex");
            compile(regex);
        }

        @Override
        public boolean matches(Path path) {
            return compile(regex).matcher(text(path.attributes().asPath())).find();
        }

        /** The AS path as matched: {@code "65002 65001 {65003,65004}"}. */
        public static String text(List<AsPathSegment> path) {
            StringBuilder b = new StringBuilder();
            for (AsPathSegment s : path) {
                boolean set = s.type() == AsPathSegment.Type.AS_SET;
                if (b.length() > 0) {
                    b.append(' ');
                }
                if (set) {
                    b.append('{');
                }
                for (int i = 0; i < s.asns().size(); i++) {
                    if (i > 0) {
                        b.append(set ? ',' : ' ');
                    }
                    b.append(s.asns().get(i));
                }
                if (set) {
                    b.append('}');
                }
            }
            return b.toString();
        }

        private static Pattern compile(String regex) {
            return Pattern.compile(regex.replace("_", "(?:^|$|[ ,{}])"));
        }
    }

    /** The AS path contains an AS (in any segment). */
    record AsPathContains(long asn) implements Condition {
        @Override
        public boolean matches(Path path) {
            return AsPaths.contains(path.attributes().asPath(), asn);
        }
    }

    /**
     * The route was originated by an AS: the last AS of the path when it ends in an AS_SEQUENCE;
     * an empty path (our own AS's routes) has origin AS {@code 0}.
     */
    record OriginAs(long asn) implements Condition {
        @Override
        public boolean matches(Path path) {
            List<AsPathSegment> p = path.attributes().asPath();
            if (p.isEmpty()) {
                return asn == 0;
            }
            AsPathSegment last = p.get(p.size() - 1);
            return last.type() == AsPathSegment.Type.AS_SEQUENCE && last.asns().get(last.asns().size() - 1) == asn;
        }
    }

    /** The AS path length as used in selection (an AS_SET counts 1, RFC 4271 §9.1.2.2 a) is in [min, max]. */
    record AsPathLength(int min, int max) implements Condition {
        public AsPathLength {
            if (min < 0 || max < min) {
                throw new IllegalArgumentException("need 0 <= min <= max: " + min + ", " + max);
            }
        }

        @Override
        public boolean matches(Path path) {
            int n = path.asPathLength();
            return n >= min && n <= max;
        }
    }

    /** The route carries any of the given COMMUNITIES values (RFC 1997; {@code asn << 16 | value}). */
    record CommunityAny(List<Long> communities) implements Condition {
        public CommunityAny {
            communities = List.copyOf(communities);
        }

        @Override
        public boolean matches(Path path) {
            for (Long c : communities) {
                if (path.attributes().communities().contains(c)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The route carries any of the given large communities (RFC 8092). */
    record LargeCommunityAny(List<LargeCommunity> communities) implements Condition {
        public LargeCommunityAny {
            communities = List.copyOf(communities);
        }

        @Override
        public boolean matches(Path path) {
            for (LargeCommunity c : communities) {
                if (path.attributes().largeCommunities().contains(c)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The route was learned from this neighbour address (locally originated routes have 0.0.0.0). */
    record Neighbor(java.net.InetAddress address) implements Condition {
        public Neighbor {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public boolean matches(Path path) {
            return path.source().address().equals(address);
        }
    }

    /** Parses a community {@code "asn:value"} (two 16-bit numbers) into its 32-bit value (RFC 1997). */
    static long community(String text) {
        String[] p = text.trim().split(":", -1);
        try {
            if (p.length == 2) {
                long hi = Long.parseLong(p[0]);
                long lo = Long.parseLong(p[1]);
                if (hi >= 0 && hi <= 0xffff && lo >= 0 && lo <= 0xffff) {
                    return hi << 16 | lo;
                }
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("community must be asn:value with 16-bit parts: '" + text + "'");
    }
}
