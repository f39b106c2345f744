package dev.weft.policy.input;

import java.util.List;

/**
 * One {@code matchExpressions} entry ({@code meta/v1 LabelSelectorRequirement}).
 *
 * @param key the label key
 * @param operator raw operator text: {@code In}, {@code NotIn}, {@code Exists} or {@code DoesNotExist} are valid
 * @param values the values (non-empty for In/NotIn, empty for Exists/DoesNotExist)
 */
public record LabelSelectorRequirement(String key, String operator, List<String> values) {
    public LabelSelectorRequirement {
        values = values == null ? List.of() : List.copyOf(values);
    }
}
