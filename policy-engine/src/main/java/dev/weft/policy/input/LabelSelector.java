package dev.weft.policy.input;

import java.util.List;
import java.util.Map;

/**
 * A {@code meta/v1 LabelSelector}: all {@code matchLabels} and all {@code matchExpressions} must
 * hold; an empty selector ({@code {}}) matches everything.
 *
 * @param matchLabels required key=value pairs
 * @param matchExpressions required expressions
 */
public record LabelSelector(Map<String, String> matchLabels, List<LabelSelectorRequirement> matchExpressions) {
    /** The empty selector {@code {}}: matches every object. */
    public static final LabelSelector ALL = new LabelSelector(Map.of(), List.of());

    public LabelSelector {
        matchLabels = matchLabels == null ? Map.of() : Map.copyOf(matchLabels);
        matchExpressions = matchExpressions == null ? List.of() : List.copyOf(matchExpressions);
    }

    /** A selector with only {@code matchLabels}. */
    public static LabelSelector of(Map<String, String> matchLabels) {
        return new LabelSelector(matchLabels, List.of());
    }
}
