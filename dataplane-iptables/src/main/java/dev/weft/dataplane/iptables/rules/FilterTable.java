package dev.weft.dataplane.iptables.rules;

import dev.weft.dataplane.iptables.exec.CommandFailedException;
import dev.weft.dataplane.iptables.exec.CommandResult;
import dev.weft.dataplane.iptables.exec.CommandRunner;
import dev.weft.model.ipset.IpFamily;
import java.util.Objects;

/**
 * The reconciler of Weft's part of one family's {@code filter} table (Calico's
 * {@code iptables.Table}, reduced): remembers what it last programmed, computes the smallest
 * transaction with {@link FilterDiff} and issues it as one {@code iptables-restore --noflush}.
 * Reads back with {@code iptables-save} on request (resync), when it has no memory (first apply,
 * after a restart) and after any failure, so drift and foreign edits are repaired.
 *
 * <p>Not thread-safe: owned by the dataplane's apply thread.
 */
public final class FilterTable {
    private final IpFamily family;
    private final IptablesBackend backend;
    private final CommandRunner runner;
    private ObservedFilter known;
    private String lastInput = "";

    /**
     * @param family which of iptables / ip6tables
     * @param backend nft or legacy tools
     * @param runner where the tools run
     */
    public FilterTable(IpFamily family, IptablesBackend backend, CommandRunner runner) {
        this.family = Objects.requireNonNull(family, "family");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    /**
     * Reads Weft's chains and jumps back from the kernel ({@code iptables-save -t filter}) and
     * remembers them as the known state.
     *
     * @throws CommandFailedException if the save fails
     */
    public ObservedFilter readBack() {
        CommandResult r = runner.run(backend.saveCommand(family, "filter"), null);
        if (!r.ok()) {
            known = null;
            throw new CommandFailedException(what("save"), r);
        }
        known = ObservedFilter.parse(r.stdout());
        return known;
    }

    /**
     * Converges the table to {@code desired}.
     *
     * @param readBack read the kernel first instead of trusting memory (resync)
     * @return true if a restore was issued, false if the table already matched
     * @throws CommandFailedException if the save or the restore fails; a failed restore changes
     *     nothing in the kernel (one transaction), and the next call reads back first
     */
    public boolean apply(RenderedFilter desired, boolean readBack) {
        if (desired.family() != family) {
            throw new IllegalArgumentException("rendered for " + desired.family() + ", table is " + family);
        }
        if (readBack || known == null) {
            readBack();
        }
        String input = FilterDiff.between(known, desired);
        if (input.isEmpty()) {
            return false;
        }
        lastInput = input;
        CommandResult r = runner.run(backend.restoreCommand(family), input);
        if (!r.ok()) {
            known = null;
            throw new CommandFailedException(what("restore"), r);
        }
        known = ObservedFilter.of(desired);
        return true;
    }

    /** Forgets the known state: the next {@link #apply} reads back first. */
    public void invalidate() {
        known = null;
    }

    /** The input of the last restore issued (for diagnostics), or empty. */
    public String lastInput() {
        return lastInput;
    }

    private String what(String op) {
        return backend.restoreCommand(family).get(0).replace("-restore", "") + " " + op + " (filter)";
    }
}
