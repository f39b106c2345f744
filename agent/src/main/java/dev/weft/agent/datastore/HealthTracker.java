package dev.weft.agent.datastore;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The mutable bookkeeping behind {@link DatastoreHealth}, shared by the datastore
 * implementations. Thread-safe (every method is synchronized; calls are rare).
 */
public final class HealthTracker {
    private final String source;
    private final Clock clock;
    private boolean synced;
    private Instant outageSince;
    private String lastError;
    private Instant lastErrorAt;
    private Instant lastSync;
    private long snapshots;

    /**
     * @param source what is read (see {@link DatastoreHealth#source()})
     * @param clock wall clock for the timestamps
     */
    public HealthTracker(String source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    /** Records a failure and starts an outage (if none is running). */
    public synchronized void failed(String error) {
        Instant now = clock.instant();
        lastError = error;
        lastErrorAt = now;
        if (outageSince == null) {
            outageSince = now;
        }
    }

    /** Records an error that is not an outage (e.g. a listener failure). */
    public synchronized void error(String error) {
        lastError = error;
        lastErrorAt = clock.instant();
    }

    /** Ends any outage and records that the view is complete and current now. */
    public synchronized void confirmed() {
        outageSince = null;
        lastSync = clock.instant();
    }

    /** Records one delivered snapshot; the first one makes the datastore synced. */
    public synchronized void delivered() {
        synced = true;
        snapshots++;
    }

    /** True while an outage is running. */
    public synchronized boolean inOutage() {
        return outageSince != null;
    }

    /** True once a snapshot was delivered. */
    public synchronized boolean synced() {
        return synced;
    }

    /** The current view. */
    public synchronized DatastoreHealth snapshot() {
        return new DatastoreHealth(source, synced, Optional.ofNullable(outageSince), Optional.ofNullable(lastError),
                Optional.ofNullable(lastErrorAt), Optional.ofNullable(lastSync), snapshots);
    }
}
