package dev.weft.agent.datastore;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@link LabelSelector}s from objects: the {@code metav1.LabelSelector} shape, or {@code "all()"}. */
final class LabelSelectors {
    private LabelSelectors() {}

    /**
     * @throws IllegalArgumentException naming {@code field} for an unknown operator, a
     *     non-string value, or a malformed shape
     */
    static LabelSelector parse(JsonNode n, String field) {
        if (n.isTextual()) {
            if (n.asText().trim().equals("all()") || n.asText().isBlank()) {
                return LabelSelector.all();
            }
            throw new IllegalArgumentException(field + ": only \"all()\" or a matchLabels/matchExpressions object is supported, got '" + n.asText() + "'");
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException(field + " must be an object");
        }
        Map<String, String> labels = new HashMap<>();
        n.path("matchLabels").fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode()) {
                throw new IllegalArgumentException(field + ".matchLabels." + e.getKey() + " must be a string");
            }
            labels.put(e.getKey(), e.getValue().asText());
        });
        List<LabelSelector.Requirement> reqs = new ArrayList<>();
        for (JsonNode e : n.path("matchExpressions")) {
            String op = e.path("operator").asText("");
            LabelSelector.Operator operator;
            try {
                operator = LabelSelector.Operator.valueOf(op);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(field + ": unknown operator '" + op + "' (In, NotIn, Exists, DoesNotExist)");
            }
            Set<String> values = new HashSet<>();
            e.path("values").forEach(v -> values.add(v.asText()));
            try {
                reqs.add(new LabelSelector.Requirement(e.path("key").asText(""), operator, values));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(field + ": " + ex.getMessage(), ex);
            }
        }
        return new LabelSelector(labels, reqs);
    }
}
