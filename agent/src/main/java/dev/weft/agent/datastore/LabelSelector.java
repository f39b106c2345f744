package dev.weft.agent.datastore;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A Kubernetes label selector ({@code metav1.LabelSelector}): every {@code matchLabels} entry and
 * every {@code matchExpressions} requirement must hold. An empty selector matches everything.
 *
 * @param matchLabels exact key/value pairs
 * @param matchExpressions requirements with operators In, NotIn, Exists, DoesNotExist
 * @see <a href="https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/">Labels and Selectors</a>
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {

    public LabelSelector {
        matchLabels = Map.copyOf(matchLabels);
        matchExpressions = List.copyOf(matchExpressions);
    }

    /** A selector that matches every set of labels. */
    public static LabelSelector all() {
        return new LabelSelector(Map.of(), List.of());
    }

    /** True if {@code labels} satisfy every term. */
    public boolean matches(Map<String, String> labels) {
        for (Map.Entry<String, String> e : matchLabels.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return matchExpressions.stream().allMatch(r -> r.matches(labels));
    }

    /** The operators of a {@code matchExpressions} requirement. */
    public enum Operator {
        In,
        NotIn,
        Exists,
        DoesNotExist
    }

    /**
     * One {@code matchExpressions} entry.
     *
     * @throws IllegalArgumentException if In/NotIn has no values or Exists/DoesNotExist has some
     */
    public record Requirement(String key, Operator operator, Set<String> values) {
        public Requirement {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(operator, "operator");
            values = Set.copyOf(values);
            boolean needsValues = operator == Operator.In || operator == Operator.NotIn;
            if (needsValues && values.isEmpty()) {
                throw new IllegalArgumentException("operator " + operator + " on key '" + key + "' needs values");
            }
            if (!needsValues && !values.isEmpty()) {
                throw new IllegalArgumentException("operator " + operator + " on key '" + key + "' takes no values");
            }
        }

        boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            return switch (operator) {
                case In -> v != null && values.contains(v);
                case NotIn -> v == null || !values.contains(v);
                case Exists -> v != null;
                case DoesNotExist -> v == null;
            };
        }
    }
}
