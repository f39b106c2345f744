package dev.weft.dataplane.iptables.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Position-chained rule hashes, after Calico's {@code generictables.RuleHashes}: the chain name is
 * hashed first, then each rule's rendered text is hashed together with the previous hash, so a
 * rule's hash depends on its chain, its text and every rule before it. The hash is written into the
 * rule as {@code -m comment --comment "weft:<hash>"}; reading back only these comments from
 * {@code iptables-save} tells whether a chain is exactly what was programmed.
 *
 * <p>Hash text: SHA-256, base64url without padding, first {@value #LENGTH} characters
 * ({@code [A-Za-z0-9_-]}, 96 bits).
 */
public final class RuleHashes {
    /** Characters per hash. */
    public static final int LENGTH = 16;
    /** The comment prefix that marks a rule as Weft's. */
    public static final String COMMENT_PREFIX = "weft:";

    private RuleHashes() {}

    /** The hashes of {@code ruleTexts} in chain {@code chain}, one per rule, in order. */
    public static List<String> of(String chain, List<String> ruleTexts) {
        MessageDigest sha = sha256();
        byte[] prev = sha.digest(chain.getBytes(StandardCharsets.UTF_8));
        List<String> out = new ArrayList<>(ruleTexts.size());
        for (String text : ruleTexts) {
            sha.reset();
            sha.update(prev);
            sha.update(text.getBytes(StandardCharsets.UTF_8));
            prev = sha.digest();
            out.add(Base64.getUrlEncoder().withoutPadding().encodeToString(prev).substring(0, LENGTH));
        }
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
