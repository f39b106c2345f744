package dev.weft.bench.policy;

import dev.weft.dataplane.iptables.exec.CommandResult;
import dev.weft.dataplane.iptables.exec.CommandRunner;
import java.util.List;

/**
 * A {@link CommandRunner} decorator that counts the child processes the dataplane starts
 * ({@code iptables-save}, {@code iptables-restore}, {@code ipset}) and the wall time spent in them.
 */
final class TimedRunner implements CommandRunner {
    private final CommandRunner inner;
    private long nanos;
    private int commands;

    TimedRunner(CommandRunner inner) {
        this.inner = inner;
    }

    @Override
    public synchronized CommandResult run(List<String> command, String stdin) {
        long t = System.nanoTime();
        try {
            return inner.run(command, stdin);
        } finally {
            nanos += System.nanoTime() - t;
            commands++;
        }
    }

    @Override
    public String netns() {
        return inner.netns();
    }

    /** Resets the counters. */
    synchronized void reset() {
        nanos = 0;
        commands = 0;
    }

    /** Milliseconds spent in child processes since the last reset. */
    synchronized double ms() {
        return nanos / 1e6;
    }

    /** Child processes started since the last reset. */
    synchronized int commands() {
        return commands;
    }
}
