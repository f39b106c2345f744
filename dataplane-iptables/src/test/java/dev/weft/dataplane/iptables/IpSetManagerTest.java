package dev.weft.dataplane.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.dataplane.iptables.ipset.DesiredKernelSet;
import dev.weft.dataplane.iptables.ipset.IpSetManager;
import dev.weft.dataplane.iptables.ipset.IpSetOp;
import dev.weft.dataplane.iptables.ipset.KernelIpSet;
import dev.weft.dataplane.iptables.ipset.MemberText;
import dev.weft.model.ipset.IpFamily;
import dev.weft.model.ipset.IpSetType;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The IP set reconciler against the in-memory kernel. */
class IpSetManagerTest {
    private final FakeIpSetPort port = new FakeIpSetPort();
    private final IpSetManager manager = new IpSetManager(port, 100);

    private static DesiredKernelSet set(String name, int from, int count) {
        TreeSet<String> m = new TreeSet<>();
        IntStream.range(from, from + count).forEach(i -> m.add("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)));
        return new DesiredKernelSet(name, IpSetType.HASH_IP, IpFamily.V4, m);
    }

    @Test
    void sizingIsExplicitAndNeverTheDefault() {
        assertThat(IpSetManager.maxelem(0)).isEqualTo(1024);
        assertThat(IpSetManager.maxelem(512)).isEqualTo(1024);
        assertThat(IpSetManager.maxelem(513)).isEqualTo(2048);
        assertThat(IpSetManager.maxelem(100_000)).isEqualTo(262_144);
        assertThat(IpSetManager.hashsize(262_144)).isEqualTo(65_536);
    }

    @Test
    void createsThenChangesIncrementallyThenDoesNothing() {
        manager.applyUpdates(Map.of("weft-a", set("weft-a", 0, 10)), false);
        assertThat(port.sets.get("weft-a").members()).hasSize(10);
        assertThat(port.sets.get("weft-a").maxelem()).isEqualTo(1024);
        int ops = manager.applyUpdates(Map.of("weft-a", set("weft-a", 5, 10)), false);
        assertThat(ops).isEqualTo(10);
        assertThat(port.batches.get(1)).allMatch(op -> op instanceof IpSetOp.Add || op instanceof IpSetOp.Del);
        assertThat(port.sets.get("weft-a").members()).isEqualTo(set("weft-a", 5, 10).members());
        assertThat(manager.applyUpdates(Map.of("weft-a", set("weft-a", 5, 10)), false)).isZero();
        assertThat(port.batches).hasSize(2);
    }

    @Test
    void bigChangesAndGrowthGoThroughATempSetAndSwap() {
        manager.applyUpdates(Map.of("weft-a", set("weft-a", 0, 10)), false);
        manager.applyUpdates(Map.of("weft-a", set("weft-a", 0, 3000)), false);
        assertThat(port.batches.get(1).get(0)).isEqualTo(new IpSetOp.Create("weft-a-t", IpSetType.HASH_IP, IpFamily.V4, 2048, 8192));
        assertThat(port.batches.get(1)).contains(new IpSetOp.Swap("weft-a-t", "weft-a"), new IpSetOp.Destroy("weft-a-t"));
        assertThat(port.sets).containsOnlyKeys("weft-a");
        assertThat(port.sets.get("weft-a").maxelem()).isEqualTo(8192);
        assertThat(port.sets.get("weft-a").members()).hasSize(3000);
    }

    @Test
    void aLeftoverTempSetIsDestroyedFirst() {
        port.sets.put("weft-a", new KernelIpSet("weft-a", "hash:ip", "inet", 1024, Set.of()));
        port.sets.put("weft-a-t", new KernelIpSet("weft-a-t", "hash:ip", "inet", 1024, Set.of("10.0.0.1")));
        manager.applyUpdates(Map.of("weft-a", set("weft-a", 0, 500)), false);
        assertThat(port.batches.get(0).get(0)).isEqualTo(new IpSetOp.Destroy("weft-a-t"));
        assertThat(port.sets.get("weft-a").members()).hasSize(500);
    }

    @Test
    void driftIsSeenOnlyOnReadBack() {
        manager.applyUpdates(Map.of("weft-a", set("weft-a", 0, 10)), false);
        port.sets.put("weft-a", new KernelIpSet("weft-a", "hash:ip", "inet", 1024, Set.of("10.0.0.1")));
        assertThat(manager.applyUpdates(Map.of("weft-a", set("weft-a", 0, 10)), false)).isZero();
        assertThat(manager.applyUpdates(Map.of("weft-a", set("weft-a", 0, 10)), true)).isEqualTo(9);
        assertThat(port.sets.get("weft-a").members()).hasSize(10);
    }

    @Test
    void aFailureForgetsTheKnownStateSoTheNextCallReadsBack() {
        port.sets.put("weft-a", new KernelIpSet("weft-a", "hash:ip", "inet", 1024, Set.of()));
        manager.invalidate();
        // The manager reads back on first use, so plant the conflict after that: a set created behind its back.
        manager.applyUpdates(Map.of(), false);
        port.sets.put("weft-b", new KernelIpSet("weft-b", "hash:ip", "inet", 1024, Set.of()));
        assertThatThrownBy(() -> manager.applyUpdates(Map.of("weft-b", set("weft-b", 0, 1)), false)).hasMessageContaining("set exists");
        int lists = port.lists;
        manager.applyUpdates(Map.of("weft-b", set("weft-b", 0, 1)), false);
        assertThat(port.lists).isEqualTo(lists + 1);
        assertThat(port.sets.get("weft-b").members()).containsExactly("10.0.0.0");
    }

    @Test
    void unwantedSetsAreDestroyedAndAReferencedOneIsLeftAndReported() {
        manager.applyUpdates(Map.of("weft-a", set("weft-a", 0, 1), "weft-b", set("weft-b", 0, 1), "weft-c", set("weft-c", 0, 1)), false);
        port.referenced.add("weft-b");
        assertThat(manager.applyDeletions(Map.of())).isEqualTo(2);
        assertThat(port.sets).containsOnlyKeys("weft-b");
        assertThat(manager.lastDeleteFailures()).singleElement().asString().startsWith("weft-b: ").contains("in use");
        port.referenced.clear();
        assertThat(manager.applyDeletions(Map.of())).isEqualTo(1);
        assertThat(port.sets).isEmpty();
    }

    @Test
    void foreignSetsAreNeverTouched() {
        port.sets.put("kube-x", new KernelIpSet("kube-x", "hash:ip", "inet", 1024, Set.of()));
        manager.applyUpdates(Map.of(), true);
        manager.applyDeletions(Map.of());
        assertThat(port.sets).containsOnlyKeys("kube-x");
    }

    @Test
    void memberTextIsCanonical() {
        assertThat(MemberText.canonical("fd00:0:0:0:0:0:0:1,TCP:80")).isEqualTo("fd00::1,tcp:80");
        assertThat(MemberText.canonical("10.0.0.1/32")).isEqualTo("10.0.0.1");
        assertThat(MemberText.canonical("10.1.0.0/16 nomatch")).isEqualTo("10.1.0.0/16 nomatch");
        assertThat(MemberText.canonical("2001:db8:0:1:0:0:0:1")).isEqualTo("2001:db8:0:1::1");
        assertThat(MemberText.canonical("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(MemberText.canonical("::")).isEqualTo("::");
        assertThatThrownBy(() -> MemberText.canonical("not-an-ip")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badOpsAreRefused() {
        assertThatThrownBy(() -> new IpSetOp.Destroy("weft-" + "x".repeat(27))).hasMessageContaining("1-31");
        assertThatThrownBy(() -> new IpSetOp.Add("weft-a", "10.0.0.1\ndestroy weft-b")).hasMessageContaining("invalid ipset member");
        assertThat(new IpSetOp.Del("weft-a", "10.0.0.0/8 nomatch").restoreLine()).isEqualTo("del weft-a 10.0.0.0/8");
    }
}
