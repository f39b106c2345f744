package dev.weft.dataplane.iptables.exec;

import java.util.List;

/**
 * The outcome of one {@link CommandRunner#run(List, String)}.
 *
 * @param command the command as given (without any {@code ip netns exec} prefix)
 * @param exitCode the process exit code (0 = success)
 * @param stdout everything written to standard output, UTF-8
 * @param stderr everything written to standard error, UTF-8
 */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {
    public CommandResult {
        command = List.copyOf(command);
    }

    /** True if the exit code is 0. */
    public boolean ok() {
        return exitCode == 0;
    }

    /** A one-line summary for error messages: command, exit code and the first line(s) of stderr. */
    public String describe() {
        String err = stderr.strip();
        if (err.length() > 500) {
            err = err.substring(0, 500) + "...";
        }
        return String.join(" ", command) + " exited " + exitCode + (err.isEmpty() ? "" : ": " + err);
    }
}
