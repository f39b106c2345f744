package dev.weft.policy.input;

import java.util.Map;
import java.util.Objects;

/**
 * What the policy engine needs of a Namespace. The engine treats the label
 * {@code kubernetes.io/metadata.name=<name>} as always present (the API server sets it on every
 * namespace).
 *
 * @param name {@code metadata.name}
 * @param labels {@code metadata.labels}
 */
public record NamespaceInfo(String name, Map<String, String> labels) {
    public NamespaceInfo {
        Objects.requireNonNull(name, "name");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
