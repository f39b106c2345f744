package dev.weft.bgp.rib;

import dev.weft.bgp.wire.Ipv4Prefixes;
import dev.weft.common.net.IpPrefix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The prefixes of one family touched by a batch of RIB changes, in first-touch order, each with
 * its Loc-RIB state before the batch ({@link LocRib.Snapshot}) and its Loc-RIB table value now
 * (kept current by {@link LocRib#set}, so the best-path pass reads it here instead of looking the
 * prefix up again in the million-entry table). IPv4 prefixes are held as compact keys
 * ({@link Ipv4Prefixes#key}) with a primitive open-addressing index (key → position), so a table
 * load of a million prefixes creates no object per prefix (new prefixes share
 * {@link LocRib.Snapshot#NONE}). IPv6 prefixes use a hash map. Not thread-safe.
 */
final class Touched {
    /** 2^64 / φ (Fibonacci hashing, as {@link LongTable}). */
    private static final long PHI = 0x9E3779B97F4A7C15L;

    /** Touched prefixes above which {@link #clear} keeps nothing for reuse. */
    static final int REUSE_LIMIT = 1 << 18;

    private final boolean ipv4;
    /** IPv4: open-addressing index, slot → position + 1 (0 = empty), keys in {@link #keys}. */
    private int[] index4;
    private int shift;
    private final Map<IpPrefix, Integer> index6;
    private long[] keys;
    private final List<IpPrefix> prefixes6;
    private LocRib.Snapshot[] before = new LocRib.Snapshot[16];
    private Object[] after = new Object[16];
    private int size;

    Touched(boolean ipv4) {
        this.ipv4 = ipv4;
        this.index4 = ipv4 ? new int[32] : null;
        this.shift = 64 - 5;
        this.index6 = ipv4 ? null : new HashMap<>();
        this.keys = ipv4 ? new long[16] : null;
        this.prefixes6 = ipv4 ? null : new ArrayList<>();
    }

    /** The position of IPv4 key {@code key}, or -1 if it was not touched yet. */
    int indexOf(long key) {
        int mask = index4.length - 1;
        for (int s = slot(key); index4[s] != 0; s = (s + 1) & mask) {
            if (keys[index4[s] - 1] == key) {
                return index4[s] - 1;
            }
        }
        return -1;
    }

    /** The position of {@code p}, or -1 if it was not touched yet. */
    int indexOf(IpPrefix p) {
        if (ipv4) {
            return indexOf(PrefixTable.ipv4Key(p));
        }
        Integer i = index6.get(p);
        return i == null ? -1 : i;
    }

    /** Records IPv4 key {@code key} (not touched yet) with its state before; returns its position. */
    int add(long key, LocRib.Snapshot snapshot) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
        }
        keys[size] = key;
        if ((size + 1) * 2 > index4.length) {
            rehash(index4.length * 2);
        }
        place(key, size);
        return append(snapshot);
    }

    /** Records {@code p} (not touched yet) with its state before; returns its position. */
    int add(IpPrefix p, LocRib.Snapshot snapshot) {
        if (ipv4) {
            return add(PrefixTable.ipv4Key(p), snapshot);
        }
        index6.put(p, size);
        prefixes6.add(p);
        return append(snapshot);
    }

    private int slot(long key) {
        return (int) ((key * PHI) >>> shift);
    }

    private void place(long key, int position) {
        int mask = index4.length - 1;
        int s = slot(key);
        while (index4[s] != 0) {
            s = (s + 1) & mask;
        }
        index4[s] = position + 1;
    }

    private void rehash(int capacity) {
        index4 = new int[capacity];
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
        for (int i = 0; i < size; i++) {
            place(keys[i], i);
        }
    }

    private int append(LocRib.Snapshot snapshot) {
        if (size == before.length) {
            before = Arrays.copyOf(before, size * 2);
            after = Arrays.copyOf(after, size * 2);
        }
        before[size] = snapshot;
        return size++;
    }

    /** Number of touched prefixes. */
    int size() {
        return size;
    }

    /** The compact key of the {@code i}th touched prefix (IPv4 only). */
    long key(int i) {
        return keys[i];
    }

    /** The {@code i}th touched prefix (IPv4: built from its key). */
    IpPrefix prefix(int i) {
        return ipv4 ? Ipv4Prefixes.prefix(keys[i]) : prefixes6.get(i);
    }

    /** The state of the {@code i}th touched prefix before the batch. */
    LocRib.Snapshot before(int i) {
        return before[i];
    }

    /** The Loc-RIB table value of the {@code i}th touched prefix now (null = no candidate). */
    Object after(int i) {
        return after[i];
    }

    /** Sets the Loc-RIB table value of the {@code i}th touched prefix. */
    void after(int i, Object value) {
        after[i] = value;
    }

    /**
     * Empties this for the next batch, keeping its arrays; false when it held more than
     * {@link #REUSE_LIMIT} prefixes (then it is left as is, to be dropped: a rare huge batch, a
     * peer's whole table withdrawn at once, should not pin its arrays).
     */
    boolean clear() {
        if (size > REUSE_LIMIT) {
            return false;
        }
        if (ipv4) {
            Arrays.fill(index4, 0);
        } else {
            index6.clear();
            prefixes6.clear();
        }
        Arrays.fill(before, 0, size, null);
        Arrays.fill(after, 0, size, null);
        size = 0;
        return true;
    }

    boolean isEmpty() {
        return size == 0;
    }

    boolean ipv4() {
        return ipv4;
    }
}
