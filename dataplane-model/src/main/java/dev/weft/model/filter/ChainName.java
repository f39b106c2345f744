package dev.weft.model.filter;

import dev.weft.model.ipset.ContentHash;
import java.util.Objects;

/**
 * A Weft-owned iptables chain name: prefix {@code WEFT-}, at most {@value #MAX_LENGTH} characters
 * of {@code [A-Za-z0-9_-]} (iptables allows 28 usable characters).
 *
 * <p>Policy chains are {@code WEFT-PI-<hash>} (ingress) and {@code WEFT-PE-<hash>} (egress);
 * endpoint chains {@code WEFT-TO-<hash>} (to the endpoint: ingress) and {@code WEFT-FR-<hash>}
 * (from it: egress); {@code <hash>} is 16 base32 characters of SHA-256 of the owner's key
 * ({@code namespace/name}), so names are 24 characters and stable across restarts.
 *
 * @param value the chain name
 */
public record ChainName(String value) implements Comparable<ChainName> {
    /** Longest chain name iptables accepts. */
    public static final int MAX_LENGTH = 28;
    /** Prefix of every chain Weft owns. */
    public static final String PREFIX = "WEFT-";
    private static final int HASH_CHARS = 16;

    public ChainName {
        Objects.requireNonNull(value, "value");
        if (!value.startsWith(PREFIX) || value.length() > MAX_LENGTH
                || !value.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_')) {
            throw new IllegalArgumentException("invalid Weft chain name '" + value + "' (prefix " + PREFIX
                    + ", at most " + MAX_LENGTH + " characters of [A-Za-z0-9_-])");
        }
    }

    /** The chain holding the {@code direction} rules of policy {@code namespace/name}. */
    public static ChainName policy(String namespace, String name, Direction direction) {
        return new ChainName(PREFIX + (direction == Direction.INGRESS ? "PI-" : "PE-") + hash(namespace + "/" + name));
    }

    /** The {@code direction} chain of endpoint {@code namespace/name}. */
    public static ChainName endpoint(String namespace, String name, Direction direction) {
        return new ChainName(PREFIX + (direction == Direction.INGRESS ? "TO-" : "FR-") + hash(namespace + "/" + name));
    }

    private static String hash(String key) {
        return ContentHash.base32(key, HASH_CHARS).toUpperCase(java.util.Locale.ROOT);
    }

    @Override
    public int compareTo(ChainName o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
