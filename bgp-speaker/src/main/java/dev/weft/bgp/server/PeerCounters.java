package dev.weft.bgp.server;

import dev.weft.bgp.fsm.State;
import dev.weft.bgp.session.BgpSessionHandler;
import dev.weft.bgp.wire.AddressFamily;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What {@link PeerStatus} shows of one peer's history: since when its session is Established,
 * how often Established was left (flaps), UPDATEs received and sent, read pauses of ended sessions
 * (back-pressure, {@link UpdateInbox#pauses()}), the last error and the last NOTIFICATION sent and
 * received; and the snapshot {@link PeerStatus} built from them, the connections' states and the
 * Graceful Restart state. Event loop only; {@link #status} takes the RIB counts and the live parts
 * from the caller.
 */
final class PeerCounters {
    private static final String SENT = "sent NOTIFICATION ";
    private static final String RECEIVED = "received NOTIFICATION ";

    private Instant establishedSince;
    private String lastError;
    private int flaps;
    private long updatesReceived;
    private long updatesSent;
    private long readPauses;
    private String lastNotificationSent;
    private String lastNotificationReceived;

    /** The last error, or null if none yet. */
    String lastError() {
        return lastError;
    }

    /** Sets the last error (shown by {@link PeerStatus#lastError()}). */
    void lastError(String error) {
        lastError = error;
    }

    /** One UPDATE received on the Established session. */
    void updateReceived() {
        updatesReceived++;
    }

    /** {@code count} UPDATEs handed to the Established session. */
    void updatesSent(int count) {
        updatesSent += count;
    }

    /** A session reached Established now. */
    void established() {
        establishedSince = Instant.now();
    }

    /**
     * The Established session is gone: one flap.
     *
     * @param readPauses how often its reads were paused by back-pressure
     */
    void sessionLost(long readPauses) {
        establishedSince = null;
        flaps++;
        this.readPauses += readPauses;
    }

    /**
     * A connection ended for {@code reason}: the last error; "sent NOTIFICATION x/y ..." and
     * "received NOTIFICATION x/y ..." (as {@code BgpSessionHandler} reports them) also set the last
     * NOTIFICATION sent or received.
     */
    void connectionClosed(String reason) {
        lastError = reason;
        if (reason.startsWith(SENT)) {
            lastNotificationSent = reason.substring(SENT.length());
        } else if (reason.startsWith(RECEIVED)) {
            lastNotificationReceived = reason.substring(RECEIVED.length());
        }
    }

    /**
     * The status snapshot.
     *
     * @param idle the peer's own state (Idle, Connect or Active), shown when it has no connection;
     *     else the most advanced connection's state is shown
     * @param established the Established session, or null (negotiated families, Graceful Restart)
     * @param restartStatus {@link PeerRestart#status()}
     * @param deferring true while our advertisement is deferred (RFC 4724 §4.1)
     * @param livePauses read pauses of the Established session so far
     */
    PeerStatus status(PeerConfig config, State idle, List<BgpSessionHandler> connections, BgpSessionHandler established,
            String restartStatus, BooleanSupplier deferring, int prefixesReceived, int prefixesAdvertised, long livePauses) {
        State shown = idle;
        if (!connections.isEmpty()) {
            shown = State.IDLE;
            for (BgpSessionHandler h : connections) {
                if (h.state().compareTo(shown) > 0) {
                    shown = h.state();
                }
            }
        }
        List<String> families = established == null ? List.of()
                : established.negotiated().families().stream().map(AddressFamily::toString).toList();
        return new PeerStatus(config.peerAddress(), config.peerAs(), shown.rfcName(),
                prefixesReceived, prefixesAdvertised, Optional.ofNullable(establishedSince), Optional.ofNullable(lastError), flaps,
                updatesReceived, updatesSent, Optional.ofNullable(lastNotificationSent),
                Optional.ofNullable(lastNotificationReceived), families,
                gracefulRestart(established, restartStatus, deferring), readPauses + livePauses);
    }

    /** "restarting" or "stale" ({@link PeerRestart}), "deferring" (we restarted), "helper" (the peer can restart), or "". */
    private static String gracefulRestart(BgpSessionHandler established, String restartStatus, BooleanSupplier deferring) {
        if (!restartStatus.isEmpty()) {
            return restartStatus;
        }
        if (established != null && deferring.getAsBoolean()) {
            return "deferring";
        }
        return established != null && established.negotiated().peerGracefulRestart().isPresent() ? "helper" : "";
    }
}
