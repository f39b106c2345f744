package dev.weft.agent.policy;

import dev.weft.model.sync.DesiredState;
import dev.weft.policy.calc.Rejection;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One completed {@link PolicyController} sync: a full recompute and, when the desired state
 * changed, one dataplane apply.
 *
 * @param sequence 1 for the first sync, then increasing
 * @param desiredState the node's desired state now in force
 * @param rejections policies the engine refused (not enforced)
 * @param inputRejections datastore objects the adapter could not convert (left out)
 * @param localEndpoints number of local endpoints given to the engine
 * @param applied true if the dataplane was called (false: the state equals the one already applied)
 * @param computeTime time of {@code PolicyEngine.compute}
 * @param applyTime time of the dataplane call (zero when not applied)
 */
public record SyncResult(long sequence, DesiredState desiredState, List<Rejection> rejections,
                         List<InputRejection> inputRejections, int localEndpoints, boolean applied,
                         Duration computeTime, Duration applyTime) {
    public SyncResult {
        Objects.requireNonNull(desiredState, "desiredState");
        rejections = List.copyOf(rejections);
        inputRejections = List.copyOf(inputRejections);
        Objects.requireNonNull(computeTime, "computeTime");
        Objects.requireNonNull(applyTime, "applyTime");
    }
}
