package dev.weft.bgp.rib;

import java.util.Arrays;

/**
 * An open-addressing hash map from {@code long} to object (linear probing, Fibonacci hashing,
 * backward-shift deletion, load factor ≤ 0.6): a million entries take two arrays (≈ 20–27 bytes
 * an entry) and no per-entry objects. Used for the compact IPv4 prefix keys, whose raw values
 * share their low bits (all /32s, or all /24s) and defeat hash maps that index by low bits.
 * Not thread-safe. Values must not be null.
 *
 * @param <V> value type
 */
final class LongTable<V> {
    /** 2^64 / φ: multiplying by it spreads every key bit into the high bits used as the index. */
    private static final long PHI = 0x9E3779B97F4A7C15L;

    /**
     * Per-table salt mixed into the hash: keys copied from one table into another in slot order
     * (a whole Loc-RIB exported into an empty Adj-RIB-Out) would otherwise arrive sorted by their
     * target slot and pile up into one long run (the classic linear-probing copy pathology).
     */
    private final long salt = java.util.concurrent.ThreadLocalRandom.current().nextLong();
    private long[] keys;
    private Object[] values;
    private int shift;
    private int size;

    LongTable() {
        allocate(16);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new Object[capacity];
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
    }

    private int slot(long key) {
        return (int) (((key ^ salt) * PHI) >>> shift);
    }

    /** The slot holding {@code key}, else the empty slot ending its run (where it would go). */
    private int probe(long key) {
        int mask = keys.length - 1;
        int i = slot(key);
        while (values[i] != null && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /**
     * Reads the home slot of {@code key} and returns something derived from it, so that a loop
     * over many keys issues their cache misses back to back (the CPU overlaps independent loads)
     * before the real lookups, which then find the lines in cache. The caller must use the result
     * (e.g. keep a running XOR in a field), or the JIT drops the loads.
     */
    long touch(long key) {
        int i = slot(key);
        return keys[i] ^ (values[i] == null ? 0 : 1);
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        return (V) values[probe(key)];
    }

    V put(long key, V value) {
        return put(key, value, true);
    }

    /** Puts {@code value} unless {@code key} is there; returns the value already there, else null. */
    V putIfAbsent(long key, V value) {
        return put(key, value, false);
    }

    @SuppressWarnings("unchecked")
    private V put(long key, V value, boolean replace) {
        int i = probe(key);
        Object old = values[i];
        if (old == null) {
            keys[i] = key;
            values[i] = value;
            if (++size > keys.length * 3 / 5) {
                grow();
            }
        } else if (replace) {
            values[i] = value;
        }
        return (V) old;
    }

    @SuppressWarnings("unchecked")
    V remove(long key) {
        int mask = keys.length - 1;
        int i = probe(key);
        if (values[i] == null) {
            return null;
        }
        V old = (V) values[i];
        // backward-shift deletion: move later entries of the run into the hole when their home allows
        int hole = i;
        for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int home = slot(keys[j]);
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        values[hole] = null;
        size--;
        return old;
    }

    int size() {
        return size;
    }

    /** Calls {@code action} for each entry; the table must not change meanwhile. */
    @SuppressWarnings("unchecked")
    void forEach(LongObjectConsumer<V> action) {
        long[] k = keys;
        Object[] v = values;
        for (int i = 0; i < v.length; i++) {
            if (v[i] != null) {
                action.accept(k[i], (V) v[i]);
            }
        }
    }

    /** A (long, object) consumer. */
    @FunctionalInterface
    interface LongObjectConsumer<V> {
        void accept(long key, V value);
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        allocate(oldKeys.length * 2);
        int mask = keys.length - 1;
        for (int j = 0; j < oldValues.length; j++) {
            if (oldValues[j] != null) {
                int i = slot(oldKeys[j]);
                while (values[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
        Arrays.fill(oldValues, null);
    }
}
