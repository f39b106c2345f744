package dev.weft.bgp.rib;

import dev.weft.common.net.IpPrefix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Deterministic wire order of prefixes (ascending), cheap for large IPv4 lists (sorted on compact keys). */
final class PrefixOrder {
    private PrefixOrder() {}

    /** {@code prefixes} ascending (a new list). */
    static List<IpPrefix> sorted(List<IpPrefix> prefixes) {
        if (prefixes.size() < 2) {
            return prefixes;
        }
        boolean allIpv4 = true;
        for (IpPrefix p : prefixes) {
            allIpv4 &= p.isIpv4();
        }
        if (!allIpv4) {
            List<IpPrefix> out = new ArrayList<>(prefixes);
            out.sort(null);
            return out;
        }
        long[] keys = new long[prefixes.size()];
        boolean ordered = true;
        for (int i = 0; i < keys.length; i++) {
            keys[i] = PrefixTable.ipv4Key(prefixes.get(i));
            ordered &= i == 0 || keys[i - 1] <= keys[i];
        }
        if (ordered) {
            return prefixes;
        }
        Arrays.sort(keys);
        List<IpPrefix> out = new ArrayList<>(keys.length);
        for (long k : keys) {
            out.add(PrefixTable.ipv4Prefix(k));
        }
        return out;
    }
}
