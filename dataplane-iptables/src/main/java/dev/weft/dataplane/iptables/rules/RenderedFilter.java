package dev.weft.dataplane.iptables.rules;

import dev.weft.model.ipset.IpFamily;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything Weft wants in the {@code filter} table of one address family: its own chains by name
 * and its jump rules in the built-in chains.
 *
 * @param family IPv4 (iptables) or IPv6 (ip6tables)
 * @param chains the {@code WEFT-*} chains by name
 * @param jumps the jump rules in built-in chains
 */
public record RenderedFilter(IpFamily family, SortedMap<String, RenderedChain> chains, List<JumpRule> jumps) {
    public RenderedFilter {
        Objects.requireNonNull(family, "family");
        chains = Collections.unmodifiableSortedMap(new TreeMap<>(chains));
        jumps = List.copyOf(jumps);
    }

    /**
     * The whole table as one {@code iptables-restore --noflush} input (every chain written), as a
     * fresh node would receive it; the golden form of the rendering.
     */
    public String fullRestoreInput() {
        RestoreInputBuilder b = new RestoreInputBuilder("filter");
        chains.values().forEach(c -> b.writeChain(c));
        jumps.forEach(b::insertJump);
        return b.build();
    }
}
