package dev.weft.bgp.server;

import dev.weft.bgp.fsm.State;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@link PeerStatus} shows of one peer's history: since when its session is Established,
 * how often Established was left (flaps), UPDATEs received and sent, read pauses of ended sessions
 * (back-pressure, {@link UpdateInbox#pauses()}), the last error and the last NOTIFICATION sent and
 * received. Event loop only; {@link #status} takes the RIB counts and the live parts from the caller.
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
     * @param shown the state to show (the most advanced connection's, else the peer's)
     * @param families the negotiated families of the Established session (empty without one)
     * @param gracefulRestart "helper", "restarting", "stale", "deferring" or ""
     * @param livePauses read pauses of the Established session so far
     */
    PeerStatus status(PeerConfig config, State shown, int prefixesReceived, int prefixesAdvertised, List<String> families,
            String gracefulRestart, long livePauses) {
        return new PeerStatus(config.peerAddress(), config.peerAs(), shown.rfcName(),
                prefixesReceived, prefixesAdvertised, Optional.ofNullable(establishedSince), Optional.ofNullable(lastError), flaps,
                updatesReceived, updatesSent, Optional.ofNullable(lastNotificationSent),
                Optional.ofNullable(lastNotificationReceived), families, gracefulRestart, readPauses + livePauses);
    }
}
