package dev.weft.policy.calc;

import dev.weft.policy.input.LabelSelector;
import dev.weft.policy.input.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A validated label selector ({@code meta/v1 LabelSelector}): a conjunction of requirements, in a
 * canonical order so equal selectors have equal {@link #canonical()} text (used in set definitions).
 */
final class Selector {
    /** Matches everything ({@code {}}). */
    static final Selector ALL = new Selector(List.of());

    enum Op { IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

    record Requirement(String key, Op op, List<String> values) implements Comparable<Requirement> {
        boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            return switch (op) {
                case IN -> v != null && values.contains(v);
                case NOT_IN -> v == null || !values.contains(v);
                case EXISTS -> v != null;
                case DOES_NOT_EXIST -> v == null;
            };
        }

        @Override
        public int compareTo(Requirement o) {
            return text().compareTo(o.text());
        }

        String text() {
            return switch (op) {
                case IN -> key + " in (" + String.join(",", values) + ")";
                case NOT_IN -> key + " notin (" + String.join(",", values) + ")";
                case EXISTS -> key;
                case DOES_NOT_EXIST -> "!" + key;
            };
        }
    }

    private final List<Requirement> requirements;
    private final String canonical;

    private Selector(List<Requirement> requirements) {
        this.requirements = List.copyOf(new TreeSet<>(requirements));
        this.canonical = "{" + String.join(" && ", this.requirements.stream().map(Requirement::text).toList()) + "}";
    }

    /**
     * Validates and compiles a selector. {@code matchLabels} k=v is the requirement "k In (v)".
     *
     * @param field the field path for error messages, e.g. {@code spec.podSelector}
     * @throws InvalidPolicyException for an unknown operator, In/NotIn without values,
     *     Exists/DoesNotExist with values, or an empty key
     */
    static Selector compile(LabelSelector selector, String field) throws InvalidPolicyException {
        List<Requirement> reqs = new ArrayList<>();
        for (Map.Entry<String, String> e : selector.matchLabels().entrySet()) {
            checkKey(e.getKey(), field + ".matchLabels");
            reqs.add(new Requirement(e.getKey(), Op.IN, List.of(e.getValue() == null ? "" : e.getValue())));
        }
        for (int i = 0; i < selector.matchExpressions().size(); i++) {
            LabelSelectorRequirement r = selector.matchExpressions().get(i);
            String where = field + ".matchExpressions[" + i + "]";
            checkKey(r.key(), where + ".key");
            Op op = switch (r.operator() == null ? "" : r.operator()) {
                case "In" -> Op.IN;
                case "NotIn" -> Op.NOT_IN;
                case "Exists" -> Op.EXISTS;
                case "DoesNotExist" -> Op.DOES_NOT_EXIST;
                default -> throw new InvalidPolicyException(where + ".operator: '" + r.operator()
                        + "' is not a valid selector operator (In, NotIn, Exists, DoesNotExist)");
            };
            if ((op == Op.IN || op == Op.NOT_IN) && r.values().isEmpty()) {
                throw new InvalidPolicyException(where + ".values: must be non-empty for operator " + r.operator());
            }
            if ((op == Op.EXISTS || op == Op.DOES_NOT_EXIST) && !r.values().isEmpty()) {
                throw new InvalidPolicyException(where + ".values: must be empty for operator " + r.operator());
            }
            reqs.add(new Requirement(r.key(), op, List.copyOf(new TreeSet<>(r.values()))));
        }
        return reqs.isEmpty() ? ALL : new Selector(reqs);
    }

    private static void checkKey(String key, String field) throws InvalidPolicyException {
        if (key == null || key.isEmpty()) {
            throw new InvalidPolicyException(field + ": label key must not be empty");
        }
    }

    /** True if {@code labels} satisfy every requirement. */
    boolean matches(Map<String, String> labels) {
        for (Requirement r : requirements) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    boolean matchesAll() {
        return requirements.isEmpty();
    }

    /** Canonical text, e.g. {@code {pod in (a) && !team}}; {@code {}} for the empty selector. */
    String canonical() {
        return canonical;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Selector s && s.canonical.equals(canonical);
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }

    @Override
    public String toString() {
        return canonical;
    }
}
