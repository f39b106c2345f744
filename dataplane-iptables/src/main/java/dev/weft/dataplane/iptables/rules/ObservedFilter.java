package dev.weft.dataplane.iptables.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Weft owns in a {@code filter} table, as read back from {@code iptables-save -t filter}
 * (Calico's {@code readHashesAndRulesFrom}): for each {@code WEFT-*} chain the list of rule hashes
 * (null for a rule without a {@code weft:} comment, which can only be someone else's edit), and the
 * {@code weft:}-commented rules of the built-in chains. Rule bodies are not parsed.
 *
 * @param chains hashes of the rules of each {@code WEFT-*} chain, in order
 * @param jumps the Weft-commented rules found in built-in chains, in order
 */
public record ObservedFilter(Map<String, List<String>> chains, List<SeenJump> jumps) {
    private static final Pattern HASH = Pattern.compile("--comment \"?" + Pattern.quote(RuleHashes.COMMENT_PREFIX) + "([A-Za-z0-9_-]+)\"?");
    private static final Set<String> BUILT_IN = Set.of("INPUT", "FORWARD", "OUTPUT");
    /** Nothing Weft owns. */
    public static final ObservedFilter EMPTY = new ObservedFilter(Map.of(), List.of());

    public ObservedFilter {
        Map<String, List<String>> copy = new TreeMap<>();
        chains.forEach((k, v) -> copy.put(k, Collections.unmodifiableList(new ArrayList<>(v))));
        chains = Collections.unmodifiableMap(copy);
        jumps = List.copyOf(jumps);
    }

    /**
     * A Weft-commented rule in a built-in chain.
     *
     * @param chain the built-in chain
     * @param specAsSaved the text after {@code -A CHAIN} as saved (usable with {@code -D CHAIN})
     * @param hash the hash from its {@code weft:} comment
     */
    public record SeenJump(String chain, String specAsSaved, String hash) {
        public SeenJump {
            Objects.requireNonNull(chain, "chain");
            Objects.requireNonNull(specAsSaved, "specAsSaved");
            Objects.requireNonNull(hash, "hash");
        }
    }

    /**
     * Parses the output of {@code iptables-save -t filter} (either back end; IPv4 or IPv6).
     * Lines of other tables are ignored.
     */
    public static ObservedFilter parse(String save) {
        Map<String, List<String>> chains = new LinkedHashMap<>();
        List<SeenJump> jumps = new ArrayList<>();
        boolean inFilter = false;
        for (String line : save.split("\n")) {
            if (line.startsWith("*")) {
                inFilter = line.equals("*filter");
            } else if (!inFilter || line.startsWith("#")) {
                continue;
            } else if (line.startsWith(":")) {
                String name = line.substring(1).split(" ", 2)[0];
                if (name.startsWith("WEFT-")) {
                    chains.putIfAbsent(name, new ArrayList<>());
                }
            } else if (line.startsWith("-A ")) {
                String[] parts = line.split(" ", 3);
                String chain = parts[1];
                String rest = parts.length > 2 ? parts[2] : "";
                String hash = hashOf(rest);
                if (chain.startsWith("WEFT-")) {
                    chains.computeIfAbsent(chain, k -> new ArrayList<>()).add(hash);
                } else if (BUILT_IN.contains(chain) && hash != null) {
                    jumps.add(new SeenJump(chain, rest, hash));
                }
            }
        }
        return new ObservedFilter(chains, jumps);
    }

    /** The state that results from programming {@code desired} exactly. */
    public static ObservedFilter of(RenderedFilter desired) {
        Map<String, List<String>> chains = new LinkedHashMap<>();
        desired.chains().forEach((name, chain) -> chains.put(name, chain.hashes()));
        List<SeenJump> jumps = desired.jumps().stream()
                .map(j -> new SeenJump(j.chain(), j.restoreText(), j.hash())).toList();
        return new ObservedFilter(chains, jumps);
    }

    private static String hashOf(String ruleText) {
        Matcher m = HASH.matcher(ruleText);
        return m.find() ? m.group(1) : null;
    }
}
