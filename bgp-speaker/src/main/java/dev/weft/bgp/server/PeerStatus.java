package dev.weft.bgp.server;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of one peer, for metrics and {@code weftctl}.
 *
 * @param peerAddress the neighbour's address
 * @param peerAs its configured AS
 * @param state RFC 4271 state name: Idle, Connect, Active, OpenSent, OpenConfirm or Established
 * @param prefixesReceived prefixes in its Adj-RIB-In (all families, stale ones included)
 * @param prefixesAdvertised prefixes in its Adj-RIB-Out
 * @param establishedSince when the current session reached Established
 * @param lastError the last reason a connection ended or an UPDATE error, e.g.
 *     "sent NOTIFICATION 4/0 Hold Timer Expired"
 * @param flaps how many times a session with this peer left Established
 * @param updatesReceived UPDATE messages received since the peer was added
 * @param updatesSent UPDATE messages sent since the peer was added
 * @param lastNotificationSent the last NOTIFICATION we sent, e.g. "6/1 Maximum Number of Prefixes Reached"
 * @param lastNotificationReceived the last NOTIFICATION the peer sent us
 * @param families the address families negotiated on the current session, e.g. "ipv4-unicast";
 *     empty when not Established
 * @param gracefulRestart "" when the peer did not negotiate Graceful Restart; else what we are doing
 *     about it: "helper" (peer is up, GR negotiated), "restarting" (its session dropped: routes
 *     kept stale until it is back or the restart time passed), "stale" (it is back; its old
 *     routes wait for its End-of-RIB), "deferring" (we restarted and wait for
 *     its End-of-RIB)
 * @param readPauses how often reading from the peer was paused because the RIB thread was behind
 *     (back-pressure through auto-read)
 */
public record PeerStatus(InetAddress peerAddress, long peerAs, String state, int prefixesReceived, int prefixesAdvertised,
        Optional<Instant> establishedSince, Optional<String> lastError, int flaps, long updatesReceived,
        long updatesSent, Optional<String> lastNotificationSent, Optional<String> lastNotificationReceived,
        List<String> families, String gracefulRestart, long readPauses) {

    public PeerStatus {
        families = List.copyOf(families);
    }

    /** How long the current session has been Established (zero when it is not). */
    public Duration uptime(Instant now) {
        return establishedSince.map(s -> Duration.between(s, now)).orElse(Duration.ZERO);
    }
}
