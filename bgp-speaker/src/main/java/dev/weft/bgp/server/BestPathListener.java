package dev.weft.bgp.server;

import dev.weft.common.net.IpPrefix;
import java.util.Optional;

/**
 * Receives Loc-RIB best-path changes of learned routes, on the speaker's thread (do not block).
 */
@FunctionalInterface
public interface BestPathListener {
    /**
     * @param prefix the destination
     * @param best the new best path, or empty when no learned route is left
     */
    void bestPathChanged(IpPrefix prefix, Optional<BestPath> best);
}
