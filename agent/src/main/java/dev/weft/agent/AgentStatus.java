package dev.weft.agent;

import dev.weft.agent.datastore.ClusterState;
import dev.weft.agent.datastore.DatastoreHealth;
import dev.weft.agent.policy.SyncResult;
import dev.weft.agent.routing.KernelRouteSync;
import dev.weft.agent.routing.NodeRouting;
import dev.weft.agent.routing.RoutingController;
import dev.weft.bgp.server.BestPath;
import dev.weft.bgp.server.BgpSpeaker;
import dev.weft.bgp.server.PeerStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Builds the agent's {@code /status} document and its gauges from the live components. */
final class AgentStatus {
    private final String nodeName;
    private final RoutingController routing;
    private final KernelRouteSync kernel;
    private final Supplier<Optional<SyncResult>> policy;
    private volatile ClusterState state = ClusterState.empty();
    private volatile Supplier<DatastoreHealth> datastore = () -> null;

    AgentStatus(String nodeName, RoutingController routing, KernelRouteSync kernel,
            Supplier<Optional<SyncResult>> policy) {
        this.nodeName = nodeName;
        this.routing = routing;
        this.kernel = kernel;
        this.policy = policy;
    }

    /** The datastore's health, shown under {@code datastore} in {@code /status}. */
    void setDatastore(Supplier<DatastoreHealth> health) {
        this.datastore = health;
    }

    void onState(ClusterState s) {
        state = s;
    }

    List<PeerStatus> peers() {
        return routing.speaker().map(BgpSpeaker::peers).orElse(List.of());
    }

    boolean allPeersEstablished() {
        List<PeerStatus> p = peers();
        return routing.speaker().isPresent() && !p.isEmpty()
                && p.stream().allMatch(s -> "Established".equals(s.state()));
    }

    void bindMetrics(MeterRegistry registry) {
        Gauge.builder("weft_kernel_routes", kernel, k -> k.installed().size())
                .description("Kernel routes programmed from BGP best paths").register(registry);
        Gauge.builder("weft_datastore_rejections", this, s -> s.state.rejections().size())
                .description("Datastore objects rejected as invalid").register(registry);
        Gauge.builder("weft_networkpolicy_rejections", this, s -> s.policy.get()
                        .map(r -> r.rejections().size() + r.inputRejections().size()).orElse(0))
                .description("NetworkPolicy objects rejected as invalid (all others are enforced)").register(registry);
    }

    private static Map<String, Object> policyStatus(SyncResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sync", r.sequence());
        m.put("applied", r.applied());
        m.put("localEndpoints", r.localEndpoints());
        m.put("policyChains", r.desiredState().policyChains().size());
        m.put("ipSets", r.desiredState().ipSets().size());
        m.put("computeMillis", r.computeTime().toNanos() / 1e6);
        m.put("applyMillis", r.applyTime().toNanos() / 1e6);
        List<String> rejected = new ArrayList<>();
        r.rejections().forEach(x -> rejected.add(x.policy() + ": " + x.reason()));
        r.inputRejections().forEach(x -> rejected.add(x.object() + " (" + x.source() + "): " + x.reason()));
        m.put("rejected", rejected);
        return m;
    }

    /** The {@code /status} document: plain maps and lists, stable field names. */
    Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("node", nodeName);
        DatastoreHealth h = datastore.get();
        if (h != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("source", h.source());
            d.put("synced", h.synced());
            d.put("outageSince", h.outageSince().map(Object::toString).orElse(null));
            d.put("lastError", h.lastError().orElse(null));
            d.put("lastSync", h.lastSync().map(Object::toString).orElse(null));
            d.put("snapshots", h.snapshots());
            out.put("datastore", d);
        }
        Optional<NodeRouting> plan = routing.applied();
        out.put("bgpProblem", routing.problem());
        out.put("localAs", plan.map(NodeRouting::localAs).orElse(null));
        out.put("routerId", plan.map(p -> p.routerId().getHostAddress()).orElse(null));
        out.put("originated", plan.map(p -> p.originated().stream().sorted().map(Object::toString).toList())
                .orElse(List.of()));
        List<Map<String, Object>> peers = new ArrayList<>();
        for (PeerStatus p : peers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("peer", p.peerAddress().getHostAddress());
            m.put("peerAs", p.peerAs());
            m.put("state", p.state());
            m.put("prefixesReceived", p.prefixesReceived());
            m.put("prefixesAdvertised", p.prefixesAdvertised());
            m.put("establishedSince", p.establishedSince().map(Object::toString).orElse(null));
            m.put("lastError", p.lastError().orElse(null));
            peers.add(m);
        }
        out.put("peers", peers);
        List<Map<String, Object>> learned = new ArrayList<>();
        routing.speaker().map(BgpSpeaker::locRib).orElse(Map.of()).values().stream()
                .sorted((a, b) -> a.prefix().compareTo(b.prefix()))
                .forEach((BestPath b) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("prefix", b.prefix().toString());
                    m.put("nextHop", b.nextHop().getHostAddress());
                    m.put("asPath", b.asPath());
                    m.put("peer", b.peerAddress().getHostAddress());
                    learned.add(m);
                });
        out.put("learned", learned);
        out.put("kernelRoutes", kernel.installed().stream()
                .map(r -> r.destination() + r.gateway().map(g -> " via " + g.getHostAddress()).orElse(""))
                .toList());
        out.put("rejections", state.rejections().stream().map(Object::toString).toList());
        out.put("networkPolicy", policy.get().map(AgentStatus::policyStatus).orElse(null));
        out.put("nodes", state.nodes().keySet().stream().sorted().toList());
        return out;
    }

}
