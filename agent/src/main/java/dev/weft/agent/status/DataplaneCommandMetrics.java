package dev.weft.agent.status;

import dev.weft.dataplane.iptables.exec.CommandResult;
import dev.weft.dataplane.iptables.exec.CommandRunner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link CommandRunner} decorator timing the NetworkPolicy dataplane's external commands:
 * <ul>
 *   <li>{@code weft_iptables_restore_duration_seconds{family}} (histogram) and
 *       {@code weft_iptables_restore_failures_total{family}} — {@code iptables-restore} /
 *       {@code ip6tables-restore} (any back end), family {@code ipv4} or {@code ipv6};
 *   <li>{@code weft_iptables_save_duration_seconds{family}}, {@code weft_iptables_save_failures_total{family}};
 *   <li>{@code weft_ipset_duration_seconds{operation}} (histogram) and {@code
 *       weft_ipset_failures_total{operation}} — the {@code ipset} tool ({@code restore}, {@code list},
 *       …; other subcommands as {@code other}).
 * </ul>
 * A failure is a non-zero exit or a program that cannot be started. Other commands (e.g.
 * {@code iptables --version} during back-end detection) pass through unmeasured. With the in-process
 * libipset implementation, IP set changes run no command and are not measured here.
 */
public final class DataplaneCommandMetrics implements CommandRunner {
    private static final Set<String> IPSET_OPERATIONS = Set.of("restore", "list", "save", "create", "destroy", "swap",
            "flush", "add", "del", "test", "rename", "version");

    private final CommandRunner delegate;
    private final MeterRegistry registry;

    /** Wraps {@code delegate}, registering meters in {@code registry}. */
    public DataplaneCommandMetrics(CommandRunner delegate, MeterRegistry registry) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public String netns() {
        return delegate.netns();
    }

    @Override
    public CommandResult run(List<String> command, String stdin) {
        Kind kind = classify(command);
        if (kind == null) {
            return delegate.run(command, stdin);
        }
        long t0 = System.nanoTime();
        boolean ok = false;
        try {
            CommandResult r = delegate.run(command, stdin);
            ok = r.ok();
            return r;
        } finally {
            Timer.builder(kind.metric() + "_duration")
                    .tag(kind.tagKey(), kind.tagValue())
                    .description("Duration of " + kind.what() + " commands")
                    .serviceLevelObjectives(AgentMetrics.BUCKETS)
                    .register(registry)
                    .record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
            if (!ok) {
                Counter.builder(kind.metric() + "_failures").tag(kind.tagKey(), kind.tagValue())
                        .description(kind.what() + " commands that failed (non-zero exit or not started)")
                        .register(registry).increment();
            }
        }
    }

    /** What a command is, for its meter. */
    record Kind(String metric, String tagKey, String tagValue, String what) {}

    /** The meter of {@code command}, or null for a command that is not measured. */
    static Kind classify(List<String> command) {
        for (int i = 0; i < command.size(); i++) {
            String arg = command.get(i);
            String base = arg.substring(arg.lastIndexOf('/') + 1);
            if (base.startsWith("iptables") || base.startsWith("ip6tables")) {
                String family = base.startsWith("ip6") ? "ipv6" : "ipv4";
                if (base.endsWith("-restore")) {
                    return new Kind("weft_iptables_restore", "family", family, "iptables-restore");
                }
                if (base.endsWith("-save")) {
                    return new Kind("weft_iptables_save", "family", family, "iptables-save");
                }
                return null;
            }
            if (base.equals("ipset")) {
                String op = i + 1 < command.size() ? command.get(i + 1) : "";
                return new Kind("weft_ipset", "operation", IPSET_OPERATIONS.contains(op) ? op : "other", "ipset");
            }
        }
        return null;
    }
}
