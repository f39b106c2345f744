package dev.weft.bgp.policy;

import dev.weft.bgp.rib.Path;
import dev.weft.bgp.rib.RoutePolicy;
import dev.weft.common.net.IpPrefix;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An import or export policy: statements tried in order (see {@link Statement}), then the
 * default disposition for a route no statement accepted or rejected. Immutable; applying it is
 * a pure function of the path.
 *
 * <p>RFC 8212: a peer configured without a policy gets none (empty), and the RIB then imports
 * nothing from and exports nothing to an eBGP peer. {@link #agentExportDefault} and
 * {@link #agentImportDefault} are the agent's safe, useful defaults.
 *
 * @param name for logs and status
 * @param statements in order
 * @param acceptByDefault the disposition when no statement decided
 */
public record Policy(String name, List<Statement> statements, boolean acceptByDefault) implements RoutePolicy {
    public Policy {
        Objects.requireNonNull(name, "name");
        statements = List.copyOf(statements);
    }

    /** Accepts everything unchanged. */
    public static Policy acceptAll() {
        return new Policy("accept-all", List.of(), true);
    }

    /** Rejects everything. */
    public static Policy rejectAll() {
        return new Policy("reject-all", List.of(), false);
    }

    /**
     * The agent's default export: only the node's own originated prefixes (empty AS path before
     * our AS is prepended — nothing learned from another AS), and of those only the ones listed
     * (the node's Pod CIDRs).
     */
    public static Policy agentExportDefault(Collection<IpPrefix> originated) {
        return new Policy("export-own-prefixes", List.of(new Statement("own-prefixes",
                List.of(new Condition.PrefixIn(PrefixList.exactly(originated)), new Condition.Neighbor(LOCAL)),
                List.of(), Statement.Disposition.ACCEPT)), false);
    }

    /** The agent's default import: what {@code allowed} permits (e.g. {@code "0.0.0.0/0"} for a default route only). */
    public static Policy agentImportDefault(PrefixList allowed) {
        return new Policy("import-allowed", List.of(Statement.accept("allowed", new Condition.PrefixIn(allowed))), false);
    }

    /** The neighbour address of locally originated routes. */
    static final java.net.InetAddress LOCAL = dev.weft.common.net.IpAddresses.parse("0.0.0.0");

    /** The route after the policy, or empty if rejected (import: {@code original} = {@code path}). */
    @Override
    public Optional<Path> apply(Path path, Path original) {
        Path p = path;
        for (Statement s : statements) {
            if (!s.matches(p)) {
                continue;
            }
            p = s.act(p, original);
            switch (s.disposition()) {
                case ACCEPT:
                    return Optional.of(p);
                case REJECT:
                    return Optional.empty();
                default:
                    break;
            }
        }
        return acceptByDefault ? Optional.of(p) : Optional.empty();
    }

    /** The route after the policy, or empty if rejected. */
    public Optional<Path> apply(Path path) {
        return apply(path, path);
    }

    /** True if there is no statement and the default is reject ({@link #rejectAll()}). */
    @Override
    public boolean rejectsAll() {
        return statements.isEmpty() && !acceptByDefault;
    }

    @Override
    public boolean prefixIndependent() {
        return statements.stream().flatMap(s -> s.conditions().stream()).noneMatch(Condition::looksAtPrefix);
    }
}
