package dev.weft.dataplane.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.net.IpAddresses;
import dev.weft.model.endpoint.EndpointId;
import dev.weft.model.endpoint.LocalEndpoint;
import dev.weft.model.filter.Action;
import dev.weft.model.filter.ChainName;
import dev.weft.model.filter.Direction;
import dev.weft.model.filter.EndpointChain;
import dev.weft.model.filter.Match;
import dev.weft.model.filter.PolicyChain;
import dev.weft.model.filter.PortRange;
import dev.weft.model.filter.Rule;
import dev.weft.model.filter.RuleOrigin;
import dev.weft.model.ipset.IpSet;
import dev.weft.model.ipset.IpSetMember;
import dev.weft.model.ipset.IpSetType;
import dev.weft.model.ipset.Protocol;
import dev.weft.model.sync.DesiredState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import dev.weft.dataplane.iptables.exec.CommandResult;
import dev.weft.dataplane.iptables.exec.CommandRunner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The whole dataplane at scale in a fresh node namespace: 1,000 policies (2 rules each, ingress),
 * 1,000 IP sets of 100 members (100,000 members), 200 local endpoints each bound to 10 policies.
 * Prints the time of a fresh apply, a no-op apply, a one-rule change, a one-member change and a
 * full resync (read-back), for both IP set implementations. Not run by default (tag "benchmark").
 * Writes {@code target/dataplane-benchmark.txt}.
 */
@Tag("benchmark")
class DataplaneScaleBenchmarkTest {
    static DesiredState synthetic(int policies, int setSize, int endpoints, int policiesPerEndpoint, int port, int extraMember) {
        List<IpSet> sets = new ArrayList<>();
        List<PolicyChain> chains = new ArrayList<>();
        for (int p = 0; p < policies; p++) {
            List<IpSetMember> members = new ArrayList<>();
            for (int m = 0; m < setSize; m++) {
                int i = p * setSize + m;
                members.add(new IpSetMember.Address(IpAddresses.fromIpv4Int(0x0a000000 + i)));
            }
            if (p == 0 && extraMember > 0) {
                members.add(new IpSetMember.Address(IpAddresses.fromIpv4Int(0x0b000000 + extraMember)));
            }
            IpSet set = IpSet.of(IpSetType.HASH_IP, "pods sel=" + p, members);
            sets.add(set);
            String name = "p" + p;
            int thisPort = p == 0 ? port : 80;
            chains.add(new PolicyChain(ChainName.policy("ns", name, Direction.INGRESS), "ns", name, Direction.INGRESS, List.of(
                    new Rule(List.of(new Match.SourceSet(set.id()), new Match.L4Protocol(Protocol.TCP), new Match.DestinationPort(PortRange.of(thisPort))),
                            Action.ALLOW, new RuleOrigin("ns", name, Direction.INGRESS, 0, 0, 0)),
                    new Rule(List.of(new Match.SourceSet(set.id()), new Match.L4Protocol(Protocol.UDP), new Match.DestinationPort(new PortRange(5000, 5100))),
                            Action.ALLOW, new RuleOrigin("ns", name, Direction.INGRESS, 1, 0, 0)))));
        }
        List<EndpointChain> ecs = new ArrayList<>();
        List<LocalEndpoint> eps = new ArrayList<>();
        for (int e = 0; e < endpoints; e++) {
            List<ChainName> refs = new ArrayList<>();
            for (int k = 0; k < policiesPerEndpoint; k++) {
                refs.add(chains.get((e * policiesPerEndpoint + k) % policies).name());
            }
            ChainName in = ChainName.endpoint("ns", "pod" + e, Direction.INGRESS);
            ecs.add(new EndpointChain(in, Direction.INGRESS, refs.stream().distinct().sorted().toList(), Action.DENY));
            eps.add(new LocalEndpoint(new EndpointId("ns", "pod" + e), String.format(Locale.ROOT, "wft%011x", e),
                    List.of(IpAddresses.fromIpv4Int(0x0c000000 + e)), Optional.of(in), Optional.empty()));
        }
        return DesiredState.of(sets, chains, ecs, eps);
    }

    private static double ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    @Test
    void measure() throws IOException {
        TestNet.cleanupLeftovers();
        DesiredState base = synthetic(1000, 100, 200, 10, 80, 0);
        DesiredState oneRule = synthetic(1000, 100, 200, 10, 8080, 0);
        DesiredState oneMember = synthetic(1000, 100, 200, 10, 8080, 7);
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "%-14s %16s %10s %16s %16s %16s%n",
                "ipsets", "fresh ms (cmd)", "no-op ms", "1 rule ms (cmd)", "1 member (cmd)", "resync ms (cmd)"));
        int i = 0;
        for (IpSetImplementation impl : IpSetImplementation.values()) {
            try (TestNet net = TestNet.nodeOnly("scale" + i++)) {
                AtomicLong commandNanos = new AtomicLong();
                CommandRunner inner = net.runner();
                CommandRunner timed = new CommandRunner() {
                    @Override
                    public CommandResult run(List<String> command, String stdin) {
                        long t0 = System.nanoTime();
                        try {
                            return inner.run(command, stdin);
                        } finally {
                            commandNanos.addAndGet(System.nanoTime() - t0);
                        }
                    }

                    @Override
                    public String netns() {
                        return inner.netns();
                    }
                };
                try (IptablesDataplane dp = IptablesDataplane.create(DataplaneConfig.defaults().withRunner(timed).withIpSets(impl))) {
                    commandNanos.set(0);
                    long t = System.nanoTime();
                    dp.apply(base);
                    String fresh = String.format(Locale.ROOT, "%.0f (%.0f)", ms(t), commandNanos.getAndSet(0) / 1e6);
                    t = System.nanoTime();
                    assertThat(dp.apply(base).unchanged()).isTrue();
                    double noop = ms(t);
                    commandNanos.set(0);
                    t = System.nanoTime();
                    assertThat(dp.apply(oneRule).restoredFamilies()).hasSize(2);
                    String rule = String.format(Locale.ROOT, "%.0f (%.0f)", ms(t), commandNanos.getAndSet(0) / 1e6);
                    t = System.nanoTime();
                    assertThat(dp.apply(oneMember).ipSetOps()).isEqualTo(1);
                    String member = String.format(Locale.ROOT, "%.0f (%.0f)", ms(t), commandNanos.getAndSet(0) / 1e6);
                    t = System.nanoTime();
                    assertThat(dp.resync().unchanged()).isTrue();
                    String resync = String.format(Locale.ROOT, "%.0f (%.0f)", ms(t), commandNanos.getAndSet(0) / 1e6);
                    report.append(String.format(Locale.ROOT, "%-14s %16s %10.1f %16s %16s %16s%n", dp.ipSetImplementation(), fresh, noop, rule, member, resync));
                }
                assertThat(net.node("iptables-save", "-t", "filter").lines().filter(l -> l.startsWith("-A WEFT-")).count())
                        .isEqualTo(2000 + 200 * (1 + 2 * 10 + 1) + 200 + 14);
            }
        }
        report.append("(cmd) = of which in child processes (iptables-restore/-save, ipset, each through ip netns exec)\n");
        report.append("(1,000 policies x 2 rules, 1,000 sets x 100 members, 200 endpoints x 10 policies; IPv4 + IPv6 tables; nft back end)\n");
        System.out.print(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "dataplane-benchmark.txt"), report);
    }
}
