package dev.weft.bgp.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Operations on AS paths held as segment lists: selection length, loop detection, prepending,
 * and the AS_PATH/AS4_PATH reconstruction of RFC 6793 §4.2.3.
 */
public final class AsPaths {
    private AsPaths() {}

    /** Path length for best-path selection (RFC 4271 §9.1.2.2 a): AS_SET counts 1, confederation segments 0. */
    public static int selectionLength(List<AsPathSegment> path) {
        int n = 0;
        for (AsPathSegment s : path) {
            n += s.selectionLength();
        }
        return n;
    }

    /** All AS numbers of the path in order (sets included as listed). */
    public static List<Long> flatten(List<AsPathSegment> path) {
        List<Long> out = new ArrayList<>();
        for (AsPathSegment s : path) {
            out.addAll(s.asns());
        }
        return List.copyOf(out);
    }

    /** True if {@code asn} appears anywhere in the path (RFC 4271 §9.1.2 loop detection). */
    public static boolean contains(List<AsPathSegment> path, long asn) {
        for (AsPathSegment s : path) {
            if (s.asns().contains(asn)) {
                return true;
            }
        }
        return false;
    }

    /** True if some AS number needs 4 octets (then a 2-octet peer gets AS_TRANS and an AS4_PATH). */
    public static boolean hasFourOctetAs(List<AsPathSegment> path) {
        for (AsPathSegment s : path) {
            for (long a : s.asns()) {
                if (a > 0xffff) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The path with {@code asn} prepended to the leading AS_SEQUENCE (or a new one) (RFC 4271 §5.1.2). */
    public static List<AsPathSegment> prepend(List<AsPathSegment> path, long asn) {
        List<AsPathSegment> out = new ArrayList<>(path.size() + 1);
        if (!path.isEmpty() && path.get(0).type() == AsPathSegment.Type.AS_SEQUENCE) {
            List<Long> seq = new ArrayList<>(path.get(0).asns().size() + 1);
            seq.add(asn);
            seq.addAll(path.get(0).asns());
            out.add(new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, seq));
            out.addAll(path.subList(1, path.size()));
        } else {
            out.add(new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, List.of(asn)));
            out.addAll(path);
        }
        return List.copyOf(out);
    }

    /**
     * Reconstructs the real path from a 2-octet speaker's AS_PATH and AS4_PATH (RFC 6793 §4.2.3):
     * if AS_PATH is shorter than AS4_PATH, AS4_PATH is ignored; otherwise the leading
     * {@code len(AS_PATH) - len(AS4_PATH)} ASes of AS_PATH are followed by AS4_PATH (lengths
     * counted as in §9.1.2.2 of RFC 4271).
     */
    public static List<AsPathSegment> merge(List<AsPathSegment> asPath, List<AsPathSegment> as4Path) {
        int keep = selectionLength(asPath) - selectionLength(as4Path);
        if (keep < 0 || as4Path.isEmpty()) {
            return asPath;
        }
        List<AsPathSegment> out = new ArrayList<>();
        for (AsPathSegment s : asPath) {
            if (keep <= 0) {
                break;
            }
            switch (s.type()) {
                case AS_SEQUENCE -> {
                    int take = Math.min(keep, s.asns().size());
                    out.add(new AsPathSegment(s.type(), s.asns().subList(0, take)));
                    keep -= take;
                }
                case AS_SET -> {
                    out.add(s);
                    keep -= 1;
                }
                default -> out.add(s);
            }
        }
        for (AsPathSegment s : as4Path) {
            appendMerging(out, s);
        }
        return List.copyOf(out);
    }

    private static void appendMerging(List<AsPathSegment> out, AsPathSegment s) {
        int last = out.size() - 1;
        if (last >= 0 && s.type() == AsPathSegment.Type.AS_SEQUENCE && out.get(last).type() == AsPathSegment.Type.AS_SEQUENCE) {
            List<Long> joined = new ArrayList<>(out.get(last).asns());
            joined.addAll(s.asns());
            out.set(last, new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, joined));
        } else {
            out.add(s);
        }
    }
}
