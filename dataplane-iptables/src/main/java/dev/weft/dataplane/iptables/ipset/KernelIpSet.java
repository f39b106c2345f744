package dev.weft.dataplane.iptables.ipset;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A set as it is in the kernel (from {@code ipset save} or libipset's listing).
 *
 * @param name the set name
 * @param type the type as ipset names it, e.g. {@code hash:ip}
 * @param family {@code inet} or {@code inet6}
 * @param maxelem the set's maximum number of members
 * @param members the members in {@link MemberText#canonical canonical} text
 */
public record KernelIpSet(String name, String type, String family, int maxelem, Set<String> members) {
    public KernelIpSet {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(family, "family");
        members = Collections.unmodifiableSet(new TreeSet<>(members));
    }
}
