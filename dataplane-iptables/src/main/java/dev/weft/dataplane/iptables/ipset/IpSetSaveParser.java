package dev.weft.dataplane.iptables.ipset;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Parses ipset's save format ({@code ipset save}, {@code ipset list -o save}): {@code create NAME
 * TYPE [family F] [hashsize H] [maxelem M] ...} and {@code add NAME MEMBER [options]} lines.
 */
final class IpSetSaveParser {
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private IpSetSaveParser() {}

    /**
     * The sets named with {@code prefix}.
     *
     * @throws IpSetException on a line that is neither create nor add, or an add to an unknown set
     */
    static Map<String, KernelIpSet> parse(String save, String prefix) {
        Map<String, String[]> headers = new LinkedHashMap<>();
        Map<String, Set<String>> members = new HashMap<>();
        for (String line : save.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] w = SPACES.split(line.trim(), 3);
            if (w.length < 2 || !w[1].startsWith(prefix)) {
                continue;
            }
            switch (w[0]) {
                case "create" -> {
                    headers.put(w[1], w.length > 2 ? SPACES.split(w[2]) : new String[0]);
                    members.put(w[1], new TreeSet<>());
                }
                case "add" -> {
                    Set<String> m = members.get(w[1]);
                    if (m == null || w.length < 3) {
                        throw new IpSetException("ipset save: add before create or without member: " + line);
                    }
                    try {
                        m.add(MemberText.canonical(w[2]));
                    } catch (IllegalArgumentException e) {
                        throw new IpSetException("ipset save: unreadable member in: " + line, e);
                    }
                }
                default -> throw new IpSetException("ipset save: unexpected line: " + line);
            }
        }
        Map<String, KernelIpSet> out = new TreeMap<>();
        headers.forEach((name, h) -> {
            String type = h.length > 0 ? h[0] : "";
            String family = "inet";
            int maxelem = 65536;
            for (int i = 1; i + 1 < h.length; i++) {
                if (h[i].equals("family")) {
                    family = h[i + 1];
                } else if (h[i].equals("maxelem")) {
                    maxelem = Integer.parseInt(h[i + 1]);
                }
            }
            out.put(name, new KernelIpSet(name, type, family, maxelem, members.get(name)));
        });
        return out;
    }
}
