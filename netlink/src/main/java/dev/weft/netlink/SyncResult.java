package dev.weft.netlink;

import java.util.List;
import java.util.Objects;

/**
 * What one {@link RouteTableReconciler} pass did.
 *
 * @param added desired routes that were missing and were created
 * @param replaced desired routes present with our protocol but different (gateway, device,
 *     next hops, weights) that were replaced
 * @param deleted routes with our protocol that were not desired (or duplicates) and were removed
 * @param unchanged desired routes already present as wanted
 * @param conflicts desired routes not installed because a route we do not own (another protocol,
 *     or one the ownership predicate rejects) holds the same destination, table and metric (left
 *     alone: Weft touches only its own routes)
 * @param failures routes whose add/replace/delete the kernel refused; the rest were still
 *     synced, and the next pass retries them
 * @param fullResync true if this pass re-read the kernel's routes (a dump); false for an
 *     incremental pass computed against what the previous passes installed
 */
public record SyncResult(int added, int replaced, int deleted, int unchanged, List<FibRoute> conflicts,
                         List<Failure> failures, boolean fullResync) {
    public SyncResult {
        conflicts = List.copyOf(conflicts);
        failures = List.copyOf(failures);
    }

    /** True when the kernel now matches the desired set exactly (no conflicts, no failures). */
    public boolean inSync() {
        return conflicts.isEmpty() && failures.isEmpty();
    }

    /** True when this pass changed nothing in the kernel. */
    public boolean noChange() {
        return added == 0 && replaced == 0 && deleted == 0;
    }

    /**
     * One route the kernel refused.
     *
     * @param route the route being added, replaced or deleted (for a delete: the kernel route's
     *     destination and next hops as read back)
     * @param error the kernel's answer
     */
    public record Failure(FibRoute route, NetlinkException error) {
        public Failure {
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(error, "error");
        }
    }
}
