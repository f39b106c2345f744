package dev.weft.bgp.server;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * A snapshot of one peer.
 *
 * @param peerAddress the neighbour's address
 * @param peerAs its configured AS
 * @param state RFC 4271 state name: Idle, Connect, Active, OpenSent, OpenConfirm or Established
 * @param prefixesReceived prefixes in its Adj-RIB-In
 * @param prefixesAdvertised prefixes in its Adj-RIB-Out
 * @param establishedSince when the current session reached Established
 * @param lastError the last reason a connection ended or an UPDATE error, e.g.
 *     "sent NOTIFICATION 4/0 Hold Timer Expired"
 */
public record PeerStatus(InetAddress peerAddress, long peerAs, String state, int prefixesReceived, int prefixesAdvertised,
        Optional<Instant> establishedSince, Optional<String> lastError) {}
