package dev.weft.bench.policy;

import dev.weft.dataplane.iptables.exec.CommandResult;
import dev.weft.dataplane.iptables.ipset.DesiredKernelSet;
import dev.weft.dataplane.iptables.ipset.IpSetManager;
import dev.weft.dataplane.iptables.ipset.IpSetOp;
import dev.weft.dataplane.iptables.ipset.RestoreIpSetPort;
import dev.weft.dataplane.iptables.rules.IptablesBackend;
import dev.weft.model.ipset.IpFamily;
import dev.weft.model.sync.DesiredState;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The floor of a full apply: the same text the dataplane's renderer produces, loaded by the
 * tools alone into a fresh namespace — one {@code ipset restore} of every kernel set (both
 * families, sized like {@link IpSetManager} sizes them), then one {@code iptables-restore
 * --noflush} per family of the full filter rendering. Each tool runs through {@code ip netns exec}.
 */
final class Floor {
    final String ipsetText;
    final Map<IpFamily, String> filterText;
    final int kernelSets;
    final long ipsetMembers;

    Floor(DesiredState state, Map<IpFamily, String> filterText) {
        List<IpSetOp> ops = new ArrayList<>();
        Map<String, DesiredKernelSet> sets = DesiredKernelSet.of(state);
        long members = 0;
        for (DesiredKernelSet d : sets.values()) {
            int maxelem = IpSetManager.maxelem(d.members().size());
            ops.add(new IpSetOp.Create(d.name(), d.type(), d.family(), IpSetManager.hashsize(maxelem), maxelem));
            for (String m : d.members()) {
                ops.add(new IpSetOp.Add(d.name(), m));
            }
            members += d.members().size();
        }
        this.ipsetText = RestoreIpSetPort.render(ops);
        this.filterText = new EnumMap<>(filterText);
        this.kernelSets = sets.size();
        this.ipsetMembers = members;
    }

    /** Times of one load, in ms: {@code ipset}, {@code v4}, {@code v6}, {@code total}. */
    record Load(double ipset, double v4, double v6, double total) {}

    /** Loads everything into {@code ns} (which must be fresh) and times each tool. */
    Load load(Netns ns, IptablesBackend backend) {
        long t0 = System.nanoTime();
        Netns.check(ns.runner.run(List.of("ipset", "restore"), ipsetText));
        double ipset = Stats.ms(t0);
        double v4 = restore(ns, backend, IpFamily.V4);
        double v6 = filterText.containsKey(IpFamily.V6) ? restore(ns, backend, IpFamily.V6) : 0;
        return new Load(ipset, v4, v6, Stats.ms(t0));
    }

    private double restore(Netns ns, IptablesBackend backend, IpFamily family) {
        long t = System.nanoTime();
        CommandResult r = ns.runner.run(backend.restoreCommand(family), filterText.get(family));
        Netns.check(r);
        return Stats.ms(t);
    }
}
