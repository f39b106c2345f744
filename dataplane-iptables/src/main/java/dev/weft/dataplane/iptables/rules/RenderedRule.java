package dev.weft.dataplane.iptables.rules;

import java.util.Objects;

/**
 * One rule ready for {@code iptables-restore}: the match-and-target text, an optional human comment
 * and its {@link RuleHashes position-chained hash}.
 *
 * @param spec matches and target, e.g. {@code -p tcp --dport 80 -g WEFT-ALLOW}
 * @param comment a human-readable comment (e.g. the NetworkPolicy rule it came from) or null
 * @param hash the rule's hash in its chain
 */
public record RenderedRule(String spec, String comment, String hash) {
    public RenderedRule {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(hash, "hash");
    }

    /**
     * The rule's text after {@code -A CHAIN}: the hash comment, then the human comment, then the
     * spec, e.g. {@code -m comment --comment "weft:Ab3..." -m comment --comment "x/p ingress[0]" -p tcp ...}.
     */
    public String restoreText() {
        StringBuilder b = new StringBuilder("-m comment --comment \"").append(RuleHashes.COMMENT_PREFIX).append(hash).append('"');
        if (comment != null) {
            b.append(" -m comment --comment \"").append(comment).append('"');
        }
        return b.append(' ').append(spec).toString();
    }

    /** The text that is hashed: spec plus comment. */
    static String hashInput(String spec, String comment) {
        return comment == null ? spec : spec + " #" + comment;
    }
}
