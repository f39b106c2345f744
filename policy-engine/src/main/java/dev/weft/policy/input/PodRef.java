package dev.weft.policy.input;

import java.util.Objects;

/**
 * A Pod by {@code namespace/name}.
 *
 * @param namespace the Pod's namespace
 * @param name the Pod's name
 */
public record PodRef(String namespace, String name) {
    public PodRef {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    /** Parses {@code namespace/name}. @throws IllegalArgumentException otherwise */
    public static PodRef parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("expected namespace/name, got '" + text + "'");
        }
        return new PodRef(text.substring(0, slash), text.substring(slash + 1));
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
