package dev.weft.agent.datastore;

/**
 * An object (or a whole file) the datastore could not accept, with the reason. Rejected objects
 * are left out of {@link ClusterState}; every other object keeps being used.
 *
 * @param source file name, with {@code #N} for the N-th YAML document when the file has several;
 *     empty for objects read from the Kubernetes API
 * @param object {@code Kind ns/name} when known, otherwise empty
 * @param reason a human-readable reason
 */
public record Rejection(String source, String object, String reason) {
    @Override
    public String toString() {
        String where = source.isEmpty() ? object : object.isEmpty() ? source : source + " " + object;
        return where + ": " + reason;
    }
}
