package dev.weft.bgp.wire;

import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * An immutable list of IPv4 prefixes held as compact keys, as the decoder reads the withdrawn
 * routes and NLRI fields of an UPDATE (RFC 4271 §4.3): one {@code long} per prefix, the 32
 * address bits then the 8 length bits ({@code address << 8 | length}; ascending keys = address
 * order, the same key the RIB's IPv4 tables use). A full table of 800 /32s per UPDATE so costs
 * 6.4 KB instead of 800 {@link IpPrefix} + {@code Inet4Address} objects; {@link #get} builds an
 * {@link IpPrefix} only when asked, and the RIB reads {@link #key} directly.
 *
 * <p>Equal to any {@link java.util.List} of the same prefixes in the same order.
 */
public final class Ipv4Prefixes extends AbstractList<IpPrefix> implements RandomAccess {
    private static final Ipv4Prefixes EMPTY = new Ipv4Prefixes(new long[0], 0);
    private final long[] keys;
    private final int size;

    private Ipv4Prefixes(long[] keys, int size) {
        this.keys = keys;
        this.size = size;
    }

    /** The empty list. */
    public static Ipv4Prefixes empty() {
        return EMPTY;
    }

    /**
     * The compact key of an IPv4 prefix: address bits (host bits must already be zero) then length.
     *
     * @param address the 32 address bits (network byte order as an int)
     * @param length prefix length 0–32
     */
    public static long key(int address, int length) {
        return (address & 0xffffffffL) << 8 | length;
    }

    /** The prefix of a compact key (allocates). */
    public static IpPrefix prefix(long key) {
        return new IpPrefix(IpAddresses.fromIpv4Int((int) (key >>> 8)), (int) (key & 0xff));
    }

    /** The compact key of prefix {@code i}, 0 ≤ i &lt; {@link #size()}. */
    public long key(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return keys[i];
    }

    @Override
    public IpPrefix get(int i) {
        return prefix(key(i));
    }

    @Override
    public int size() {
        return size;
    }

    /** Builds a list in order; {@link #build()} ends it. Not thread-safe. */
    public static final class Builder {
        private long[] keys;
        private int size;

        /** A builder with room for {@code expected} prefixes (it grows). */
        public Builder(int expected) {
            keys = new long[Math.max(4, expected)];
        }

        /** Appends a prefix by its compact key. */
        public Builder add(long key) {
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, keys.length * 2);
            }
            keys[size++] = key;
            return this;
        }

        /** Number of prefixes so far. */
        public int size() {
            return size;
        }

        /** The list (the builder must not be used afterwards). */
        public Ipv4Prefixes build() {
            return size == 0 ? EMPTY : new Ipv4Prefixes(keys, size);
        }
    }
}
