package dev.weft.bench.policy;

import dev.weft.dataplane.iptables.rules.IptablesBackend;
import dev.weft.model.ipset.IpFamily;
import dev.weft.model.ipset.IpSetMember;
import dev.weft.model.sync.DesiredStateUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a namespace's kernel back and compares it with what should be there: every {@code WEFT-*}
 * chain's rule hashes ({@code weft:<hash>} comments, in order) against a full restore input, the
 * number of {@code weft:} jump rules in the built-in chains, the number of {@code weft-*} sets, and
 * individual set members ({@code ipset test}). Throws {@link IllegalStateException} on the first
 * difference.
 */
final class KernelCheck {
    private static final Pattern HASH = Pattern.compile("weft:([A-Za-z0-9_-]{16})");

    private KernelCheck() {}

    /**
     * Rule hashes per {@code WEFT-*} chain in restore/save text; the jump rules of the built-in
     * chains are collected under the key {@code "<builtin jumps>"}.
     */
    static Map<String, List<String>> chainHashes(String text) {
        Map<String, List<String>> out = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith(":WEFT-")) {
                out.computeIfAbsent(line.substring(1, line.indexOf(' ')), k -> new ArrayList<>());
                continue;
            }
            if (!line.startsWith("-A ") && !line.startsWith("-I ")) {
                continue;
            }
            String chain = line.split(" ", 3)[1];
            Matcher m = HASH.matcher(line);
            if (!m.find()) {
                continue;
            }
            String key = chain.startsWith("WEFT-") ? chain : "<builtin jumps>";
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(m.group(1));
        }
        // Jumps are inserted (-I) in the restore input and listed (-A) by save: compare as a set.
        List<String> jumps = out.get("<builtin jumps>");
        if (jumps != null) {
            jumps.sort(null);
        }
        return out;
    }

    /** Number of rule lines ({@code -A}/{@code -I}) in restore text. */
    static long ruleLines(String text) {
        return text.lines().filter(l -> l.startsWith("-A ") || l.startsWith("-I ")).count();
    }

    /** Checks that {@code ns}'s filter table of {@code family} holds exactly the chains and rules of {@code expected}. */
    static void filterMatches(Netns ns, IptablesBackend backend, IpFamily family, String expected) {
        List<String> save = backend.saveCommand(family, "filter");
        String kernel = ns.exec(null, save.toArray(String[]::new));
        Map<String, List<String>> want = chainHashes(expected);
        Map<String, List<String>> got = chainHashes(kernel);
        if (!want.equals(got)) {
            List<String> diff = new ArrayList<>();
            for (String c : want.keySet()) {
                if (!want.get(c).equals(got.get(c))) {
                    diff.add(c);
                }
            }
            for (String c : got.keySet()) {
                if (!want.containsKey(c)) {
                    diff.add(c + " (unexpected)");
                }
            }
            throw new IllegalStateException(ns.name + " " + family + ": kernel filter table differs from the rendering in chains " + diff);
        }
    }

    /** Checks that {@code ns} has exactly {@code count} sets named {@code weft-*}. */
    static void setCount(Netns ns, int count) {
        long got = ns.exec(null, "ipset", "list", "-n").lines().filter(l -> l.startsWith("weft-")).count();
        if (got != count) {
            throw new IllegalStateException(ns.name + ": " + got + " weft-* sets in the kernel, expected " + count);
        }
    }

    /**
     * Checks every member change of {@code updates} with {@code ipset test}: added members are in
     * their kernel set, removed ones are not.
     *
     * @return the number of members tested
     */
    static int members(Netns ns, List<DesiredStateUpdate> updates) {
        int tested = 0;
        for (DesiredStateUpdate u : updates) {
            if (u instanceof DesiredStateUpdate.IpSetUpdate s) {
                tested += test(ns, s, s.added(), true) + test(ns, s, s.removed(), false);
            }
        }
        return tested;
    }

    private static int test(Netns ns, DesiredStateUpdate.IpSetUpdate s, List<IpSetMember> members, boolean present) {
        int tested = 0;
        for (IpSetMember m : members) {
            if (m instanceof IpSetMember.Net n && n.nomatch()) {
                continue; // "ipset test" of a nomatch entry answers the lookup, not the entry
            }
            tested++;
            IpFamily f = m.family();
            String set = s.set().id().kernelName(f);
            int rc = ns.status("ipset", "test", set, m.ipsetText());
            if ((rc == 0) != present) {
                throw new IllegalStateException(ns.name + ": member " + m.ipsetText() + " of " + set + " should be " + (present ? "present" : "absent"));
            }
        }
        return tested;
    }
}
