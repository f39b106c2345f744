package dev.weft.bench.policy;

import dev.weft.dataplane.iptables.DataplaneConfig;
import dev.weft.dataplane.iptables.IpSetImplementation;
import dev.weft.dataplane.iptables.IptablesDataplane;
import dev.weft.dataplane.iptables.exec.CommandRunner;
import dev.weft.dataplane.iptables.rules.IptablesBackend;
import dev.weft.model.ipset.IpFamily;
import dev.weft.model.sync.DesiredState;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Full applies of one desired state to fresh {@code wpb-*} namespaces, interleaved (round by
 * round, so a change of machine load hits all of them alike): the dataplane with its default IP
 * set implementation, the dataplane with the other one, and the {@link Floor}. Round 0 is a
 * warm-up and not counted. Every loaded kernel is checked against the rendering (both families'
 * WEFT chains and rule hashes, and the number of sets). Also times the rendering alone (a fresh
 * dataplane instance per run, so no cached renderings) and {@code ip netns exec NS true}.
 */
final class FreshApplies {
    /** The timings of one dataplane configuration. */
    static final class Series {
        final IpSetImplementation requested;
        String ipSets;
        final Stats create = new Stats();
        final Stats apply = new Stats();
        final Stats children = new Stats();
        int commands;
        /** The warm-up round's apply (the first of this configuration in the JVM), ms. */
        double firstApply = Double.NaN;

        Series(IpSetImplementation requested) {
            this.requested = requested;
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ip_set_implementation", ipSets);
            m.put("create", create.json());
            m.put("apply", apply.json());
            m.put("first_apply_in_jvm_ms", Stats.round(firstApply));
            m.put("apply_child_processes", children.json());
            m.put("apply_child_process_count", commands);
            return m;
        }
    }

    final Series main;
    final Series other;
    final Stats floorTotal = new Stats();
    final Stats floorIpset = new Stats();
    final Stats floorV4 = new Stats();
    final Stats floorV6 = new Stats();
    final Stats render = new Stats();
    final Stats execTrue = new Stats();
    IptablesBackend backend;
    Floor floor;

    FreshApplies() {
        IpSetImplementation def = DataplaneConfig.defaults().ipSets();
        main = new Series(def);
        other = new Series(def == IpSetImplementation.LIBIPSET ? IpSetImplementation.RESTORE : IpSetImplementation.LIBIPSET);
    }

    /** Runs one warm-up round and {@code rounds} counted rounds. */
    void run(DesiredState desired, int rounds) {
        try (Netns ns = Netns.create("exec")) {
            backend = IptablesBackend.detect(ns.runner);
            for (int i = 0; i < 12; i++) {
                long t = System.nanoTime();
                ns.exec(null, "true");
                if (i >= 2) {
                    execTrue.add(Stats.ms(t));
                }
            }
            // Rendering alone: a fixed back end and the ipset tool port, so create() touches nothing.
            for (int i = 0; i < 7; i++) {
                try (IptablesDataplane dp = IptablesDataplane.create(config(ns.runner, IpSetImplementation.RESTORE).withBackend(backend))) {
                    long t = System.nanoTime();
                    Map<IpFamily, String> text = new EnumMap<>(IpFamily.class);
                    text.put(IpFamily.V4, dp.render(desired, IpFamily.V4));
                    text.put(IpFamily.V6, dp.render(desired, IpFamily.V6));
                    if (i >= 2) {
                        render.add(Stats.ms(t));
                    }
                    floor = new Floor(desired, text);
                }
            }
        }
        for (int round = 0; round <= rounds; round++) {
            boolean count = round > 0;
            apply(desired, main, "apply-" + round, count);
            try (Netns ns = Netns.create("floor-" + round)) {
                Floor.Load l = floor.load(ns, backend);
                check(ns, backend, floor);
                if (count) {
                    floorTotal.add(l.total());
                    floorIpset.add(l.ipset());
                    floorV4.add(l.v4());
                    floorV6.add(l.v6());
                }
            }
            apply(desired, other, "other-" + round, count);
        }
    }

    private void apply(DesiredState desired, Series s, String nsName, boolean count) {
        try (Netns ns = Netns.create(nsName)) {
            TimedRunner timed = new TimedRunner(ns.runner);
            long t = System.nanoTime();
            try (IptablesDataplane dp = IptablesDataplane.create(config(timed, s.requested))) {
                double c = Stats.ms(t);
                timed.reset();
                t = System.nanoTime();
                dp.apply(desired);
                double a = Stats.ms(t);
                if (dp.backend() != backend) {
                    throw new IllegalStateException("the dataplane detected " + dp.backend() + ", the benchmark " + backend);
                }
                s.ipSets = dp.ipSetImplementation();
                check(ns, dp.backend(), floor);
                if (!count) {
                    s.firstApply = a;
                } else {
                    s.create.add(c);
                    s.apply.add(a);
                    s.children.add(timed.ms());
                    s.commands = timed.commands();
                }
            }
        }
    }

    private static DataplaneConfig config(CommandRunner runner, IpSetImplementation impl) {
        return DataplaneConfig.defaults().withRunner(runner).withIpSets(impl);
    }

    /** The kernel of {@code ns} holds exactly the rendering (both families) and the sets. */
    static void check(Netns ns, IptablesBackend backend, Floor floor) {
        KernelCheck.filterMatches(ns, backend, IpFamily.V4, floor.filterText.get(IpFamily.V4));
        KernelCheck.filterMatches(ns, backend, IpFamily.V6, floor.filterText.get(IpFamily.V6));
        KernelCheck.setCount(ns, floor.kernelSets);
    }
}
