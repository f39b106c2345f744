package dev.weft.agent;

import dev.weft.agent.datastore.Datastore;
import dev.weft.agent.datastore.DatastoreHealth;
import dev.weft.agent.policy.PolicyController;
import dev.weft.agent.routing.KernelRouteSync;
import dev.weft.agent.routing.RoutingController;
import dev.weft.agent.status.Readiness;
import dev.weft.bgp.server.BgpSpeaker;
import dev.weft.bgp.server.PeerStatus;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import dev.weft.model.route.RouteSpec;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** The agent's {@code /readyz} conditions and the datastore's liveness signal. */
final class AgentReadiness {
    private AgentReadiness() {}

    /**
     * Registers, in order:
     * <ul>
     *   <li>{@code datastore} — synced, and not in an outage;
     *   <li>{@code policy} — NetworkPolicy applied at least once since start (when enforced);
     *   <li>{@code routing} — BGP configured for this node, and every Loc-RIB best path programmed
     *       into the kernel FIB;
     *   <li>{@code bgp} — at least one session Established when peers are configured.
     * </ul>
     */
    static void register(Readiness readiness, Datastore store, RoutingController routing, KernelRouteSync kernel,
            PolicyController policy) {
        readiness.add("datastore", () -> datastore(store.health()));
        if (policy != null) {
            readiness.add("policy", () -> policy.lastSync().isPresent() ? Optional.empty()
                    : Optional.of("NetworkPolicy not programmed yet"));
        }
        readiness.add("routing", () -> routes(routing, kernel));
        readiness.add("bgp", () -> routing.speaker().map(s -> sessions(s.peers())).orElse(Optional.empty()));
    }

    static Optional<String> datastore(DatastoreHealth h) {
        if (!h.synced()) {
            return Optional.of("datastore " + h.source() + " not synced yet"
                    + h.lastError().map(e -> " (last error: " + e + ")").orElse(""));
        }
        if (h.outage()) {
            return Optional.of("datastore " + h.source() + " outage since " + h.outageSince().get()
                    + h.lastError().map(e -> ": " + e).orElse("") + " (last known state in force)");
        }
        return Optional.empty();
    }

    static Optional<String> routes(RoutingController routing, KernelRouteSync kernel) {
        if (!routing.problem().isEmpty()) {
            return Optional.of("BGP not running: " + routing.problem());
        }
        Optional<BgpSpeaker> s = routing.speaker();
        if (s.isEmpty()) {
            return Optional.of("BGP speaker not started yet");
        }
        Set<IpPrefix> installed = new HashSet<>();
        for (RouteSpec r : kernel.installed()) {
            installed.add(r.destination());
        }
        List<IpPrefix> missing = s.get().locRib().keySet().stream().filter(p -> !installed.contains(p)).sorted().toList();
        if (!missing.isEmpty()) {
            return Optional.of(missing.size() + " Loc-RIB route(s) not in the kernel yet, e.g. " + missing.get(0));
        }
        return Optional.empty();
    }

    static Optional<String> sessions(List<PeerStatus> peers) {
        if (peers.isEmpty() || peers.stream().anyMatch(p -> "Established".equals(p.state()))) {
            return Optional.empty();
        }
        return Optional.of("no BGP session Established: " + peers.stream()
                .map(p -> IpAddresses.toText(p.peerAddress()) + " " + p.state()).collect(Collectors.joining(", ")));
    }

    /**
     * The datastore made progress since the last call: a new snapshot, a newer confirmed sync, or
     * an outage it is reporting (a loop that reports an outage is alive; readiness shows it).
     */
    static BooleanSupplier datastoreProgress(Datastore store) {
        return new BooleanSupplier() {
            private long snapshots = -1;
            private Instant lastSync;

            @Override
            public boolean getAsBoolean() {
                DatastoreHealth h = store.health();
                boolean progressed = h.snapshots() != snapshots || h.outage()
                        || h.lastSync().map(t -> !t.equals(lastSync)).orElse(false);
                snapshots = h.snapshots();
                lastSync = h.lastSync().orElse(null);
                return progressed;
            }
        };
    }
}
