package dev.weft.bgp.rib;

import dev.weft.bgp.wire.Ipv4Prefixes;
import dev.weft.common.net.IpPrefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The prefixes of one family touched by a batch of RIB changes, in first-touch order, each with
 * its Loc-RIB state before the batch ({@link LocRib.Snapshot}). IPv4 prefixes are held as compact
 * keys ({@link Ipv4Prefixes#key}): membership is a primitive {@link LongTable}, the order a
 * {@code long[]}, so a table load of a million prefixes creates no object per prefix (new
 * prefixes share {@link LocRib.Snapshot#NONE}). IPv6 prefixes use a hash map. The snapshots are
 * kept in touch order too, so {@link #before(int)} costs no lookup.
 */
final class Touched {
    private final boolean ipv4;
    private final LongTable<Boolean> seen4;
    private final Map<IpPrefix, Boolean> seen6;
    private long[] keys;
    private final List<IpPrefix> prefixes6;
    private LocRib.Snapshot[] before = new LocRib.Snapshot[16];
    private int size;

    Touched(boolean ipv4) {
        this.ipv4 = ipv4;
        this.seen4 = ipv4 ? new LongTable<>() : null;
        this.seen6 = ipv4 ? null : new HashMap<>();
        this.keys = ipv4 ? new long[16] : null;
        this.prefixes6 = ipv4 ? null : new ArrayList<>();
    }

    /** Records IPv4 key {@code key} with its state before, unless it is there already; true if new. */
    boolean add(long key, LocRib.Snapshot snapshot) {
        if (seen4.putIfAbsent(key, Boolean.TRUE) != null) {
            return false;
        }
        if (size == keys.length) {
            keys = java.util.Arrays.copyOf(keys, size * 2);
        }
        keys[size] = key;
        append(snapshot);
        return true;
    }

    /** Records {@code p} with its state before, unless it is there already; true if new. */
    boolean add(IpPrefix p, LocRib.Snapshot snapshot) {
        if (ipv4) {
            return add(PrefixTable.ipv4Key(p), snapshot);
        }
        if (seen6.putIfAbsent(p, Boolean.TRUE) != null) {
            return false;
        }
        prefixes6.add(p);
        append(snapshot);
        return true;
    }

    private void append(LocRib.Snapshot snapshot) {
        if (size == before.length) {
            before = java.util.Arrays.copyOf(before, size * 2);
        }
        before[size++] = snapshot;
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

    boolean isEmpty() {
        return size == 0;
    }

    boolean ipv4() {
        return ipv4;
    }
}
