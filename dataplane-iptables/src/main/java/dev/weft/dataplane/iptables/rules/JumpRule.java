package dev.weft.dataplane.iptables.rules;

import java.util.Objects;

/**
 * A rule Weft keeps in a built-in chain of the filter table ({@code INPUT}, {@code FORWARD},
 * {@code OUTPUT}) to send traffic into its own top-level chain; inserted at position 1
 * ({@code -I CHAIN 1}) when missing.
 *
 * @param chain the built-in chain
 * @param spec the rule's spec without comments, e.g. {@code -j WEFT-FORWARD}
 * @param hash the rule's hash (of chain and spec)
 */
public record JumpRule(String chain, String spec, String hash) {
    public JumpRule {
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(hash, "hash");
    }

    /** The jump to {@code target} from built-in {@code chain}. */
    static JumpRule to(String chain, String target) {
        String spec = "-j " + target;
        return new JumpRule(chain, spec, RuleHashes.of(chain, java.util.List.of(spec)).get(0));
    }

    /** The text after {@code -I CHAIN 1}: hash comment, then spec. */
    public String restoreText() {
        return "-m comment --comment \"" + RuleHashes.COMMENT_PREFIX + hash + "\" " + spec;
    }
}
