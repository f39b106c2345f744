package dev.weft.model.sync;

import java.util.List;

/**
 * A consumer of desired-state changes (a dataplane driver). Implementations must be cheap: record
 * the updates and program the kernel later, in the order given.
 */
public interface DesiredStateListener {
    /**
     * A batch of updates in the delivery order of {@link DesiredStateDelta}; applying them all takes
     * the consumer from the previous desired state to the new one.
     */
    void onUpdates(List<DesiredStateUpdate> updates);

    /**
     * The datastore has been read completely: the consumer may now program the kernel and remove
     * Weft-owned objects (chains {@code WEFT-*}, sets {@code weft-*}) not in the desired state.
     */
    void onInSync();
}
