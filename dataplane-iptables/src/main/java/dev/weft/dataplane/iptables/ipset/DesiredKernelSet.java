package dev.weft.dataplane.iptables.ipset;

import dev.weft.model.ipset.IpFamily;
import dev.weft.model.ipset.IpSet;
import dev.weft.model.ipset.IpSetMember;
import dev.weft.model.ipset.IpSetType;
import dev.weft.model.sync.DesiredState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One kernel set Weft wants: a desired {@link IpSet} projected onto one address family.
 *
 * @param name {@link dev.weft.model.ipset.IpSetId#kernelName(IpFamily)}
 * @param type the set type
 * @param family the family
 * @param members canonical member texts ({@link MemberText})
 */
public record DesiredKernelSet(String name, IpSetType type, IpFamily family, SortedSet<String> members) {
    public DesiredKernelSet {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(family, "family");
        members = Collections.unmodifiableSortedSet(new TreeSet<>(members));
    }

    /**
     * Every kernel set of {@code state}: each desired set in both families (a rule of the other
     * family may name it even when it has no members of that family).
     */
    public static Map<String, DesiredKernelSet> of(DesiredState state) {
        Map<String, DesiredKernelSet> out = new TreeMap<>();
        for (IpSet set : state.ipSets().values()) {
            of(set).forEach(k -> out.put(k.name(), k));
        }
        return out;
    }

    /** The two kernel sets (IPv4, IPv6) of one desired set. */
    public static List<DesiredKernelSet> of(IpSet set) {
        List<DesiredKernelSet> out = new ArrayList<>(2);
        for (IpFamily f : IpFamily.values()) {
            TreeSet<String> m = new TreeSet<>();
            for (IpSetMember member : set.members(f)) {
                m.add(MemberText.canonical(member));
            }
            String name = set.id().kernelName(f);
            out.add(new DesiredKernelSet(name, set.type(), f, m));
        }
        return out;
    }
}
