package dev.weft.dataplane.iptables;

import dev.weft.dataplane.iptables.ipset.IpSetException;
import dev.weft.dataplane.iptables.ipset.IpSetOp;
import dev.weft.dataplane.iptables.ipset.IpSetPort;
import dev.weft.dataplane.iptables.ipset.KernelIpSet;
import dev.weft.dataplane.iptables.ipset.MemberText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An in-memory kernel for {@link IpSetPort}, interpreting ops with the kernel's refusals: create of
 * an existing set, add of a present member, del of an absent one, add beyond maxelem, swap of a
 * missing set or of different types, destroy of a referenced set ({@link #referenced}). Stops at
 * the first failing op, keeping the ones before it (restore semantics). Records every batch.
 */
final class FakeIpSetPort implements IpSetPort {
    final Map<String, KernelIpSet> sets = new TreeMap<>();
    final Set<String> referenced = new HashSet<>();
    final List<List<IpSetOp>> batches = new ArrayList<>();
    int lists;

    @Override
    public Map<String, KernelIpSet> list(String prefix) {
        lists++;
        Map<String, KernelIpSet> out = new TreeMap<>();
        sets.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k, v);
            }
        });
        return out;
    }

    @Override
    public void execute(List<IpSetOp> ops) {
        batches.add(List.copyOf(ops));
        for (IpSetOp op : ops) {
            apply(op);
        }
    }

    private void apply(IpSetOp op) {
        if (op instanceof IpSetOp.Create c) {
            fail(sets.containsKey(c.set()), op, "set exists");
            sets.put(c.set(), new KernelIpSet(c.set(), c.type().ipsetName(), c.family().ipsetName(), c.maxelem(), Set.of()));
        } else if (op instanceof IpSetOp.Add a) {
            KernelIpSet s = existing(op);
            String m = MemberText.canonical(a.member());
            fail(s.members().contains(m), op, "already added");
            fail(s.members().size() >= s.maxelem(), op, "set is full");
            TreeSet<String> n = new TreeSet<>(s.members());
            n.add(m);
            sets.put(s.name(), new KernelIpSet(s.name(), s.type(), s.family(), s.maxelem(), n));
        } else if (op instanceof IpSetOp.Del d) {
            KernelIpSet s = existing(op);
            String m = MemberText.canonical(d.member());
            fail(!s.members().contains(m), op, "not added");
            TreeSet<String> n = new TreeSet<>(s.members());
            n.remove(m);
            sets.put(s.name(), new KernelIpSet(s.name(), s.type(), s.family(), s.maxelem(), n));
        } else if (op instanceof IpSetOp.Swap w) {
            KernelIpSet a = existing(op);
            KernelIpSet b = sets.get(w.other());
            fail(b == null, op, "second set missing");
            fail(!a.type().equals(b.type()), op, "type mismatch");
            sets.put(a.name(), new KernelIpSet(a.name(), b.type(), b.family(), b.maxelem(), b.members()));
            sets.put(b.name(), new KernelIpSet(b.name(), a.type(), a.family(), a.maxelem(), a.members()));
        } else if (op instanceof IpSetOp.Destroy d) {
            existing(op);
            fail(referenced.contains(d.set()), op, "set is in use");
            sets.remove(d.set());
        }
    }

    private KernelIpSet existing(IpSetOp op) {
        KernelIpSet s = sets.get(op.set());
        fail(s == null, op, "set does not exist");
        return s;
    }

    private static void fail(boolean cond, IpSetOp op, String why) {
        if (cond) {
            throw new IpSetException(op.restoreLine() + ": " + why);
        }
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public void close() {
    }
}
