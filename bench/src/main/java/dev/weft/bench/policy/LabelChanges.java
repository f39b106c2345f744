package dev.weft.bench.policy;

import dev.weft.dataplane.iptables.IptablesDataplane;
import dev.weft.model.ipset.IpFamily;
import dev.weft.model.sync.DesiredState;
import dev.weft.model.sync.DesiredStateDelta;
import dev.weft.model.sync.DesiredStateUpdate;
import dev.weft.policy.calc.PolicyEngine;
import dev.weft.policy.input.LocalEndpointInfo;
import dev.weft.policy.input.PodInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Pod label change end to end on a node whose kernel holds the full desired state: replace
 * the Pod's labels in the cluster state → {@link PolicyEngine#compute} (full recompute) → {@link
 * IptablesDataplane#apply} (incremental: only changed set members and chains are written). The
 * apply is synchronous, so when it returns the kernel holds the change; after the timed part every
 * change is checked in the kernel ({@code ipset test} of each added/removed member, and the whole
 * IPv4 filter table's rule hashes against the rendering).
 *
 * <p>The change flips label {@code app} to {@code moved} (the Pod leaves every selector naming its
 * app) and then back (it enters them again). A flip that changes nothing in the desired state
 * (no policy of this node depends on that Pod's app) is not counted; the next Pod is tried.
 */
final class LabelChanges {
    private final SyntheticCluster cluster;
    private final List<PodInfo> pods;
    private final List<LocalEndpointInfo> endpoints;
    private final IptablesDataplane dp;
    private final Netns ns;
    private DesiredState current;

    /** What one counted change did: times in ms and the size of the delta. */
    record Change(String pod, String kind, double computeMs, double applyMs, double totalMs, int setUpdates, int setsCreated, int setsRemoved,
                  int membersAdded, int membersRemoved, int chainUpdates, int ipSetOps, List<String> restoredFamilies, int membersTested, double checkMs) {}

    LabelChanges(SyntheticCluster cluster, IptablesDataplane dp, Netns ns, DesiredState applied) {
        this.cluster = cluster;
        this.pods = new ArrayList<>(cluster.pods);
        this.endpoints = cluster.localEndpoints();
        this.dp = dp;
        this.ns = ns;
        this.current = applied;
    }

    /**
     * Runs leave/enter flips on Pods matching {@code local} (on the benchmarked node or not), in a
     * fixed order starting at Pod index {@code start}, until {@code count} changes have been counted.
     */
    List<Change> run(boolean local, int count, int start) {
        List<Change> out = new ArrayList<>();
        for (int k = 0; k < pods.size() && out.size() < count; k++) {
            int i = (start + k * 37) % pods.size();
            PodInfo original = pods.get(i);
            if (local != cluster.localNode.equals(original.nodeName())) {
                continue;
            }
            Map<String, String> moved = new LinkedHashMap<>(original.labels());
            moved.put("app", "moved");
            Change leave = change(i, moved, local ? "local leave" : "remote leave");
            if (leave == null) {
                pods.set(i, original);
                continue;
            }
            out.add(leave);
            Change enter = change(i, original.labels(), local ? "local enter" : "remote enter");
            if (enter == null) {
                throw new IllegalStateException("restoring " + original.ref() + "'s labels changed nothing");
            }
            out.add(enter);
        }
        return out;
    }

    private Change change(int index, Map<String, String> labels, String kind) {
        PodInfo old = pods.get(index);
        long t0 = System.nanoTime();
        pods.set(index, new PodInfo(old.namespace(), old.name(), labels, old.ips(), old.nodeName(), old.containerPorts()));
        DesiredState next = PolicyEngine.compute(cluster.state(pods), endpoints).desiredState();
        double compute = Stats.ms(t0);
        long t1 = System.nanoTime();
        if (next.equals(current)) {
            return null;
        }
        IptablesDataplane.ApplyResult r = dp.apply(next);
        double apply = Stats.ms(t1);
        double total = Stats.ms(t0);
        long tc = System.nanoTime();
        List<DesiredStateUpdate> delta = DesiredStateDelta.between(current, next);
        current = next;
        int sets = 0;
        int created = 0;
        int destroyed = 0;
        int added = 0;
        int removed = 0;
        int chains = 0;
        for (DesiredStateUpdate u : delta) {
            if (u instanceof DesiredStateUpdate.IpSetUpdate s) {
                sets++;
                created += s.created() ? 1 : 0;
                added += s.added().size();
                removed += s.removed().size();
            } else if (u instanceof DesiredStateUpdate.IpSetRemove) {
                destroyed++;
            } else {
                chains++;
            }
        }
        int tested = KernelCheck.members(ns, delta);
        KernelCheck.filterMatches(ns, dp.backend(), IpFamily.V4, dp.render(next, IpFamily.V4));
        return new Change(old.ref().toString(), kind, compute, apply, total, sets, created, destroyed, added, removed, chains, r.ipSetOps(),
                r.restoredFamilies().stream().map(IpFamily::name).toList(), tested, Stats.ms(tc));
    }
}
