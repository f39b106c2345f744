package dev.weft.model.filter;

import java.util.List;
import java.util.Objects;

/**
 * One rule of a {@link PolicyChain}: if all {@code matches} hold, {@code action} applies.
 *
 * @param matches conditions, all of which must hold (empty = every packet); an {@link
 *     Match.DestinationPort} is always preceded by an {@link Match.L4Protocol}
 * @param action what to do on a match ({@link Action.Allow} for NetworkPolicy rules)
 * @param origin the NetworkPolicy rule/peer/port this rule was compiled from
 */
public record Rule(List<Match> matches, Action action, RuleOrigin origin) {
    public Rule {
        matches = List.copyOf(matches);
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(origin, "origin");
    }
}
