package dev.weft.agent.status;

import dev.weft.bgp.server.PeerStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Per-peer BGP meters, refreshed from one {@code BgpSpeaker.peers()} snapshot per scrape
 * ({@link #refresh()}): meters of new peers are registered, those of removed peers removed.
 * Every per-peer series has the labels {@code peer} (the neighbour's address) and {@code peer_as}.
 *
 * <ul>
 *   <li>{@code weft_bgp_peers}, {@code weft_bgp_peers_established} — configured peers, peers in Established;
 *   <li>{@code weft_bgp_session_state{state}} — 1 for the session's RFC 4271 §8.2.2 state, 0 for the
 *       five others (one series per state, like {@code node_systemd_unit_state});
 *   <li>{@code weft_bgp_session_established_seconds} — time in Established (0 when not);
 *   <li>{@code weft_bgp_prefixes_received}, {@code weft_bgp_prefixes_advertised} — Adj-RIB-In and
 *       Adj-RIB-Out sizes;
 *   <li>{@code weft_bgp_session_flaps_total} — times the session left Established;
 *   <li>{@code weft_bgp_updates_received_total}, {@code weft_bgp_updates_sent_total} — UPDATE messages.
 * </ul>
 */
public final class BgpMetrics {
    /** RFC 4271 §8.2.2 session states, in FSM order. */
    public static final List<String> STATES = List.of("Idle", "Connect", "Active", "OpenSent", "OpenConfirm", "Established");

    private final MeterRegistry registry;
    private final Supplier<List<PeerStatus>> source;
    private final Clock clock;
    private final Map<String, List<Meter>> meters = new HashMap<>();
    private volatile Map<String, PeerStatus> snapshot = Map.of();

    /**
     * @param registry where the meters go
     * @param source the peers now (e.g. {@code () -> speaker.map(BgpSpeaker::peers).orElse(List.of())})
     * @param clock wall clock for the time in Established
     */
    public BgpMetrics(MeterRegistry registry, Supplier<List<PeerStatus>> source, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
        Gauge.builder("weft_bgp_peers", () -> snapshot.size()).description("Configured BGP peers").register(registry);
        Gauge.builder("weft_bgp_peers_established",
                        () -> snapshot.values().stream().filter(p -> "Established".equals(p.state())).count())
                .description("BGP peers whose session is Established").register(registry);
    }

    /** Takes a new snapshot of the peers and adds/removes per-peer meters. Thread-safe. */
    public synchronized void refresh() {
        Map<String, PeerStatus> next = new LinkedHashMap<>();
        for (PeerStatus p : source.get()) {
            next.put(p.peerAddress().getHostAddress(), p);
        }
        snapshot = next;
        for (var it = meters.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!next.containsKey(e.getKey()) || !peerAs(e.getKey()).equals(e.getValue().get(0).getId().getTag("peer_as"))) {
                e.getValue().forEach(registry::remove);
                it.remove();
            }
        }
        next.forEach((peer, status) -> meters.computeIfAbsent(peer, this::register));
    }

    private String peerAs(String peer) {
        PeerStatus p = snapshot.get(peer);
        return p == null ? "" : Long.toString(p.peerAs());
    }

    private List<Meter> register(String peer) {
        Tags tags = Tags.of("peer", peer, "peer_as", peerAs(peer));
        List<Meter> out = new ArrayList<>();
        for (String state : STATES) {
            out.add(gauge("weft_bgp_session_state", tags.and("state", state), peer,
                    p -> state.equals(p.state()) ? 1 : 0, "1 for the BGP session's current state, 0 otherwise"));
        }
        out.add(gauge("weft_bgp_session_established_seconds", tags, peer,
                p -> p.establishedSince().filter(t -> "Established".equals(p.state()))
                        .map(t -> Math.max(0, Duration.between(t, clock.instant()).toMillis() / 1000.0)).orElse(0.0),
                "Time the BGP session has been Established, 0 when it is not"));
        out.add(gauge("weft_bgp_prefixes_received", tags, peer, PeerStatus::prefixesReceived,
                "Prefixes in the peer's Adj-RIB-In"));
        out.add(gauge("weft_bgp_prefixes_advertised", tags, peer, PeerStatus::prefixesAdvertised,
                "Prefixes in the peer's Adj-RIB-Out"));
        out.add(counter("weft_bgp_session_flaps", tags, peer, PeerStatus::flaps,
                "Times a session with the peer left Established"));
        out.add(counter("weft_bgp_updates_received", tags, peer, PeerStatus::updatesReceived,
                "BGP UPDATE messages received from the peer"));
        out.add(counter("weft_bgp_updates_sent", tags, peer, PeerStatus::updatesSent,
                "BGP UPDATE messages sent to the peer"));
        return out;
    }

    private Meter counter(String name, Tags tags, String peer, ToDoubleFunction<PeerStatus> f, String help) {
        // The counts belong to the speaker and restart at 0 when the peer is re-added; the meter
        // is removed and registered again then (refresh), so the series restarts too.
        return FunctionCounter.builder(name, this, m -> {
                    PeerStatus p = m.snapshot.get(peer);
                    return p == null ? 0 : f.applyAsDouble(p);
                })
                .tags(tags).description(help).register(registry);
    }

    private Meter gauge(String name, Tags tags, String peer, ToDoubleFunction<PeerStatus> f, String help) {
        return Gauge.builder(name, () -> {
                    PeerStatus p = snapshot.get(peer);
                    return p == null ? Double.NaN : f.applyAsDouble(p);
                })
                .tags(tags).description(help).register(registry);
    }
}
