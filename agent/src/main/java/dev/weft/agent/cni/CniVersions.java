package dev.weft.agent.cni;

import java.util.List;

/** The CNI spec versions Weft speaks, and version comparison (SemVer major.minor.patch). */
final class CniVersions {
    /** Supported versions, oldest first; the newest is answered when nothing else is known. */
    static final List<String> SUPPORTED = List.of("0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0");
    static final String NEWEST = "1.1.0";

    private CniVersions() {}

    static boolean supported(String v) {
        return SUPPORTED.contains(v);
    }

    /** Negative, zero or positive as {@code a} is older than, equal to or newer than {@code b}. */
    static int compare(String a, String b) {
        int[] x = parse(a);
        int[] y = parse(b);
        for (int i = 0; i < 3; i++) {
            if (x[i] != y[i]) {
                return Integer.compare(x[i], y[i]);
            }
        }
        return 0;
    }

    static boolean atLeast(String v, String min) {
        return compare(v, min) >= 0;
    }

    private static int[] parse(String v) {
        String[] p = v.split("\\.");
        int[] out = new int[3];
        for (int i = 0; i < 3 && i < p.length; i++) {
            out[i] = Integer.parseInt(p[i]);
        }
        return out;
    }

    /** The details text of an incompatible-version error, in libcni's wording. */
    static String incompatibleDetails(String configVersion) {
        StringBuilder b = new StringBuilder("config is \"").append(configVersion).append("\", plugin supports [");
        for (int i = 0; i < SUPPORTED.size(); i++) {
            b.append(i == 0 ? "" : " ").append('"').append(SUPPORTED.get(i)).append('"');
        }
        return b.append(']').toString();
    }
}
