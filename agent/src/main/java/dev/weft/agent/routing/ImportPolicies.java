package dev.weft.agent.routing;

import dev.weft.agent.crd.ImportFilter;
import dev.weft.bgp.policy.Condition;
import dev.weft.bgp.policy.Policy;
import dev.weft.bgp.policy.PrefixList;
import dev.weft.bgp.policy.Statement;
import dev.weft.common.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Maps a BGPPeer's {@code importFilter} onto the speaker's import {@link Policy} (RFC 8212: every
 * peer gets an explicit one).
 *
 * <ul>
 *   <li>No filter: {@link Policy#agentImportDefault} with {@link RoutingPlanner#importFilter} —
 *       every IPv4/IPv6 prefix except the node's own Pod CIDRs and anything inside them.
 *   <li>A filter: first a statement rejecting the node's own Pod CIDRs and their more-specifics
 *       (whatever the rules say), then one statement per rule in order (its match as a one- or
 *       two-entry {@link PrefixList} condition, its action as the disposition), and reject for a
 *       prefix no rule matched.
 * </ul>
 *
 * <p>Rule matches: {@code Equal} → {@code permit CIDR}; {@code In} → {@code permit CIDR ge MIN le
 * MAX}; {@code NotIn} → {@code deny CIDR le 32|128}, {@code permit 0.0.0.0/0|::/0 ge MIN le MAX}
 * (only the cidr's family); no cidr → every prefix of both families.
 */
final class ImportPolicies {
    private ImportPolicies() {}

    /** The import policy for a peer with {@code filter}, on a node whose own Pod CIDRs are {@code own}. */
    static Policy importPolicy(Set<IpPrefix> own, Optional<ImportFilter> filter) {
        if (filter.isEmpty()) {
            return Policy.agentImportDefault(RoutingPlanner.importFilter(own));
        }
        List<Statement> statements = new ArrayList<>();
        if (!own.isEmpty()) {
            List<PrefixList.Entry> ownEntries = own.stream().sorted()
                    .map(p -> new PrefixList.Entry(p, p.length(), p.isIpv4() ? 32 : 128, true)).toList();
            statements.add(Statement.reject("own-pod-cidrs", new Condition.PrefixIn(new PrefixList(ownEntries))));
        }
        List<ImportFilter.Rule> rules = filter.get().rules();
        for (int i = 0; i < rules.size(); i++) {
            ImportFilter.Rule r = rules.get(i);
            Condition match = new Condition.PrefixIn(prefixList(r));
            String name = "importFilter[" + i + "]";
            statements.add(r.action() == ImportFilter.Action.ACCEPT ? Statement.accept(name, match)
                    : Statement.reject(name, match));
        }
        return new Policy("import-filter", statements, false);
    }

    /** The prefixes one rule matches, as a prefix list (see the class comment). */
    static PrefixList prefixList(ImportFilter.Rule r) {
        if (r.cidr().isEmpty()) {
            return PrefixList.of("0.0.0.0/0 le 32", "::/0 le 128");
        }
        IpPrefix cidr = r.cidr().get();
        int familyMax = cidr.isIpv4() ? 32 : 128;
        return switch (r.matchOperator()) {
            case EQUAL -> new PrefixList(List.of(new PrefixList.Entry(cidr, cidr.length(), cidr.length(), true)));
            case IN -> new PrefixList(List.of(new PrefixList.Entry(cidr, r.minLength(), r.maxLength(), true)));
            case NOT_IN -> new PrefixList(List.of(
                    new PrefixList.Entry(cidr, cidr.length(), familyMax, false),
                    new PrefixList.Entry(PrefixList.Entry.parse(cidr.isIpv4() ? "0.0.0.0/0" : "::/0").prefix(),
                            r.minLength(), r.maxLength(), true)));
        };
    }
}
