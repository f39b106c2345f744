package dev.weft.model.sync;

import dev.weft.model.ipset.IpSet;
import dev.weft.model.ipset.IpSetMember;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The changes that turn one {@link DesiredState} into another, in <strong>delivery order</strong>
 * (the contract every consumer may rely on, after Calico's EventSequencer flush order):
 * <ol>
 *   <li>{@link DesiredStateUpdate.IpSetUpdate} — new and changed sets;
 *   <li>{@link DesiredStateUpdate.PolicyChainUpdate} — new and changed policy chains;
 *   <li>{@link DesiredStateUpdate.EndpointChainUpdate} — new and changed endpoint chains;
 *   <li>{@link DesiredStateUpdate.EndpointUpdate} — new and changed endpoints;
 *   <li>{@link DesiredStateUpdate.EndpointRemove}, then {@link DesiredStateUpdate.EndpointChainRemove},
 *       then {@link DesiredStateUpdate.PolicyChainRemove}, then {@link DesiredStateUpdate.IpSetRemove}
 *       — removals in the reverse order.
 * </ol>
 * Within each group, items are in key order. Applying the updates in order, every intermediate
 * state is referentially closed (nothing refers to something not yet created or already deleted).
 * Unchanged items produce no update.
 */
public final class DesiredStateDelta {
    private DesiredStateDelta() {}

    /** The updates from {@code from} to {@code to}, in delivery order; empty if they are equal. */
    public static List<DesiredStateUpdate> between(DesiredState from, DesiredState to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        List<DesiredStateUpdate> out = new ArrayList<>();
        to.ipSets().forEach((id, set) -> {
            IpSet old = from.ipSets().get(id);
            if (old == null) {
                out.add(new DesiredStateUpdate.IpSetUpdate(set, true, set.members(), List.of()));
            } else if (!old.equals(set)) {
                TreeSet<IpSetMember> added = new TreeSet<>(set.members());
                added.removeAll(old.members());
                TreeSet<IpSetMember> removed = new TreeSet<>(old.members());
                removed.removeAll(set.members());
                out.add(new DesiredStateUpdate.IpSetUpdate(set, false, List.copyOf(added), List.copyOf(removed)));
            }
        });
        changed(from.policyChains(), to.policyChains(), out, DesiredStateUpdate.PolicyChainUpdate::new);
        changed(from.endpointChains(), to.endpointChains(), out, DesiredStateUpdate.EndpointChainUpdate::new);
        changed(from.endpoints(), to.endpoints(), out, DesiredStateUpdate.EndpointUpdate::new);
        removed(from.endpoints(), to.endpoints(), out, DesiredStateUpdate.EndpointRemove::new);
        removed(from.endpointChains(), to.endpointChains(), out, DesiredStateUpdate.EndpointChainRemove::new);
        removed(from.policyChains(), to.policyChains(), out, DesiredStateUpdate.PolicyChainRemove::new);
        removed(from.ipSets(), to.ipSets(), out, DesiredStateUpdate.IpSetRemove::new);
        return List.copyOf(out);
    }

    private static <K, V> void changed(Map<K, V> from, Map<K, V> to, List<DesiredStateUpdate> out,
                                       java.util.function.Function<V, DesiredStateUpdate> update) {
        to.forEach((k, v) -> {
            if (!v.equals(from.get(k))) {
                out.add(update.apply(v));
            }
        });
    }

    private static <K, V> void removed(Map<K, V> from, Map<K, V> to, List<DesiredStateUpdate> out,
                                       java.util.function.Function<K, DesiredStateUpdate> remove) {
        from.keySet().forEach(k -> {
            if (!to.containsKey(k)) {
                out.add(remove.apply(k));
            }
        });
    }
}
