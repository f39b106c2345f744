package dev.weft.netlink;

import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.net.Inet4Address;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * A map from IP prefixes to values that holds IPv4 prefixes without an object per entry: an
 * open-addressing table (linear probing, backward-shift deletion) of primitive keys
 * {@code (address & 0xffffffff) << 8 | length} — the same compact key as the BGP speaker's RIB
 * — and value references, ≈ 20 bytes per IPv4 entry at its load factor of at most 0.6 (against
 * ≈ 120 bytes for a {@code HashMap<IpPrefix, V>} entry with its key). IPv6 prefixes, rare in a
 * Weft FIB, go into an ordinary {@link HashMap}.
 *
 * <p>Values are never null. Not thread-safe. Iteration order is unspecified.
 *
 * @param <V> value type (share values between entries — e.g. one interned next-hop list for a
 *     million routes via one router — and an entry costs no object at all)
 */
public final class PrefixMap<V> {
    private static final long FREE = -1L; // no valid key has all 64 bits set (length is at most 32)

    private long[] keys;
    private Object[] values;
    private int v4Size;
    private final Map<IpPrefix, V> v6 = new HashMap<>();

    /** An empty map. */
    public PrefixMap() {
        allocate(16);
    }

    /** The compact key of an IPv4 prefix: {@code (address & 0xffffffff) << 8 | length}. */
    public static long ipv4Key(int address, int length) {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("IPv4 prefix length " + length + " out of range 0-32");
        }
        return (address & 0xffffffffL) << 8 | length;
    }

    /** The compact key of an IPv4 {@code prefix}. */
    public static long ipv4Key(IpPrefix prefix) {
        if (!prefix.isIpv4()) {
            throw new IllegalArgumentException(prefix + " is not IPv4");
        }
        return ipv4Key(IpAddresses.toInt((Inet4Address) prefix.address()), prefix.length());
    }

    /** The IPv4 prefix of a compact key (see {@link #ipv4Key(int, int)}). */
    public static IpPrefix ipv4Prefix(long key) {
        return IpPrefix.of(IpAddresses.fromIpv4Int((int) (key >>> 8)), (int) (key & 0xff));
    }

    /** The value of {@code prefix}, or null. */
    public V get(IpPrefix prefix) {
        return prefix.isIpv4() ? getIpv4(ipv4Key(prefix)) : v6.get(prefix);
    }

    /** The value of the IPv4 prefix with compact key {@code key}, or null. */
    @SuppressWarnings("unchecked")
    public V getIpv4(long key) {
        int i = slot(key);
        while (keys[i] != FREE) {
            if (keys[i] == key) {
                return (V) values[i];
            }
            i = (i + 1) & (keys.length - 1);
        }
        return null;
    }

    /** Sets {@code prefix}'s value; returns the previous one or null. */
    public V put(IpPrefix prefix, V value) {
        return prefix.isIpv4() ? putIpv4(ipv4Key(prefix), value) : v6.put(prefix, Objects.requireNonNull(value, "value"));
    }

    /** Sets the value of the IPv4 prefix with compact key {@code key}; returns the previous one or null. */
    @SuppressWarnings("unchecked")
    public V putIpv4(long key, V value) {
        Objects.requireNonNull(value, "value");
        if (key < 0 || (key & 0xff) > 32) {
            throw new IllegalArgumentException("not a compact IPv4 prefix key: " + key);
        }
        int i = slot(key);
        while (keys[i] != FREE) {
            if (keys[i] == key) {
                V old = (V) values[i];
                values[i] = value;
                return old;
            }
            i = (i + 1) & (keys.length - 1);
        }
        keys[i] = key;
        values[i] = value;
        if (++v4Size > keys.length * 3 / 5) {
            grow();
        }
        return null;
    }

    /** Removes {@code prefix}; returns its value or null. */
    public V remove(IpPrefix prefix) {
        return prefix.isIpv4() ? removeIpv4(ipv4Key(prefix)) : v6.remove(prefix);
    }

    /** Removes the IPv4 prefix with compact key {@code key}; returns its value or null. */
    @SuppressWarnings("unchecked")
    public V removeIpv4(long key) {
        int mask = keys.length - 1;
        int i = slot(key);
        while (keys[i] != FREE) {
            if (keys[i] == key) {
                V old = (V) values[i];
                // backward-shift deletion: move later entries of the probe run into the hole
                int hole = i;
                int j = (i + 1) & mask;
                while (keys[j] != FREE) {
                    int home = slot(keys[j]);
                    if (((j - home) & mask) >= ((j - hole) & mask)) {
                        keys[hole] = keys[j];
                        values[hole] = values[j];
                        hole = j;
                    }
                    j = (j + 1) & mask;
                }
                keys[hole] = FREE;
                values[hole] = null;
                v4Size--;
                return old;
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /** True if {@code prefix} has a value. */
    public boolean containsKey(IpPrefix prefix) {
        return get(prefix) != null;
    }

    /** Number of prefixes. */
    public int size() {
        return v4Size + v6.size();
    }

    /** True if there is no prefix. */
    public boolean isEmpty() {
        return size() == 0;
    }

    /** Removes every prefix and gives back the memory of a large table. */
    public void clear() {
        allocate(16);
        v4Size = 0;
        v6.clear();
    }

    /** Visits every IPv4 entry by compact key, without creating objects; do not modify the map meanwhile. */
    @SuppressWarnings("unchecked")
    public void forEachIpv4(Ipv4Visitor<? super V> visitor) {
        long[] k = keys;
        Object[] v = values;
        for (int i = 0; i < k.length; i++) {
            if (k[i] != FREE) {
                visitor.visit(k[i], (V) v[i]);
            }
        }
    }

    /** Visits every IPv6 entry; do not modify the map meanwhile. */
    public void forEachIpv6(BiConsumer<IpPrefix, ? super V> visitor) {
        v6.forEach(visitor);
    }

    /** Visits every entry (an {@link IpPrefix} is made for each IPv4 one); do not modify the map meanwhile. */
    public void forEach(BiConsumer<IpPrefix, ? super V> visitor) {
        forEachIpv4((k, v) -> visitor.accept(ipv4Prefix(k), v));
        v6.forEach(visitor);
    }

    /** Receives IPv4 entries of {@link #forEachIpv4}. */
    @FunctionalInterface
    public interface Ipv4Visitor<V> {
        /** One entry: compact key ({@link #ipv4Key(int, int)}) and value. */
        void visit(long key, V value);
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) & (keys.length - 1);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        java.util.Arrays.fill(keys, FREE);
        values = new Object[capacity];
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        allocate(oldKeys.length * 2);
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != FREE) {
                int j = slot(oldKeys[i]);
                while (keys[j] != FREE) {
                    j = (j + 1) & mask;
                }
                keys[j] = oldKeys[i];
                values[j] = oldValues[i];
            }
        }
    }
}
