package dev.weft.agent;

import dev.weft.agent.datastore.BgpPeerSpec;
import dev.weft.agent.datastore.ClusterState;
import dev.weft.agent.datastore.NodeInfo;
import dev.weft.agent.datastore.kube.PeerSessionState;
import dev.weft.bgp.server.PeerStatus;
import java.net.InetAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns the speaker's peer snapshots into {@code BGPPeer.status.nodes[]} entries of this node, by
 * BGPPeer name, for {@code BgpPeerStatusReporter.report}: every BGPPeer that applies to this node
 * and has a session in the speaker (matched on {@code spec.peerIP}). {@code since} is when the
 * session reached Established, or, for other states, when this publisher first saw the session
 * in that state. Not thread-safe (one caller, the agent's timer).
 */
final class PeerStatusPublisher {
    private record Seen(String state, Instant since) {}

    private final String nodeName;
    private final Map<InetAddress, Seen> seen = new HashMap<>();

    PeerStatusPublisher(String nodeName) {
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
    }

    /** The entries for the current state and peers at {@code now}. */
    Map<String, PeerSessionState> sessions(ClusterState state, List<PeerStatus> peers, Instant now) {
        Map<InetAddress, PeerStatus> byAddress = new HashMap<>();
        peers.forEach(p -> byAddress.put(p.peerAddress(), p));
        seen.keySet().retainAll(byAddress.keySet());
        NodeInfo node = state.nodes().get(nodeName);
        Map<String, PeerSessionState> out = new LinkedHashMap<>();
        state.bgpPeers().values().stream()
                .filter(spec -> node != null && spec.appliesTo(node))
                .sorted(java.util.Comparator.comparing(BgpPeerSpec::name))
                .forEach(spec -> {
                    PeerStatus p = byAddress.get(spec.peerIp());
                    if (p == null) {
                        return;
                    }
                    Seen s = seen.get(p.peerAddress());
                    if (s == null || !s.state().equals(p.state())) {
                        s = new Seen(p.state(), now);
                        seen.put(p.peerAddress(), s);
                    }
                    Instant since = "Established".equals(p.state()) ? p.establishedSince().orElse(s.since()) : s.since();
                    out.put(spec.name(), new PeerSessionState(p.state(), since, p.prefixesReceived(), p.prefixesAdvertised()));
                });
        return out;
    }
}
