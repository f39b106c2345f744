package dev.weft.dataplane.iptables.rules;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Builds one {@code iptables-restore --noflush} transaction for one table, after Calico's
 * {@code RestoreInputBuilder}. The restore tool applies a table's lines as one atomic commit (the
 * nft back end as one nf_tables transaction, the legacy one as one table replacement), so a packet
 * sees either the old or the new rules, never a mix.
 *
 * <p>Output order, which makes every reference resolvable inside the transaction:
 * <ol>
 *   <li>{@code *table};
 *   <li>{@code :CHAIN - [0:0]} for every chain written or deleted: creates it, or (in
 *       {@code --noflush} mode) flushes an existing one;
 *   <li>{@code -D} of stale jump rules in built-in chains (they may name a chain deleted below);
 *   <li>{@code -A} of every rule of every written chain, chain by chain;
 *   <li>{@code -I CHAIN 1} of missing jump rules;
 *   <li>{@code -X} of deleted chains (flushed above, and no longer referenced);
 *   <li>{@code COMMIT}.
 * </ol>
 * An empty transaction builds to the empty string: no restore is needed.
 */
public final class RestoreInputBuilder {
    private final String table;
    private final Set<String> declared = new LinkedHashSet<>();
    private final List<String> jumpDeletes = new ArrayList<>();
    private final List<String> appends = new ArrayList<>();
    private final List<String> jumpInserts = new ArrayList<>();
    private final List<String> chainDeletes = new ArrayList<>();

    /** A transaction on {@code table} (e.g. {@code filter}). */
    public RestoreInputBuilder(String table) {
        this.table = Objects.requireNonNull(table, "table");
    }

    /** Writes {@code chain} completely: declares (creating or flushing) it and appends its rules. */
    public RestoreInputBuilder writeChain(RenderedChain chain) {
        declared.add(chain.name());
        for (RenderedRule r : chain.rules()) {
            appends.add("-A " + chain.name() + " " + r.restoreText());
        }
        return this;
    }

    /** Flushes and deletes {@code chain}. */
    public RestoreInputBuilder deleteChain(String chain) {
        declared.add(chain);
        chainDeletes.add("-X " + chain);
        return this;
    }

    /** Inserts {@code jump} at the top of its built-in chain. */
    public RestoreInputBuilder insertJump(JumpRule jump) {
        jumpInserts.add("-I " + jump.chain() + " 1 " + jump.restoreText());
        return this;
    }

    /**
     * Deletes a rule from a built-in chain by its specification.
     *
     * @param chain the built-in chain
     * @param specAsSaved the rule text after {@code -A CHAIN} exactly as {@code iptables-save} printed it
     */
    public RestoreInputBuilder deleteRule(String chain, String specAsSaved) {
        jumpDeletes.add("-D " + chain + " " + specAsSaved);
        return this;
    }

    /** True if nothing was added. */
    public boolean isEmpty() {
        return declared.isEmpty() && jumpDeletes.isEmpty() && jumpInserts.isEmpty();
    }

    /** The restore input, or the empty string for an empty transaction. */
    public String build() {
        if (isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        b.append('*').append(table).append('\n');
        for (String c : declared) {
            b.append(':').append(c).append(" - [0:0]\n");
        }
        for (List<String> part : List.of(jumpDeletes, appends, jumpInserts, chainDeletes)) {
            for (String line : part) {
                b.append(line).append('\n');
            }
        }
        return b.append("COMMIT\n").toString();
    }
}
