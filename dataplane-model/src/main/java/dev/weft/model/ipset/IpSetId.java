package dev.weft.model.ipset;

import java.util.Objects;

/**
 * The identity of a desired IP set: a hash of the set's <em>definition</em> (what it selects, e.g.
 * "pods in namespace x matching pod=a"), not of its members, so membership can change without
 * renaming the set, and identical definitions in different policies share one set (as Calico's
 * {@code IPSetData.UniqueID}).
 *
 * <p>Kernel names: {@code weft-4-<hash>} (IPv4) and {@code weft-6-<hash>} (IPv6), 27 characters,
 * leaving room for a 2-character temporary suffix within ipset's 31-character limit.
 *
 * @param hash 20 lower-case base32 characters (a–z, 2–7)
 */
public record IpSetId(String hash) implements Comparable<IpSetId> {
    /** Length of {@link #hash()}: 20 base32 characters = 100 bits of SHA-256. */
    public static final int HASH_LENGTH = 20;
    /** Prefix of every kernel set name Weft owns. */
    public static final String KERNEL_PREFIX = "weft-";

    public IpSetId {
        Objects.requireNonNull(hash, "hash");
        if (hash.length() != HASH_LENGTH || !hash.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) {
            throw new IllegalArgumentException("IP set hash must be " + HASH_LENGTH + " base32 characters: '" + hash + "'");
        }
    }

    /** The id of the set defined by {@code definition} (SHA-256, base32, first 20 characters). */
    public static IpSetId ofDefinition(String definition) {
        return new IpSetId(ContentHash.base32(definition, HASH_LENGTH));
    }

    /** The kernel set name for one family: {@code weft-4-<hash>} or {@code weft-6-<hash>} (27 characters). */
    public String kernelName(IpFamily family) {
        return KERNEL_PREFIX + (family == IpFamily.V4 ? "4-" : "6-") + hash;
    }

    @Override
    public int compareTo(IpSetId o) {
        return hash.compareTo(o.hash);
    }

    @Override
    public String toString() {
        return hash;
    }
}
