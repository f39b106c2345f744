package dev.weft.agent.datastore;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One Kubernetes-style object read from the datastore, kept as a JSON tree.
 *
 * @param kind the object's {@code kind} (e.g. {@code Node}, {@code BGPPeer})
 * @param namespace {@code metadata.namespace}, or the empty string for cluster-scoped objects
 * @param name {@code metadata.name}
 * @param body the whole object
 * @param source the file it came from
 */
public record Resource(String kind, String namespace, String name, JsonNode body, Path source) {
    public Resource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
    }

    /** {@code namespace/name}, or {@code name} for cluster-scoped objects. */
    public String key() {
        return namespace.isEmpty() ? name : namespace + "/" + name;
    }
}
