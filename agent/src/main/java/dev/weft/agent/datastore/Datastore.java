package dev.weft.agent.datastore;

/**
 * Where the agent's cluster objects come from: the directory datastore ({@code --datastore
 * dir:PATH}, {@link DirectoryDatastore}) or the Kubernetes API ({@code --datastore kubernetes},
 * {@code dev.weft.agent.datastore.kube.KubernetesDatastore}). Both deliver the same validated
 * {@link ClusterState} snapshots to a {@code Consumer<ClusterState>} given at construction, on
 * the datastore's own thread, only when the state changed.
 *
 * <p>Contract shared by both implementations:
 * <ul>
 *   <li>Nothing is delivered before {@link #synced()} is true: the first snapshot is complete
 *       (for Kubernetes, every informer has listed once), so consumers may sweep leftovers of a
 *       previous run when they see it.</li>
 *   <li>A read failure (unreadable directory, API server outage, watch error) never produces an
 *       empty or partial snapshot: the last known state stays in force, the failure is visible
 *       in {@link #health()}, and a complete re-read (relist) follows when the source is back.</li>
 *   <li>Objects that fail validation are left out and listed in {@link
 *       ClusterState#rejections()}; every other object keeps being used.</li>
 * </ul>
 */
public interface Datastore extends AutoCloseable {
    /**
     * Starts reading. The directory datastore delivers its first snapshot synchronously; the
     * Kubernetes datastore returns at once and delivers once every informer has synced.
     *
     * @return this
     */
    Datastore start();

    /** The last snapshot delivered, or {@link ClusterState#empty()} before the first one. */
    ClusterState current();

    /** True once a complete first snapshot was delivered; stays true during later outages. */
    boolean synced();

    /** Sync and outage state for {@code /readyz}, {@code /status} and metrics. Never null. */
    DatastoreHealth health();

    /** Stops reading; no snapshot is delivered afterwards. Idempotent; never throws. */
    @Override
    void close();
}
