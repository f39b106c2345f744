package dev.weft.dataplane.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.dataplane.iptables.ipset.IpSetException;
import dev.weft.dataplane.iptables.ipset.IpSetManager;
import dev.weft.dataplane.iptables.ipset.IpSetOp;
import dev.weft.dataplane.iptables.ipset.IpSetPort;
import dev.weft.dataplane.iptables.ipset.KernelIpSet;
import dev.weft.dataplane.iptables.ipset.LibIpSetPort;
import dev.weft.dataplane.iptables.ipset.RestoreIpSetPort;
import dev.weft.model.ipset.IpFamily;
import dev.weft.model.ipset.IpSetType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Both IP set implementations against the kernel of a fresh namespace. */
@Tag("kernel")
class IpSetPortKernelTest {
    private TestNet net;
    private IpSetPort port;

    @BeforeAll
    static void cleanup() {
        TestNet.cleanupLeftovers();
    }

    @AfterEach
    void tearDown() {
        if (port != null) {
            port.close();
        }
        if (net != null) {
            net.close();
        }
    }

    static IpSetPort open(IpSetImplementation impl, TestNet net) {
        return switch (impl) {
            case RESTORE -> new RestoreIpSetPort(net.runner());
            case LIBIPSET -> LibIpSetPort.open(Path.of("/var/run/netns", net.host));
        };
    }

    private void start(IpSetImplementation impl, String id) {
        net = TestNet.nodeOnly("set" + id + impl.ordinal());
        port = open(impl, net);
    }

    @ParameterizedTest
    @EnumSource(IpSetImplementation.class)
    void createAddListDelSwapDestroy(IpSetImplementation impl) {
        start(impl, "ops");
        port.execute(List.of(
                new IpSetOp.Create("weft-a", IpSetType.HASH_IP, IpFamily.V4, 1024, 1024),
                new IpSetOp.Add("weft-a", "10.0.0.1"),
                new IpSetOp.Add("weft-a", "10.0.0.2"),
                new IpSetOp.Create("weft-n", IpSetType.HASH_NET, IpFamily.V4, 1024, 1024),
                new IpSetOp.Add("weft-n", "10.0.0.0/8"),
                new IpSetOp.Add("weft-n", "10.1.0.0/16 nomatch"),
                new IpSetOp.Create("weft-p", IpSetType.HASH_IP_PORT, IpFamily.V6, 1024, 2048),
                new IpSetOp.Add("weft-p", "fd00::1,tcp:80"),
                new IpSetOp.Add("weft-p", "fd00::1,sctp:80"),
                new IpSetOp.Create("weft-b", IpSetType.HASH_IP, IpFamily.V4, 1024, 1024),
                new IpSetOp.Add("weft-b", "192.0.2.9")));
        net.node("ipset", "create", "kube-other", "hash:ip");
        Map<String, KernelIpSet> sets = port.list("weft-");
        assertThat(sets).containsOnlyKeys("weft-a", "weft-b", "weft-n", "weft-p");
        assertThat(sets.get("weft-a").members()).containsExactlyInAnyOrder("10.0.0.1", "10.0.0.2");
        assertThat(sets.get("weft-n").members()).containsExactlyInAnyOrder("10.0.0.0/8", "10.1.0.0/16 nomatch");
        assertThat(sets.get("weft-p")).extracting(KernelIpSet::type, KernelIpSet::family, KernelIpSet::maxelem)
                .containsExactly("hash:ip,port", "inet6", 2048);
        assertThat(sets.get("weft-p").members()).containsExactlyInAnyOrder("fd00::1,tcp:80", "fd00::1,sctp:80");

        port.execute(List.of(new IpSetOp.Del("weft-a", "10.0.0.1"), new IpSetOp.Del("weft-n", "10.1.0.0/16 nomatch"),
                new IpSetOp.Swap("weft-a", "weft-b")));
        sets = port.list("weft-");
        assertThat(sets.get("weft-a").members()).containsExactly("192.0.2.9");
        assertThat(sets.get("weft-b").members()).containsExactly("10.0.0.2");
        assertThat(sets.get("weft-n").members()).containsExactly("10.0.0.0/8");
        assertThat(net.node("ipset", "test", "weft-a", "192.0.2.9")).isNotNull();

        port.execute(List.of(new IpSetOp.Destroy("weft-a"), new IpSetOp.Destroy("weft-b"), new IpSetOp.Destroy("weft-n"), new IpSetOp.Destroy("weft-p")));
        assertThat(port.list("weft-")).isEmpty();
        assertThat(port.list("kube-")).containsOnlyKeys("kube-other");
    }

    @ParameterizedTest
    @EnumSource(IpSetImplementation.class)
    void kernelRefusalsBecomeExceptionsAndTheJvmLivesOn(IpSetImplementation impl) {
        start(impl, "err");
        assertThatThrownBy(() -> port.execute(List.of(new IpSetOp.Add("weft-missing", "10.0.0.1"))))
                .isInstanceOf(IpSetException.class).hasMessageContaining("does not exist");
        port.execute(List.of(new IpSetOp.Create("weft-a", IpSetType.HASH_IP, IpFamily.V4, 1024, 1024)));
        assertThatThrownBy(() -> port.execute(List.of(new IpSetOp.Create("weft-a", IpSetType.HASH_IP, IpFamily.V4, 1024, 1024))))
                .isInstanceOf(IpSetException.class).hasMessageContaining("already exists");
        assertThatThrownBy(() -> port.execute(List.of(new IpSetOp.Add("weft-a", "fd00::1"))))
                .isInstanceOf(IpSetException.class);
        assertThatThrownBy(() -> port.execute(List.of(new IpSetOp.Add("weft-a", "not-an-address"))))
                .isInstanceOf(IpSetException.class);
        // A set referenced by a rule cannot be destroyed.
        net.node("iptables", "-A", "INPUT", "-m", "set", "--match-set", "weft-a", "src", "-j", "DROP");
        assertThatThrownBy(() -> port.execute(List.of(new IpSetOp.Destroy("weft-a")))).isInstanceOf(IpSetException.class).hasMessageContaining("in use");
        port.execute(List.of(new IpSetOp.Add("weft-a", "10.0.0.7")));
        assertThat(port.list("weft-").get("weft-a").members()).containsExactly("10.0.0.7");
    }

    @ParameterizedTest
    @EnumSource(IpSetImplementation.class)
    void aSetSizedExplicitlyHoldsMoreThanTheDefault65536(IpSetImplementation impl) {
        start(impl, "big");
        int n = 100_000;
        int maxelem = IpSetManager.maxelem(n);
        List<IpSetOp> ops = new ArrayList<>(n + 1);
        ops.add(new IpSetOp.Create("weft-big", IpSetType.HASH_IP, IpFamily.V4, IpSetManager.hashsize(maxelem), maxelem));
        for (int i = 0; i < n; i++) {
            ops.add(new IpSetOp.Add("weft-big", "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)));
        }
        port.execute(ops);
        KernelIpSet big = port.list("weft-").get("weft-big");
        assertThat(big.maxelem()).isEqualTo(262_144);
        assertThat(big.members()).hasSize(n).contains("10.1.134.159");
    }
}
