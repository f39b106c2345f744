package dev.weft.agent.datastore;

/**
 * An object (or a whole file) the datastore could not accept, with the reason. Rejected objects
 * are left out of {@link ClusterState}; every other object keeps being used.
 *
 * @param source file name, with {@code #N} for the N-th YAML document when the file has several
 * @param object {@code Kind ns/name} when known, otherwise empty
 * @param reason a human-readable reason
 */
public record Rejection(String source, String object, String reason) {
    @Override
    public String toString() {
        return source + (object.isEmpty() ? "" : " " + object) + ": " + reason;
    }
}
