package dev.weft.agent.datastore.kube;

import java.time.Instant;
import java.util.Objects;

/**
 * One BGP session as this node sees it, for {@code BGPPeer.status.nodes[]}.
 *
 * @param state RFC 4271 §8.2.2 FSM state name: {@code Idle}, {@code Connect}, {@code Active},
 *     {@code OpenSent}, {@code OpenConfirm} or {@code Established}
 * @param since when the session entered {@code state}
 * @param prefixesReceived prefixes in the Adj-RIB-In from the peer
 * @param prefixesAdvertised prefixes advertised to the peer (Adj-RIB-Out)
 */
public record PeerSessionState(String state, Instant since, long prefixesReceived, long prefixesAdvertised) {
    public PeerSessionState {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
    }
}
