package dev.weft.dataplane.iptables;

import static dev.weft.dataplane.iptables.TestStates.A4;
import static dev.weft.dataplane.iptables.TestStates.A6;
import static dev.weft.dataplane.iptables.TestStates.B4;
import static dev.weft.dataplane.iptables.TestStates.B6;
import static dev.weft.dataplane.iptables.TestStates.C4;
import static dev.weft.dataplane.iptables.TestStates.C6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.dataplane.iptables.exec.CommandResult;
import dev.weft.dataplane.iptables.exec.CommandRunner;
import dev.weft.dataplane.iptables.rules.IptablesBackend;
import dev.weft.model.endpoint.EndpointId;
import dev.weft.model.endpoint.LocalEndpoint;
import dev.weft.model.filter.ChainName;
import dev.weft.model.filter.Direction;
import dev.weft.model.ipset.IpFamily;
import dev.weft.model.sync.DesiredState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The dataplane against the kernel of a node namespace, with real packets between Pod namespaces. */
@Tag("kernel")
class IptablesDataplaneKernelTest {
    private TestNet net;
    private IptablesDataplane dataplane;

    @BeforeAll
    static void cleanup() {
        TestNet.cleanupLeftovers();
    }

    @AfterEach
    void tearDown() {
        if (dataplane != null) {
            dataplane.close();
        }
        if (net != null) {
            net.close();
        }
    }

    private IptablesDataplane dataplane(CommandRunner runner) {
        dataplane = IptablesDataplane.create(DataplaneConfig.defaults().withRunner(runner).withRetries(2, Duration.ofMillis(10)));
        return dataplane;
    }

    private String weftLines(String tool) {
        return net.node(tool, "-t", "filter").lines().filter(l -> l.contains("WEFT-") || l.contains("weft:"))
                .collect(Collectors.joining("\n"));
    }

    @Test
    void rulesAndSetsReallyLoadInBothFamilies() {
        net = TestNet.threePods("load");
        IptablesDataplane dp = dataplane(net.runner());
        assertThat(dp.backend()).isEqualTo(IptablesBackend.NFT);
        IptablesDataplane.ApplyResult r = dp.apply(TestStates.threePods(80));
        assertThat(r.restoredFamilies()).containsExactly(IpFamily.V4, IpFamily.V6);
        String chain = ChainName.policy("x", "allow-a", Direction.INGRESS).value();
        String set4 = TestStates.podsA().id().kernelName(IpFamily.V4);
        String set6 = TestStates.podsA().id().kernelName(IpFamily.V6);
        assertThat(net.node("iptables-save", "-t", "filter"))
                .contains(":WEFT-FORWARD - [0:0]", "-A FORWARD -m comment --comment \"weft:", ":" + chain + " ")
                .contains("--match-set " + set4 + " src");
        assertThat(net.node("ip6tables-save", "-t", "filter")).contains("--match-set " + set6 + " src", "-A INPUT -m comment --comment \"weft:");
        assertThat(net.node("ipset", "list", set4)).contains("10.99.1.2", "maxelem 1024");
        assertThat(net.node("ipset", "list", set6)).contains("fd99:1::2", "family inet6");
        assertThat(net.node("iptables-legacy-save")).doesNotContain("WEFT");

        // Every match kind loads too: hash:net with nomatch, hash:ip,port (dst,dst), SCTP port ranges.
        dp.apply(TestStates.everyMatch());
        assertThat(net.node("iptables-save", "-t", "filter")).contains("-m sctp --dport 1000:2000", " dst,dst ");
        assertThat(net.node("ip6tables-save", "-t", "filter")).contains("-m sctp --dport 1000:2000");
        assertThat(net.node("ipset", "list")).contains("10.1.0.0/16 nomatch", "fd99:3::2,tcp:8080");
    }

