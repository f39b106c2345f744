package dev.weft.dataplane.iptables.exec;

import java.util.Objects;

/** A dataplane tool ended with a non-zero exit code; carries its {@link CommandResult}. */
public final class CommandFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient CommandResult result;

    /** @param context what was being done, e.g. {@code "iptables-restore (IPv4 filter)"} */
    public CommandFailedException(String context, CommandResult result) {
        super(context + ": " + Objects.requireNonNull(result, "result").describe());
        this.result = result;
    }

    /** The failed command's result (exit code, stdout, stderr). */
    public CommandResult result() {
        return result;
    }
}
