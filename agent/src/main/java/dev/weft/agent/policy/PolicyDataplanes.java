package dev.weft.agent.policy;

import dev.weft.dataplane.iptables.IptablesDataplane;
import dev.weft.model.sync.DesiredState;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dataplane bindings for {@link PolicyController}. */
public final class PolicyDataplanes {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyDataplanes.class);

    private PolicyDataplanes() {}

    /**
     * The iptables/ipset dataplane: {@link IptablesDataplane#apply} per desired state (it retries,
     * then throws {@code DataplaneException}, which fails the sync); its result is logged.
     */
    public static Consumer<DesiredState> iptables(IptablesDataplane dataplane) {
        return state -> {
            IptablesDataplane.ApplyResult r = dataplane.apply(state);
            if (!r.unchanged()) {
                LOG.debug("iptables dataplane: {} ipset ops, restored {}, {} sets destroyed, {} attempt(s)",
                        r.ipSetOps(), r.restoredFamilies(), r.setsDestroyed(), r.attempts());
            }
            r.warnings().forEach(w -> LOG.warn("iptables dataplane: {}", w));
        };
    }
}
