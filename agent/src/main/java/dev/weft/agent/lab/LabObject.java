package dev.weft.agent.lab;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One Kubernetes-style object as the lab's datastore holds it.
 *
 * @param kind {@code kind}, e.g. {@code NetworkPolicy}
 * @param namespace {@code metadata.namespace} for namespaced kinds ({@code default} when absent),
 *     empty for cluster-scoped kinds
 * @param name {@code metadata.name}
 * @param body the whole object (its {@code metadata.namespace} set for namespaced kinds)
 */
record LabObject(String kind, String namespace, String name, ObjectNode body) {
    /** Kinds that live in a namespace (the datastore's own list, {@code ResourceParser}). */
    static final Set<String> NAMESPACED = Set.of("Pod", "NetworkPolicy");

    LabObject {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
    }

    /** Whether {@code kind} is namespaced. */
    static boolean namespaced(String kind) {
        return NAMESPACED.contains(kind);
    }

    /** The datastore file name: {@code <kind>-<ns>-<name>.json} (lower-case kind), {@code <kind>-<name>.json} when cluster scoped. */
    String fileName() {
        String k = kind.toLowerCase(Locale.ROOT);
        return namespace.isEmpty() ? k + "-" + name + ".json" : k + "-" + namespace + "-" + name + ".json";
    }

    /** {@code kind ns/name} or {@code kind name}, as kubectl-like messages print it (lower-case kind). */
    String display() {
        String k = kind.toLowerCase(Locale.ROOT);
        return namespace.isEmpty() ? k + " " + name : k + " " + namespace + "/" + name;
    }

    /** Whether this is the object {@code kind namespace/name}. */
    boolean is(String kind, String namespace, String name) {
        return this.kind.equals(kind) && this.namespace.equals(namespace) && this.name.equals(name);
    }
}