    @Test
    void thePeriodicResyncRepairsDriftByItself() throws InterruptedException {
        net = TestNet.threePods("timer");
        IptablesDataplane dp = dataplane(net.runner());
        dp.apply(TestStates.threePods(80));
        List<RuntimeException> failures = Collections.synchronizedList(new ArrayList<>());
        dp.startPeriodicResync(Duration.ofMillis(100), failures::add);
        net.node("iptables", "-D", "FORWARD", "1");
        String jump = "-A FORWARD -m comment --comment \"weft:";
        boolean repaired = false;
        for (int i = 0; i < 100 && !repaired; i++) {
            Thread.sleep(100);
            repaired = net.node("iptables-save", "-t", "filter").contains(jump);
        }
        assertThat(repaired).isTrue();
        assertThat(failures).isEmpty();
        assertThat(net.connects("b", A4, 80)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(IpSetImplementation.class)
    void deniedFlowsAreDroppedAllowedOnesAndRepliesPass(IpSetImplementation impl) {
        net = TestNet.threePods("flow" + impl.ordinal());
        assertThat(net.connects("b", A4, 80)).as("open before any policy").isTrue();
        dataplane = IptablesDataplane.create(DataplaneConfig.defaults().withRunner(net.runner()).withIpSets(impl));
        IptablesDataplane dp = dataplane;
        assertThat(dp.ipSetImplementation()).isEqualTo(impl == IpSetImplementation.RESTORE ? "ipset-restore" : "libipset");
        dp.apply(TestStates.threePods(80));
        // x/a → x/b:80 is allowed by allow-a; its replies reach x/a although x/a denies all ingress.
        assertThat(net.connects("a", B4, 80)).isTrue();
        assertThat(net.connects("a", B6, 80)).isTrue();
        assertThat(net.connects("a", B4, 81)).as("port not allowed").isFalse();
        assertThat(net.connects("c", B4, 80)).as("x/c is not in allow-a's peers").isFalse();
        assertThat(net.connects("b", A4, 80)).as("x/a denies all ingress").isFalse();
        assertThat(net.connects("b", A6, 80)).isFalse();
        assertThat(net.connects("b", C4, 80)).as("x/b may only talk to x/a").isFalse();
        assertThat(net.connects("b", C6, 81)).isFalse();
        assertThat(net.connects("a", C4, 81)).as("x/c is not isolated").isTrue();
        assertThat(net.connects("c", A4, 80)).isFalse();

        IptablesDataplane.ApplyResult open = dp.apply(TestStates.open());
        assertThat(open.setsDestroyed()).isEqualTo(2);
        assertThat(net.connects("b", A4, 80)).isTrue();
        assertThat(net.connects("b", C6, 81)).isTrue();
        assertThat(net.node("iptables-save", "-t", "filter")).doesNotContain("WEFT-PI-", "WEFT-TO-", "WEFT-FR-");
        assertThat(net.node("ipset", "list", "-n")).doesNotContain("weft-");
    }

    @Test
    void aSecondApplyIssuesNoCommandAtAll() {
        net = TestNet.threePods("idem");
        List<List<String>> commands = Collections.synchronizedList(new ArrayList<>());
        CommandRunner inner = net.runner();
        CommandRunner counting = new CommandRunner() {
            @Override
            public CommandResult run(List<String> command, String stdin) {
                commands.add(command);
                return inner.run(command, stdin);
            }

            @Override
            public String netns() {
                return inner.netns();
            }
        };
        IptablesDataplane dp = dataplane(counting);
        assertThat(dp.apply(TestStates.threePods(80)).unchanged()).isFalse();
        commands.clear();
        IptablesDataplane.ApplyResult again = dp.apply(TestStates.threePods(80));
        assertThat(again.unchanged()).isTrue();
        assertThat(commands).isEmpty();
        // A resync reads back but, with nothing drifted, restores nothing.
        assertThat(dp.resync().unchanged()).isTrue();
        assertThat(commands).noneMatch(c -> c.get(0).contains("restore"));
        // A one-port change rewrites one chain per family, nothing else.
        commands.clear();
        dp.apply(TestStates.threePods(81));
        assertThat(commands).extracting(c -> c.get(0)).containsExactly("iptables-nft-restore", "ip6tables-nft-restore");
        assertThat(net.connects("a", B4, 81)).isTrue();
        assertThat(net.connects("a", B4, 80)).isFalse();
    }

    @Test
    void resyncRepairsDeletedRulesChainsJumpsAndSetMembers() {
        net = TestNet.threePods("drift");
        IptablesDataplane dp = dataplane(net.runner());
        dp.apply(TestStates.threePods(80));
        String before = weftLines("iptables-save");
        String chain = ChainName.policy("x", "allow-a", Direction.INGRESS).value();
        String set4 = TestStates.podsA().id().kernelName(IpFamily.V4);
        net.node("iptables", "-F", chain);
        net.node("ipset", "del", set4, "10.99.1.2");
        assertThat(net.connects("a", B4, 80)).as("drift took effect").isFalse();
        net.node("iptables", "-D", "FORWARD", "1");
        assertThat(net.connects("b", A4, 80)).as("without the jump nothing is enforced").isTrue();

        IptablesDataplane.ApplyResult r = dp.resync();
        assertThat(r.restoredFamilies()).containsExactly(IpFamily.V4);
        assertThat(r.ipSetOps()).isEqualTo(1);
        assertThat(weftLines("iptables-save")).isEqualTo(before);
        assertThat(net.node("ipset", "list", set4)).contains("10.99.1.2");
        assertThat(net.connects("a", B4, 80)).isTrue();
        assertThat(net.connects("b", A4, 80)).isFalse();
        assertThat(dp.resync().unchanged()).isTrue();
    }

    @Test
    void aRestartedDataplaneSweepsStaleWeftObjectsAndKeepsForeignOnes() {
        net = TestNet.threePods("sweep");
        dataplane(net.runner()).apply(TestStates.threePods(80));
        dataplane.close();
        net.node("iptables", "-N", "KUBE-FOREIGN");
        net.node("ipset", "create", "kube-foreign", "hash:ip");
        // A new instance (no memory) applies a state without policies: the old chains and sets go.
        IptablesDataplane.ApplyResult r = dataplane(net.runner()).apply(TestStates.open());
        assertThat(r.setsDestroyed()).isEqualTo(2);
        assertThat(net.node("iptables-save", "-t", "filter")).doesNotContain("WEFT-PI-").contains(":KUBE-FOREIGN");
        assertThat(net.node("ipset", "list", "-n")).isEqualTo("kube-foreign\n");
        assertThat(net.node("iptables-save", "-t", "filter").lines().filter(l -> l.startsWith("-A FORWARD") && l.contains("weft:"))).hasSize(1);
    }

    @Test
    void aTransactionWithABadRuleFailsAndTheOldRulesStayInForce() {
        net = TestNet.threePods("failsafe");
        AtomicBoolean corrupt = new AtomicBoolean();
        CommandRunner inner = net.runner();
        CommandRunner faulty = new CommandRunner() {
            @Override
            public CommandResult run(List<String> command, String stdin) {
                if (corrupt.get() && command.get(0).contains("tables-") && command.get(0).endsWith("restore")) {
                    // One bad rule in one chain: a jump to a target that does not exist.
                    String chain = stdin.lines().filter(l -> l.startsWith(":")).findFirst().orElseThrow().substring(1).split(" ")[0];
                    stdin = stdin.replace("COMMIT\n", "-A " + chain + " -j WEFT-NO-SUCH-CHAIN\nCOMMIT\n");
                }
                return inner.run(command, stdin);
            }

            @Override
            public String netns() {
                return inner.netns();
            }
        };
        IptablesDataplane dp = dataplane(faulty);
        dp.apply(TestStates.threePods(80));
        String v4 = weftLines("iptables-save");
        String v6 = weftLines("ip6tables-save");
        corrupt.set(true);
        assertThatThrownBy(() -> dp.apply(TestStates.open())).isInstanceOf(DataplaneException.class)
                .hasMessageContaining("after 2 attempts").hasMessageContaining("iptables-nft restore");
        assertThat(weftLines("iptables-save")).isEqualTo(v4);
        assertThat(weftLines("ip6tables-save")).isEqualTo(v6);
        assertThat(net.connects("b", A4, 80)).as("still denied").isFalse();
        assertThat(net.connects("a", B4, 80)).as("still allowed").isTrue();
        corrupt.set(false);
        dp.apply(TestStates.open());
        assertThat(net.connects("b", A4, 80)).isTrue();
    }

    @Test
    void detectsTheLegacyBackendWhenItHoldsRulesAndEnforcesThroughIt() {
        net = TestNet.threePods("legacy");
        assertThat(IptablesBackend.detect(net.runner())).isEqualTo(IptablesBackend.NFT);
        net.node("iptables-legacy", "-A", "INPUT", "-p", "tcp", "--dport", "9", "-j", "ACCEPT");
        assertThat(IptablesBackend.detect(net.runner())).isEqualTo(IptablesBackend.LEGACY);
        IptablesDataplane dp = dataplane(net.runner());
        assertThat(dp.backend()).isEqualTo(IptablesBackend.LEGACY);
        dp.apply(TestStates.threePods(80));
        assertThat(net.node("iptables-legacy-save")).contains(":WEFT-FORWARD");
        assertThat(net.node("iptables-nft-save")).doesNotContain("WEFT");
        assertThat(net.connects("a", B4, 80)).isTrue();
        assertThat(net.connects("b", A4, 80)).isFalse();
        assertThat(dp.apply(TestStates.threePods(80)).unchanged()).isTrue();
        assertThat(dp.resync().unchanged()).isTrue();
    }

    @Test
    void aBadStateIsRefusedBeforeTouchingTheKernel() {
        net = TestNet.threePods("bad");
        IptablesDataplane dp = dataplane(net.runner());
        dp.apply(TestStates.threePods(80));
        String before = weftLines("iptables-save");
        DesiredState bad = DesiredState.of(List.of(), List.of(), List.of(), List.of(new LocalEndpoint(
                new EndpointId("x", "a"), "eth7", List.of(A4), Optional.empty(), Optional.empty())));
        assertThatThrownBy(() -> dp.apply(bad)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eth7");
        assertThat(weftLines("iptables-save")).isEqualTo(before);
        assertThat(dp.desired()).isEqualTo(TestStates.threePods(80));
        assertThat(net.connects("b", A4, 80)).isFalse();
    }

    @Test
    void aFailingIpSetPhaseLeavesTheRulesAloneAndFailsClosed() {
        net = TestNet.threePods("setfail");
        AtomicBoolean fail = new AtomicBoolean();
        CommandRunner inner = net.runner();
        CommandRunner faulty = new CommandRunner() {
            @Override
            public CommandResult run(List<String> command, String stdin) {
                if (fail.get() && command.equals(List.of("ipset", "restore"))) {
                    return new CommandResult(command, 1, "", "ipset v7.17: Error in line 1: injected failure");
                }
                return inner.run(command, stdin);
            }

            @Override
            public String netns() {
                return inner.netns();
            }
        };
        dataplane = IptablesDataplane.create(DataplaneConfig.defaults().withRunner(faulty).withIpSets(IpSetImplementation.RESTORE)
                .withRetries(3, Duration.ofMillis(5)));
        dataplane.apply(TestStates.open());
        String before = weftLines("iptables-save");
        fail.set(true);
        // The new state needs new sets: the set phase fails, so its rules are never installed.
        assertThatThrownBy(() -> dataplane.apply(TestStates.threePods(80))).isInstanceOf(DataplaneException.class)
                .hasMessageContaining("after 3 attempts").hasMessageContaining("injected failure");
        assertThat(weftLines("iptables-save")).isEqualTo(before);
        assertThat(net.connects("b", A4, 80)).isTrue();
        fail.set(false);
        assertThat(dataplane.apply(TestStates.threePods(80)).attempts()).isEqualTo(1);
        assertThat(net.connects("b", A4, 80)).isFalse();
    }

    @Test
    void ipv6CanBeLeftAlone() {
        net = TestNet.threePods("v4only");
        dataplane = IptablesDataplane.create(DataplaneConfig.defaults().withRunner(net.runner()).withIpv6(false));
        assertThat(dataplane.apply(TestStates.threePods(80)).restoredFamilies()).containsExactly(IpFamily.V4);
        assertThat(net.node("ip6tables-save")).doesNotContain("WEFT");
        assertThat(net.connects("b", A4, 80)).isFalse();
        assertThat(net.connects("b", A6, 80)).as("IPv6 not policed").isTrue();
    }
}
