package dev.weft.dataplane.iptables.ipset;

import dev.weft.dataplane.iptables.exec.CommandResult;
import dev.weft.dataplane.iptables.exec.CommandRunner;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link IpSetPort} through the {@code ipset} tool: one {@code ipset save} to list, one
 * {@code ipset restore} (all ops as lines on stdin) to execute. ipset restore stops at the first
 * failing line and reports it as {@code Error in line N: reason}.
 */
public final class RestoreIpSetPort implements IpSetPort {
    private final CommandRunner runner;

    /** @param runner where {@code ipset} runs (e.g. {@link CommandRunner#inNetns(String)}) */
    public RestoreIpSetPort(CommandRunner runner) {
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    @Override
    public Map<String, KernelIpSet> list(String prefix) {
        CommandResult r = runner.run(List.of("ipset", "save"), null);
        if (!r.ok()) {
            throw new IpSetException(r.describe());
        }
        return IpSetSaveParser.parse(r.stdout(), prefix);
    }

    @Override
    public void execute(List<IpSetOp> ops) {
        if (ops.isEmpty()) {
            return;
        }
        CommandResult r = runner.run(List.of("ipset", "restore"), render(ops));
        if (!r.ok()) {
            throw new IpSetException(r.describe());
        }
    }

    /** The {@code ipset restore} input for {@code ops}: one line each. */
    public static String render(List<IpSetOp> ops) {
        StringBuilder b = new StringBuilder(ops.size() * 32);
        for (IpSetOp op : ops) {
            b.append(op.restoreLine()).append('\n');
        }
        return b.toString();
    }

    @Override
    public String name() {
        return "ipset-restore";
    }

    @Override
    public void close() {
        // Nothing held between commands.
    }
}
