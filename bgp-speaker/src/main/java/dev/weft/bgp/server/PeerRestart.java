package dev.weft.bgp.server;

import dev.weft.bgp.rib.Rib;
import dev.weft.bgp.session.HardReset;
import dev.weft.bgp.session.NegotiatedSession;
import dev.weft.bgp.wire.AddressFamily;
import dev.weft.bgp.wire.NotificationMessage;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Graceful Restart of one peer as receiving speaker (RFC 4724 §4.2), on the speaker's event
 * loop; RIB calls go to the RIB thread in order with the session's UPDATEs.
 * <ol>
 *   <li>The session ends without a NOTIFICATION (or, with RFC 8538's N bit negotiated, with any
 *       NOTIFICATION but a Hard Reset: {@link #applies}) and the peer advertised Graceful Restart: its
 *       routes of the families it preserves are kept, marked stale ({@link Rib#markStale}); those
 *       of other families are dropped; the restart timer (the peer's Restart Time) starts.</li>
 *   <li>The timer expires before the peer is back: every stale route goes ({@link Rib#sweepStale}).</li>
 *   <li>The peer is back: stale routes of families it no longer preserves (no F bit, or no
 *       capability) go at once; the others stay until its End-of-RIB for the family
 *       ({@link Rib#endOfRib}) or, at the latest, another Restart Time ("stale routes time").</li>
 * </ol>
 */
final class PeerRestart {
    private final InetAddress peer;
    private final EventLoop loop;
    private final Executor ribThread;
    private final Rib rib;
    private final Set<AddressFamily> awaitingEor = new HashSet<>();
    private ScheduledFuture<?> timer;
    private boolean down;

    PeerRestart(InetAddress peer, EventLoop loop, Executor ribThread, Rib rib) {
        this.peer = peer;
        this.loop = loop;
        this.ribThread = ribThread;
        this.rib = rib;
    }

    /**
     * True if the session's end is handled gracefully: its routes are kept stale (the caller then
     * must not call {@link Rib#peerDown}). Needs Graceful Restart negotiated (RFC 4724 §4.2) and
     * the peer not being removed; then
     * <ul>
     *   <li>no NOTIFICATION (TCP failure, the peer crashed): graceful (RFC 4724 §4.2);</li>
     *   <li>a NOTIFICATION sent or received, HoldTimer expiry (4/0) included: graceful only if both
     *       sides set the N bit (RFC 8538 §4) and it is not a Hard Reset (6/9, RFC 8538 §3 — we
     *       send our CEASEs 6/1, 6/2 and 6/3 as Hard Reset then, {@link HardReset#required}).</li>
     * </ul>
     *
     * @param ending the NOTIFICATION that ended the session, sent or received, as on the wire
     */
    static boolean applies(NegotiatedSession n, Optional<NotificationMessage> ending, boolean stopped) {
        if (n == null || n.peerGracefulRestart().isEmpty() || stopped) {
            return false;
        }
        return ending.isEmpty() || (n.gracefulNotification() && !HardReset.is(ending.get()));
    }

    /** Step 1; {@code beforeStale} runs first on the RIB thread (closing the session's UPDATE queue). */
    void sessionLost(NegotiatedSession n, Runnable beforeStale) {
        List<AddressFamily> kept = n.gracefulRestartFamilies();
        ribThread.execute(() -> {
            beforeStale.run();
            rib.markStale(peer);
            for (AddressFamily f : n.families()) {
                if (!kept.contains(f)) {
                    rib.endOfRib(peer, f.equals(AddressFamily.IPV4_UNICAST));
                }
            }
        });
        awaitingEor.clear();
        awaitingEor.addAll(kept);
        down = true;
        startTimer(n.peerGracefulRestart().get().restartTimeSeconds());
    }

    /** Step 3: the peer is Established again with {@code n} (call after {@link Rib#peerUp} was queued). */
    void sessionUp(NegotiatedSession n) {
        down = false;
        if (awaitingEor.isEmpty()) {
            cancelTimer();
            return;
        }
        List<AddressFamily> preserved = n.peerGracefulRestart().map(gr -> gr.families().stream()
                .filter(f -> f.forwardingPreserved()).map(f -> f.family()).toList()).orElse(List.of());
        for (AddressFamily f : List.copyOf(awaitingEor)) {
            if (!preserved.contains(f) || !n.families().contains(f)) {
                endOfRib(f);
            }
        }
        if (!awaitingEor.isEmpty()) {
            startTimer(n.peerGracefulRestart().map(gr -> gr.restartTimeSeconds()).orElse(0));
        }
    }

    /** End-of-RIB for {@code family} from the peer (in order with its UPDATEs: call on the RIB thread's behalf). */
    void endOfRib(AddressFamily family) {
        if (awaitingEor.remove(family)) {
            ribThread.execute(() -> rib.endOfRib(peer, family.equals(AddressFamily.IPV4_UNICAST)));
            if (awaitingEor.isEmpty()) {
                cancelTimer();
            }
        }
    }

    /** The peer was removed: nothing more to wait for (its routes go with {@link Rib#peerDown}). */
    void cancel() {
        awaitingEor.clear();
        cancelTimer();
        down = false;
    }

    /** "restarting" while the peer is down with stale routes, "stale" while waiting for its End-of-RIB, else "". */
    String status() {
        return awaitingEor.isEmpty() && timer == null ? "" : down ? "restarting" : "stale";
    }

    private void startTimer(int seconds) {
        cancelTimer();
        timer = loop.schedule(() -> {
            timer = null;
            awaitingEor.clear();
            ribThread.execute(() -> rib.sweepStale(peer));
        }, seconds, TimeUnit.SECONDS);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
