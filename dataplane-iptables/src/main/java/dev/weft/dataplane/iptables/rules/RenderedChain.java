package dev.weft.dataplane.iptables.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Weft-owned chain ready for {@code iptables-restore}: its name and rules with hashes.
 *
 * @param name chain name ({@code WEFT-*}, ≤ 28 characters)
 * @param rules the rules in order
 */
public record RenderedChain(String name, List<RenderedRule> rules) {
    public RenderedChain {
        Objects.requireNonNull(name, "name");
        rules = List.copyOf(rules);
    }

    /** The rules' hashes in order: what a read-back of an intact chain shows. */
    public List<String> hashes() {
        return rules.stream().map(RenderedRule::hash).toList();
    }

    /** Collects (spec, comment) pairs and hashes them into a chain. */
    static final class Builder {
        private final String name;
        private final List<String> specs = new ArrayList<>();
        private final List<String> comments = new ArrayList<>();

        Builder(String name) {
            this.name = name;
        }

        Builder add(String spec) {
            return add(spec, null);
        }

        Builder add(String spec, String comment) {
            specs.add(spec);
            comments.add(comment);
            return this;
        }

        RenderedChain build() {
            List<String> texts = new ArrayList<>(specs.size());
            for (int i = 0; i < specs.size(); i++) {
                texts.add(RenderedRule.hashInput(specs.get(i), comments.get(i)));
            }
            List<String> hashes = RuleHashes.of(name, texts);
            List<RenderedRule> rules = new ArrayList<>(specs.size());
            for (int i = 0; i < specs.size(); i++) {
                rules.add(new RenderedRule(specs.get(i), comments.get(i), hashes.get(i)));
            }
            return new RenderedChain(name, rules);
        }
    }
}
