package dev.weft.dataplane.iptables.ipset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The reconciler of Weft's IP sets ({@code weft-*}) through an {@link IpSetPort} (Calico's
 * {@code ipsets.IPSets}, reduced). Two phases, so that the iptables transaction can run between
 * them ({@code DesiredStateDelta}'s delivery order):
 * <ol>
 *   <li>{@link #applyUpdates}: create missing sets and fix members of existing ones, all in one
 *       port call. Small changes are incremental {@code add}/{@code del}; a set that must grow
 *       beyond its {@code maxelem}, has the wrong type, or changes by more than the replacement
 *       threshold is rebuilt as {@code NAME-t} and {@link IpSetOp.Swap swapped} in, so the live set
 *       is never half-filled.
 *   <li>{@link #applyDeletions}: destroy Weft sets that are no longer wanted (after the rules that
 *       used them are gone; a still-referenced set cannot be destroyed and is retried later).
 * </ol>
 * Sets are sized explicitly: {@code maxelem = max(1024, next power of two ≥ 2 × members)},
 * {@code hashsize = max(1024, maxelem / 4)} — never ipset's default of 65536, past which a restore
 * fails half-way.
 *
 * <p>Remembers what it programmed; reads the kernel back on request, on first use and after any
 * failure. Not thread-safe: owned by the dataplane's apply thread.
 */
public final class IpSetManager {
    /** Prefix of every set Weft owns. */
    public static final String PREFIX = "weft-";
    /** Suffix of the temporary set of a replacement. */
    public static final String TEMP_SUFFIX = "-t";

    private final IpSetPort port;
    private final int replaceThreshold;
    private Map<String, KernelIpSet> known;
    private final List<String> lastDeleteFailures = new ArrayList<>();

    /**
     * @param port the kernel's sets
     * @param replaceThreshold a set whose member changes (adds + dels) exceed this many is rebuilt
     *     through a temporary set and swap instead of changed in place
     */
    public IpSetManager(IpSetPort port, int replaceThreshold) {
        this.port = Objects.requireNonNull(port, "port");
        if (replaceThreshold < 0) {
            throw new IllegalArgumentException("replaceThreshold < 0");
        }
        this.replaceThreshold = replaceThreshold;
    }

    /** {@code max(1024, next power of two ≥ 2 × members)}. */
    public static int maxelem(int members) {
        long want = Math.max(1024L, Long.highestOneBit(Math.max(1L, 2L * members) - 1) << 1);
        return (int) Math.min(want, 1 << 30);
    }

    /** {@code max(1024, maxelem / 4)}. */
    public static int hashsize(int maxelem) {
        return Math.max(1024, maxelem / 4);
    }

    /** Reads Weft's sets back from the kernel and remembers them. */
    public Map<String, KernelIpSet> readBack() {
        known = null;
        known = new HashMap<>(port.list(PREFIX));
        return Map.copyOf(known);
    }

    /**
     * Phase 1: makes every desired set exist with exactly its members.
     *
     * @param readBack read the kernel first (resync) instead of trusting memory
     * @return the number of ops issued (0: nothing to do, no port call)
     * @throws IpSetException if the port fails; the next call reads back first
     */
    public int applyUpdates(Map<String, DesiredKernelSet> desired, boolean readBack) {
        if (readBack || known == null) {
            readBack();
        }
        List<IpSetOp> ops = new ArrayList<>();
        Map<String, KernelIpSet> after = new HashMap<>();
        for (DesiredKernelSet d : desired.values()) {
            KernelIpSet k = known.get(d.name());
            int size = d.members().size();
            int maxelem = maxelem(size);
            if (k == null) {
                ops.add(new IpSetOp.Create(d.name(), d.type(), d.family(), hashsize(maxelem), maxelem));
                d.members().forEach(m -> ops.add(new IpSetOp.Add(d.name(), m)));
            } else if (k.members().size() == size && k.members().containsAll(d.members())
                    && k.type().equals(d.type().ipsetName()) && k.family().equals(d.family().ipsetName())) {
                continue; // Unchanged: the common case, decided without copying.
            } else {
                TreeSet<String> add = new TreeSet<>(d.members());
                add.removeAll(k.members());
                TreeSet<String> del = new TreeSet<>(k.members());
                del.removeAll(d.members());
                boolean wrongShape = !k.type().equals(d.type().ipsetName()) || !k.family().equals(d.family().ipsetName());
                if (add.isEmpty() && del.isEmpty() && !wrongShape) {
                    continue;
                }
                if (wrongShape || size > k.maxelem() || maxelem > k.maxelem() || add.size() + del.size() > replaceThreshold) {
                    String tmp = d.name() + TEMP_SUFFIX;
                    if (known.containsKey(tmp)) {
                        ops.add(new IpSetOp.Destroy(tmp));
                    }
                    ops.add(new IpSetOp.Create(tmp, d.type(), d.family(), hashsize(maxelem), maxelem));
                    d.members().forEach(m -> ops.add(new IpSetOp.Add(tmp, m)));
                    ops.add(new IpSetOp.Swap(tmp, d.name()));
                    ops.add(new IpSetOp.Destroy(tmp));
                    known.remove(tmp);
                } else {
                    del.forEach(m -> ops.add(new IpSetOp.Del(d.name(), m)));
                    add.forEach(m -> ops.add(new IpSetOp.Add(d.name(), m)));
                    maxelem = k.maxelem();
                }
            }
            after.put(d.name(), new KernelIpSet(d.name(), d.type().ipsetName(), d.family().ipsetName(), maxelem, d.members()));
        }
        if (ops.isEmpty()) {
            return 0;
        }
        try {
            port.execute(ops);
        } catch (RuntimeException e) {
            known = null;
            throw e;
        }
        known.putAll(after);
        return ops.size();
    }

    /**
     * Phase 3: destroys every Weft set not in {@code desired}. A set that cannot be destroyed (still
     * referenced by a rule) is left and reported by {@link #lastDeleteFailures()}; it is retried
     * on the next call.
     *
     * @return the number of sets destroyed
     */
    public int applyDeletions(Map<String, DesiredKernelSet> desired) {
        if (known == null) {
            readBack();
        }
        lastDeleteFailures.clear();
        List<IpSetOp> ops = new ArrayList<>();
        for (String name : new TreeSet<>(known.keySet())) {
            if (!desired.containsKey(name)) {
                ops.add(new IpSetOp.Destroy(name));
            }
        }
        if (ops.isEmpty()) {
            return 0;
        }
        try {
            port.execute(ops);
            ops.forEach(op -> known.remove(op.set()));
            return ops.size();
        } catch (IpSetException batchFailed) {
            // One of them is still in use: see what is left, then go one by one so the others still go.
            readBack();
            int done = 0;
            for (IpSetOp op : ops) {
                if (!known.containsKey(op.set())) {
                    done++;
                    continue;
                }
                try {
                    port.execute(List.of(op));
                    known.remove(op.set());
                    done++;
                } catch (IpSetException e) {
                    lastDeleteFailures.add(op.set() + ": " + e.getMessage());
                }
            }
            return done;
        }
    }

    /** Sets the last {@link #applyDeletions} could not destroy, with reasons. */
    public List<String> lastDeleteFailures() {
        return List.copyOf(lastDeleteFailures);
    }

    /** Forgets the known state: the next call reads back first. */
    public void invalidate() {
        known = null;
    }
}
