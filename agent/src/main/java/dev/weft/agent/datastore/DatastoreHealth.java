package dev.weft.agent.datastore;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A point-in-time view of a {@link Datastore}'s health.
 *
 * @param source what is read, e.g. {@code dir:/etc/weft/objects} or {@code kubernetes
 *     https://10.96.0.1:443}
 * @param synced true once a complete first snapshot was delivered ({@link Datastore#synced()})
 * @param outageSince when the current outage began (directory unreadable, API server
 *     unreachable or a watch broken); empty when every source is healthy. During an outage the
 *     last known state stays in force.
 * @param lastError the most recent read or watch error (one line), kept after recovery
 * @param lastErrorAt when {@code lastError} happened
 * @param lastSync the last time the datastore's view was confirmed complete and current (a
 *     successful re-read, or a snapshot built while every watch was healthy)
 * @param snapshots number of snapshots delivered so far (changes only)
 */
public record DatastoreHealth(
        String source,
        boolean synced,
        Optional<Instant> outageSince,
        Optional<String> lastError,
        Optional<Instant> lastErrorAt,
        Optional<Instant> lastSync,
        long snapshots) {

    public DatastoreHealth {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(outageSince, "outageSince");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(lastErrorAt, "lastErrorAt");
        Objects.requireNonNull(lastSync, "lastSync");
    }

    /** True while the source cannot be read (the last known state is in force). */
    public boolean outage() {
        return outageSince.isPresent();
    }

    /** Ready for {@code /readyz}: synced and not in an outage. */
    public boolean healthy() {
        return synced && outageSince.isEmpty();
    }
}
