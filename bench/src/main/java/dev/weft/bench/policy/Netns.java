package dev.weft.bench.policy;

import dev.weft.dataplane.iptables.exec.CommandResult;
import dev.weft.dataplane.iptables.exec.CommandRunner;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's network namespaces, all named {@code wpb-*} (iproute2 names under
 * {@code /var/run/netns}). Each is created empty (only {@code lo}, down) and deleted by
 * {@link #close()}; {@link #deleteLeftovers()} removes those of a crashed earlier run.
 */
final class Netns implements AutoCloseable {
    static final String PREFIX = "wpb-";
    private static final CommandRunner HOST = CommandRunner.local();
    final String name;
    final CommandRunner runner;

    private Netns(String name) {
        this.name = name;
        this.runner = CommandRunner.inNetns(name);
    }

    /** Creates {@code wpb-<suffix>} (deleting a leftover of the same name first). */
    static Netns create(String suffix) {
        String name = PREFIX + suffix;
        HOST.run(List.of("ip", "netns", "del", name), null);
        check(HOST.run(List.of("ip", "netns", "add", name), null));
        return new Netns(name);
    }

    /** Deletes every {@code wpb-*} namespace; returns their names. */
    static List<String> deleteLeftovers() {
        List<String> deleted = new ArrayList<>();
        CommandResult list = check(HOST.run(List.of("ip", "netns", "list"), null));
        for (String line : list.stdout().split("\n")) {
            String n = line.trim().split("\\s+")[0];
            if (n.startsWith(PREFIX)) {
                HOST.run(List.of("ip", "netns", "del", n), null);
                deleted.add(n);
            }
        }
        return deleted;
    }

    /** Runs {@code command} inside this namespace ({@code ip netns exec}); fails on a non-zero exit. */
    String exec(String stdin, String... command) {
        return check(runner.run(List.of(command), stdin)).stdout();
    }

    /** Runs {@code command} inside this namespace and returns its exit code. */
    int status(String... command) {
        return runner.run(List.of(command), null).exitCode();
    }

    static CommandResult check(CommandResult r) {
        if (!r.ok()) {
            throw new IllegalStateException(r.describe());
        }
        return r;
    }

    @Override
    public void close() {
        HOST.run(List.of("ip", "netns", "del", name), null);
    }
}
