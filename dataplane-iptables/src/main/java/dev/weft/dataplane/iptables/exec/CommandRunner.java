package dev.weft.dataplane.iptables.exec;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * The process port of this module: every external tool the drivers start ({@code iptables-restore},
 * {@code iptables-save}, {@code ipset}) goes through {@link #run(List, String)}. Tests decorate a
 * runner to count commands or inject failures (Calico's {@code cmdshim}).
 */
@FunctionalInterface
public interface CommandRunner {
    /**
     * Runs {@code command}, writing {@code stdin} (UTF-8, or null for none) to it, and waits for it
     * to end.
     *
     * @return exit code, stdout and stderr (a non-zero exit is not an exception)
     * @throws UncheckedIOException if the program cannot be started (e.g. not installed)
     */
    CommandResult run(List<String> command, String stdin);

    /** The iproute2 network namespace name this runner's commands run in, or null for the caller's own. */
    default String netns() {
        return null;
    }

    /** Runs commands as child processes in the caller's own network namespace. */
    static CommandRunner local() {
        return new ProcessCommandRunner();
    }

    /**
     * Runs commands as child processes inside network namespace {@code /var/run/netns/NAME}, through
     * {@code ip netns exec NAME} (iproute2).
     *
     * @param name an iproute2 namespace name ({@code ip netns list})
     * @throws IllegalArgumentException if the name is empty or contains '/'
     */
    static CommandRunner inNetns(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("invalid network namespace name '" + name + "'");
        }
        return new ProcessCommandRunner(name);
    }
}
