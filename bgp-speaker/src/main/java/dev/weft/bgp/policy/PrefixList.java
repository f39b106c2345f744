package dev.weft.bgp.policy;

import dev.weft.common.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An ordered prefix list (the Cisco/FRR {@code ip prefix-list} model): the first entry whose
 * prefix covers the route's prefix and whose length range holds the route's length decides
 * (permit or deny); no matching entry = deny.
 *
 * @param entries the entries in order
 */
public record PrefixList(List<PrefixList.Entry> entries) {
    public PrefixList {
        entries = List.copyOf(entries);
    }

    /**
     * One entry: routes inside {@code prefix} whose length is in [{@code ge}, {@code le}].
     * Without ge/le only the exact length matches; {@code ge} alone means up to the family's
     * maximum; {@code le} alone means from the prefix's own length.
     *
     * @param prefix the covering prefix
     * @param ge the shortest matching length
     * @param le the longest matching length
     * @param permit permit (true) or deny
     */
    public record Entry(IpPrefix prefix, int ge, int le, boolean permit) {
        public Entry {
            Objects.requireNonNull(prefix, "prefix");
            int max = prefix.isIpv4() ? 32 : 128;
            if (ge < prefix.length() || le < ge || le > max) {
                throw new IllegalArgumentException("need " + prefix.length() + " <= ge <= le <= " + max + ": ge "
                        + ge + " le " + le + " for " + prefix);
            }
        }

        /** True if {@code p} is inside this entry's prefix with a length in range. */
        public boolean matches(IpPrefix p) {
            return p.isIpv4() == prefix.isIpv4() && p.length() >= ge && p.length() <= le && prefix.contains(p);
        }

        /**
         * Parses {@code [permit|deny] PREFIX [ge N] [le M]} (permit if the word is left out), e.g.
         * {@code "10.0.0.0/8 ge 24 le 32"}, {@code "deny 0.0.0.0/0"}.
         *
         * @throws IllegalArgumentException for anything else
         */
        public static Entry parse(String text) {
            String[] w = text.trim().split("\\s+");
            int i = 0;
            boolean permit = true;
            if (w[0].equals("permit") || w[0].equals("deny")) {
                permit = w[0].equals("permit");
                i++;
            }
            if (i >= w.length) {
                throw new IllegalArgumentException("prefix list entry without a prefix: '" + text + "'");
            }
            IpPrefix p = IpPrefix.parse(w[i++]);
            int max = p.isIpv4() ? 32 : 128;
            Integer ge = null;
            Integer le = null;
            while (i < w.length) {
                if (i + 1 >= w.length) {
                    throw new IllegalArgumentException("'" + w[i] + "' without a length in '" + text + "'");
                }
                int n;
                try {
                    n = Integer.parseInt(w[i + 1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad length '" + w[i + 1] + "' in '" + text + "'");
                }
                switch (w[i]) {
                    case "ge" -> ge = n;
                    case "le" -> le = n;
                    default -> throw new IllegalArgumentException("expected ge or le, got '" + w[i] + "' in '" + text + "'");
                }
                i += 2;
            }
            int g = ge != null ? ge : p.length();
            int l = le != null ? le : ge != null ? max : p.length();
            return new Entry(p, g, l, permit);
        }
    }

    /** A list of the given entries in text form ({@link Entry#parse}). */
    public static PrefixList of(String... entries) {
        List<Entry> out = new ArrayList<>();
        for (String e : entries) {
            out.add(Entry.parse(e));
        }
        return new PrefixList(out);
    }

    /** A list permitting exactly the given prefixes. */
    public static PrefixList exactly(java.util.Collection<IpPrefix> prefixes) {
        return new PrefixList(prefixes.stream().map(p -> new Entry(p, p.length(), p.length(), true)).toList());
    }

    /** True if the first matching entry permits {@code p}; false if it denies or none matches. */
    public boolean permits(IpPrefix p) {
        for (Entry e : entries) {
            if (e.matches(p)) {
                return e.permit();
            }
        }
        return false;
    }
}
