package dev.weft.bgp.server;

import dev.weft.bgp.fsm.State;
import dev.weft.bgp.session.NegotiatedSession;
import dev.weft.common.net.IpAddresses;
import java.net.Inet4Address;
import java.time.Duration;

/**
 * Decides, when a connection's OPEN arrives while another connection to the same peer is in
 * OpenConfirm or Established, which of the two survives. Pure and stateless; the
 * {@link PeerController} carries the decision out.
 *
 * <p>The decision is taken at the new connection's OPEN, never at TCP accept: until then the new
 * connection waits in OpenSent with its own timers (RFC 4271 §6.8 detects collisions on OPEN).
 * The rules, in order:
 * <ol>
 *   <li>Other connection in OpenConfirm: RFC 4271 §6.8, the speaker with the higher BGP Identifier
 *       (equal identifiers: the higher AS, RFC 6286 §2.3) keeps the connection it initiated
 *       ({@link Outcome#KEEP_NEW} or {@link Outcome#KEEP_OTHER}). Two connections in the same
 *       direction: the newer one replaces the older one.</li>
 *   <li>Other connection Established, Graceful Restart negotiated on it and the new OPEN has the
 *       Restart State bit: the peer restarted (RFC 4724 §4.2) → {@link Outcome#PEER_RESTARTED}.</li>
 *   <li>Other connection Established <em>young</em> — Established for less than its negotiated
 *       hold time, so the peer may still be in OpenConfirm on it and resolve the collision by rule
 *       1 — and the two connections go in opposite directions: rule 1's comparison, so both sides
 *       keep the same connection (BIRD 2 {@code bgp_rx_open} does exactly this for a connection in
 *       OpenConfirm; interop finding O2).</li>
 *   <li>Otherwise (old Established, or a second connection in the same direction): with Graceful
 *       Restart negotiated the peer restarted (RFC 4724 §4.2, as BIRD does for a new connection
 *       while Established) → {@link Outcome#PEER_RESTARTED}; without it the Established session
 *       wins and the new connection is closed with CEASE 6/7 (RFC 4271 §6.8) →
 *       {@link Outcome#KEEP_OTHER}.</li>
 * </ol>
 */
final class CollisionResolver {
    /** What to do with the two connections. */
    enum Outcome {
        /** Keep the other (older) connection; close the new one with CEASE 6/7. */
        KEEP_OTHER,
        /**
         * Keep the new connection; close the other one with CEASE 6/7 (a collision, RFC 4271 §6.8) —
         * an Established one only once the peer confirms the new connection (PeerController).
         */
        KEEP_NEW,
        /**
         * The peer restarted: the Established connection ends as if its TCP connection had failed
         * (no NOTIFICATION, routes kept stale, RFC 4724 §4.2) and the new one proceeds.
         */
        PEER_RESTARTED
    }

    /** One side of the collision as the resolver needs it. */
    record Connection(State state, boolean outbound) {}

    private final Inet4Address localId;
    private final long localAs;

    /**
     * @param localId our BGP Identifier
     * @param localAs our AS (the tie-breaker for equal identifiers, RFC 6286 §2.3)
     */
    CollisionResolver(Inet4Address localId, long localAs) {
        this.localId = localId;
        this.localAs = localAs;
    }

    /**
     * Decides between the connection whose OPEN just arrived and another connection to the peer.
     *
     * @param fresh the connection whose OPEN arrived (in OpenSent)
     * @param open what that OPEN negotiated (the peer's identifier, AS, Graceful Restart capability)
     * @param other the other connection, in {@link State#OPEN_CONFIRM} or {@link State#ESTABLISHED}
     * @param otherNegotiated what the other connection negotiated
     * @param establishedFor how long the other connection has been Established (ignored in OpenConfirm)
     * @throws IllegalArgumentException if {@code other} is in neither state
     */
    Outcome resolve(Connection fresh, NegotiatedSession open, Connection other, NegotiatedSession otherNegotiated,
            Duration establishedFor) {
        if (other.state() == State.OPEN_CONFIRM) {
            return bySpeakerIdentity(fresh, open, other);
        }
        if (other.state() != State.ESTABLISHED) {
            throw new IllegalArgumentException("no collision with a connection in " + other.state());
        }
        boolean gracefulRestart = otherNegotiated.peerGracefulRestart().isPresent();
        boolean restartState = open.peerGracefulRestart().map(gr -> gr.restartState()).orElse(false);
        if (gracefulRestart && restartState) {
            return Outcome.PEER_RESTARTED;
        }
        boolean young = establishedFor.compareTo(Duration.ofSeconds(otherNegotiated.holdTimeSeconds())) < 0;
        if (young && fresh.outbound() != other.outbound()) {
            return bySpeakerIdentity(fresh, open, other);
        }
        return gracefulRestart ? Outcome.PEER_RESTARTED : Outcome.KEEP_OTHER;
    }

    /**
     * RFC 4271 §6.8 with RFC 6286 §2.3: true if we are the dominant speaker (higher BGP Identifier,
     * unsigned; equal identifiers: higher AS), which keeps the connection it initiated.
     */
    boolean weAreDominant(Inet4Address peerId, long peerAs) {
        int cmp = Integer.compareUnsigned(IpAddresses.toInt(localId), IpAddresses.toInt(peerId));
        if (cmp == 0) {
            cmp = Long.compare(localAs, peerAs);
        }
        return cmp > 0;
    }

    private Outcome bySpeakerIdentity(Connection fresh, NegotiatedSession open, Connection other) {
        if (fresh.outbound() == other.outbound()) {
            return Outcome.KEEP_NEW; // same direction: the newer connection replaces the older one
        }
        boolean keepLocallyInitiated = weAreDominant(open.peerRouterId(), open.peerAs());
        return fresh.outbound() == keepLocallyInitiated ? Outcome.KEEP_NEW : Outcome.KEEP_OTHER;
    }
}
