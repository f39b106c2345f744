package dev.weft.bgp.rib;

import dev.weft.common.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;

/**
 * The prefixes of one family touched by a batch of RIB changes, in first-touch order, each with
 * its Loc-RIB state before the batch ({@link LocRib.Snapshot}). Membership is a primitive
 * {@link LongTable} on the compact prefix key (IPv4) or on the prefix itself (IPv6: a
 * {@link PrefixTable}), so a table load of a million prefixes costs a slot and a list reference per
 * prefix, not a hash-map entry; the prefixes unchanged before keep one shared snapshot.
 */
final class Touched {
    private final PrefixTable<LocRib.Snapshot> before;
    private final List<IpPrefix> order = new ArrayList<>();

    Touched(boolean ipv4) {
        this.before = PrefixTable.create(ipv4);
    }

    /** True if {@code p} was touched already. */
    boolean contains(IpPrefix p) {
        return before.get(p) != null;
    }

    /** Records {@code p} with its state before, if it is not there yet. */
    void add(IpPrefix p, LocRib.Snapshot snapshot) {
        if (before.put(p, snapshot) == null) {
            order.add(p);
        }
    }

    /** The touched prefixes in first-touch order. */
    List<IpPrefix> prefixes() {
        return order;
    }

    /** The state of touched prefix {@code p} before the batch. */
    LocRib.Snapshot before(IpPrefix p) {
        return before.get(p);
    }

    boolean isEmpty() {
        return order.isEmpty();
    }
}
