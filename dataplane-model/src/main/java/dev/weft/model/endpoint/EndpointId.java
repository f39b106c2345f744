package dev.weft.model.endpoint;

import java.util.Comparator;
import java.util.Objects;

/**
 * A Pod's identity: {@code namespace/name}. Ordered by namespace, then name.
 *
 * @param namespace the Pod's namespace
 * @param name the Pod's name
 */
public record EndpointId(String namespace, String name) implements Comparable<EndpointId> {
    private static final Comparator<EndpointId> ORDER =
            Comparator.comparing(EndpointId::namespace).thenComparing(EndpointId::name);

    public EndpointId {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    /** Parses {@code namespace/name}. */
    public static EndpointId parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("expected namespace/name, got '" + text + "'");
        }
        return new EndpointId(text.substring(0, slash), text.substring(slash + 1));
    }

    @Override
    public int compareTo(EndpointId o) {
        return ORDER.compare(this, o);
    }

    /** {@code namespace/name}. */
    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
