package dev.weft.bgp.server;

import dev.weft.bgp.rib.Rib;
import dev.weft.bgp.rib.RibPeer;
import dev.weft.bgp.rib.RoleRules;
import dev.weft.bgp.session.BgpSessionHandler;
import dev.weft.bgp.session.NegotiatedSession;
import dev.weft.bgp.wire.AddressFamily;
import dev.weft.bgp.wire.CodecOptions;
import dev.weft.bgp.wire.RouteRefreshMessage;
import dev.weft.bgp.wire.UpdateMessage;
import io.netty.channel.EventLoop;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The link between one peer's Established session and the {@link Rib}: the {@link RibPeer} given to
 * the RIB ({@link Rib#peerUp}), the session's {@link UpdateInbox} (UPDATE batches, the peer's
 * End-of-RIB in order with them, max-prefix check after each batch, RFC 4486 §4), our End-of-RIB
 * after the initial table (RFC 4724 §2) and the selection deferral of a restarting speaker
 * (RFC 4724 §4.1), ROUTE-REFRESH in both directions (RFC 2918 §4, Enhanced Route Refresh RFC 7313
 * with {@link RefreshStaleTimers}) and the release of the peer's routes, or their Graceful Restart
 * ({@link PeerRestart}), when the session is lost.
 *
 * <p>Event loop, except where a method says RIB thread. Everything sent from the RIB is tagged with
 * the {@link RibPeer} of the session it was computed for and dropped if that session is gone.
 */
final class RibLink {
    private static final System.Logger LOG = System.getLogger(RibLink.class.getName());

    private final Supplier<PeerConfig> config;
    private final EventLoop loop;
    private final Rib rib;
    private final Executor ribThread;
    private final PeerRestart restart;
    private final PeerCounters counters;
    private final BooleanSupplier deferring;
    private final Runnable progress;
    private final Runnable maxPrefixHold;
    /** RFC 7313 §4.2: BoRR without EoRR. */
    private final RefreshStaleTimers refreshTimers;
    /** Families whose End-of-RIB the Established session's peer sent. */
    private final Set<AddressFamily> endOfRibReceived = new HashSet<>();
    /** The Established session, or null. */
    private BgpSessionHandler session;
    /** The UPDATE queue of the Established session. */
    private UpdateInbox inbox;
    /** The RibPeer given to the RIB for the Established session: sends for any other are stale. */
    private volatile RibPeer ribPeer;
    /**
     * RIB thread only: the session the RIB currently sends for ({@code ribPeer} of that session,
     * set with {@code peerUp}, cleared before its routes are released). The RIB may hand out
     * another {@link RibPeer} instance for the same session (e.g. after {@code setPolicies}).
     */
    private RibPeer ribSideSession;

    /**
     * @param config the peer's current configuration (read on both threads)
     * @param ribThread the RIB's single thread (FIFO)
     * @param deferring true while our advertisement is deferred (we restarted, RFC 4724 §4.1)
     * @param progress called when the session came up or the peer sent End-of-RIB (deferral progress)
     * @param maxPrefixHold called before the session is closed for too many prefixes
     */
    RibLink(Supplier<PeerConfig> config, EventLoop loop, Rib rib, Executor ribThread, PeerRestart restart,
            PeerCounters counters, BooleanSupplier deferring, Runnable progress, Runnable maxPrefixHold) {
        this.config = config;
        this.loop = loop;
        this.rib = rib;
        this.ribThread = ribThread;
        this.restart = restart;
        this.counters = counters;
        this.deferring = deferring;
        this.progress = progress;
        this.maxPrefixHold = maxPrefixHold;
        this.refreshTimers = new RefreshStaleTimers(loop);
    }

    /**
     * {@code session} reached Established: our next hops on it ({@link LocalNextHops}; the IPv6
     * ones become own addresses for the NEXT_HOP check too, RFC 4271 §6.3), the RIB gets its
     * {@link RibPeer} and sends it the whole table, then End-of-RIB follows; stale routes of a
     * Graceful Restart are settled.
     */
    void up(BgpSessionHandler session, SpeakerConfig speaker) {
        PeerConfig peer = config.get();
        NegotiatedSession n = session.negotiated();
        InetAddress local = session.localAddress() instanceof InetSocketAddress a ? BgpSpeaker.unmapped(a.getAddress()) : null;
        LocalNextHops hops = LocalNextHops.of(local, peer.peerAddress(), speaker.routerId(), peer.ipv6NextHop());
        session.addLocalAddresses(Stream.concat(hops.ipv6().stream(), hops.linkLocal().stream()).toList());
        boolean ebgp = speaker.localAs() != n.peerAs();
        RibPeer rp = new RibPeer(peer.peerAddress(), n.peerAs(), n.peerRouterId(), ebgp, hops.ipv4(),
                new CodecOptions(n.fourOctetAs()).withExtendedMessage(n.extendedMessage()))
                .withRouteReflectorClient(peer.routeReflectorClient() && !ebgp)
                .withPolicies(peer.importPolicy(), peer.exportPolicy())
                .withLocalRole(ebgp ? peer.role().map(BgpRole::code).orElse(RoleRules.NONE) : RoleRules.NONE);
        if (n.carries(AddressFamily.IPV6_UNICAST) && hops.ipv6().isPresent()) {
            rp = rp.withIpv6NextHop(hops.ipv6().get(), hops.linkLocal());
        }
        RibPeer up = rp;
        this.session = session;
        ribPeer = up;
        endOfRibReceived.clear();
        OtcIngress otc = new OtcIngress(up.localRole(), n.peerAs()); // RFC 9234 §5
        inbox = new UpdateInbox(session.channel(), ribThread, batch -> applyUpdates(up, otc, batch));
        ribThread.execute(() -> {
            ribSideSession = up;
            rib.peerUp(up);
            loop.execute(() -> sendEndOfRib(up)); // after the initial table the RIB just queued
        });
        restart.sessionUp(n);
        progress.run();
    }

    /**
     * The Established session is gone: release its routes, or keep them stale (RFC 4724 §4.2).
     *
     * @param keepStale the peer's routes are kept stale for its Restart Time (it must have
     *     advertised Graceful Restart)
     */
    void down(BgpSessionHandler lost, boolean keepStale) {
        refreshTimers.cancelAll();
        session = null;
        ribPeer = null;
        UpdateInbox box = inbox;
        inbox = null;
        counters.sessionLost(box.pauses());
        InetAddress peer = config.get().peerAddress();
        if (keepStale && lost.negotiated().peerGracefulRestart().isPresent()) {
            LOG.log(System.Logger.Level.INFO, peer.getHostAddress() + " restarting gracefully: routes kept"
                    + " stale for up to " + lost.negotiated().peerGracefulRestart().get().restartTimeSeconds() + " s");
            restart.sessionLost(lost.negotiated(), () -> {
                ribSideSession = null;
                box.close();
            });
        } else {
            restart.cancel();
            ribThread.execute(() -> {
                ribSideSession = null;
                box.close();
                rib.peerDown(config.get().peerAddress());
            });
        }
    }

    /** An UPDATE of the Established session, queued for the RIB. */
    void offer(UpdateMessage update) {
        inbox.offer(update);
    }

    /** How often the Established session's reads were paused by back-pressure (0 without one). */
    long readPauses() {
        return inbox == null ? 0 : inbox.pauses();
    }

    /**
     * Selection deferral (RFC 4724 §4.1): true once this peer no longer holds it up: Established
     * and either without Graceful Restart or with End-of-RIB received for every family.
     */
    boolean deferralSatisfied() {
        if (session == null) {
            return false;
        }
        NegotiatedSession n = session.negotiated();
        return n.peerGracefulRestart().isEmpty() || endOfRibReceived.containsAll(n.families());
    }

    /** The deferral ended: re-send the whole Adj-RIB-Out (held back so far), then End-of-RIB. */
    void deferralEnded() {
        RibPeer rp = ribPeer;
        if (rp == null) {
            return;
        }
        ribThread.execute(() -> {
            rib.routeRefresh(config.get().peerAddress());
            loop.execute(() -> sendEndOfRib(rp));
        });
    }

    /** End-of-RIB for every negotiated family (RFC 4724 §2), after the initial table. */
    private void sendEndOfRib(RibPeer rp) {
        if (rp == ribPeer && session != null && !deferring.getAsBoolean()) {
            session.send(session.negotiated().families().stream().map(UpdateMessage::endOfRib).toList());
        }
    }

    /** Sends UPDATEs on the Established session, if any (event loop). */
    void send(List<UpdateMessage> updates) {
        if (session != null) {
            counters.updatesSent(updates.size());
            session.send(updates);
        }
    }

    /**
     * Sends UPDATEs the RIB computed for {@code forPeer} (any thread): dropped if that session is
     * no longer the Established one (the RIB re-sends its whole table to a new session).
     */
    void sendFromRib(RibPeer forPeer, List<UpdateMessage> updates) {
        RibPeer current = ribSideSession;
        if (current == null || !current.address().equals(forPeer.address())) {
            return;
        }
        loop.execute(() -> {
            if (current == ribPeer) {
                send(updates);
            }
        });
    }

    /**
     * RIB thread: a batch of UPDATEs from the session of {@code rp}, each through the session's
     * Only-to-Customer ingress procedure first (RFC 9234 §5).
     */
    private void applyUpdates(RibPeer rp, OtcIngress otc, List<UpdateMessage> batch) {
        InetAddress peer = config.get().peerAddress();
        long leaksBefore = otc.leaks();
        try {
            List<UpdateMessage> run = new ArrayList<>();
            for (UpdateMessage u : batch) {
                Optional<AddressFamily> eor = u.endOfRib();
                if (eor.isEmpty()) {
                    run.add(otc.apply(u));
                    continue;
                }
                if (!run.isEmpty()) {
                    rib.update(peer, run);
                    run = new ArrayList<>();
                }
                AddressFamily f = eor.get();
                loop.execute(() -> endOfRibReceived(rp, f));
            }
            if (!run.isEmpty()) {
                rib.update(peer, run);
            }
        } catch (RuntimeException e) {
            // a bug must not take a good session down: report it and go on
            String why = "UPDATE not applied: " + e;
            loop.execute(() -> counters.lastError(why));
            LOG.log(System.Logger.Level.ERROR, peer.getHostAddress() + ": " + why, e);
        }
        if (otc.leaks() != leaksBefore) {
            String why = "route leak: " + otc.leaks() + " UPDATE(s) with OTC not eligible (RFC 9234 §5)";
            LOG.log(System.Logger.Level.INFO, peer.getHostAddress() + ": " + why);
            loop.execute(() -> counters.lastError(why));
        }
        PrefixLimits.check(rib, config.get()).ifPresent(o -> loop.execute(() -> maxPrefixesExceeded(rp, o)));
    }

    /** Event loop: the peer's End-of-RIB for {@code family}, after its preceding UPDATEs were applied. */
    private void endOfRibReceived(RibPeer rp, AddressFamily family) {
        if (rp != ribPeer) {
            return;
        }
        endOfRibReceived.add(family);
        restart.endOfRib(family);
        progress.run();
    }

    /**
     * RFC 4486 §4: CEASE 6/1 with the AFI (2), SAFI (1) of the family that overflowed and its
     * limit (4) as data (sent as Hard Reset when RFC 8538 was negotiated); the peer reconnects
     * after {@link PeerConfig#maxPrefixRestart()} or stays down ({@link ConnectRetry#holdForMaxPrefix}).
     */
    private void maxPrefixesExceeded(RibPeer rp, PrefixLimits.Overflow overflow) {
        if (rp != ribPeer || session == null) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, config.get().peerAddress().getHostAddress() + ": " + overflow.received() + " "
                + overflow.family() + " prefixes received, limit " + overflow.limit() + ": closing with CEASE 6/1");
        maxPrefixHold.run();
        session.stop(overflow.cease());
    }

    /**
     * ROUTE-REFRESH on the Established {@code session} (RFC 2918 §4; answered whether or not we
     * negotiated the capability, as we always advertise it): re-sends our Adj-RIB-Out of the family
     * asked for. With Enhanced Route Refresh (RFC 7313 §4) the answer is framed by BoRR and EoRR.
     * The peer's own BoRR marks its routes of the family stale and its EoRR drops those it did not
     * re-announce (RFC 7313 §4.2); both are queued to the RIB thread behind the UPDATEs received
     * before them.
     */
    void routeRefresh(BgpSessionHandler session, RouteRefreshMessage message) {
        RibPeer rp = ribPeer;
        AddressFamily family = message.family();
        PeerConfig peerConfig = config.get();
        InetAddress peer = peerConfig.peerAddress();
        if (message.subtype() == RouteRefreshMessage.BEGINNING_OF_RIB_REFRESH
                || message.subtype() == RouteRefreshMessage.END_OF_RIB_REFRESH) {
            LOG.log(System.Logger.Level.DEBUG, () -> peer.getHostAddress() + ": " + message);
            if (!session.negotiated().enhancedRouteRefresh()) {
                return; // RFC 7313 §5: BoRR/EoRR without the capability negotiated are ignored
            }
            boolean begin = message.subtype() == RouteRefreshMessage.BEGINNING_OF_RIB_REFRESH;
            if (begin) {
                // RFC 7313 §4.2: the EoRR may never come; purge what is still stale after a while
                refreshTimers.begin(family, peerConfig.enhancedRefreshStaleTime(), () -> refreshStaleExpired(rp, family));
            } else {
                refreshTimers.end(family);
            }
            ribThread.execute(() -> {
                if (ribSideSession != rp) {
                    return;
                }
                if (begin) {
                    rib.markStale(peer, family);
                } else {
                    rib.endOfRib(peer, family);
                }
            });
            return;
        }
        if (message.subtype() != RouteRefreshMessage.NORMAL) {
            return;
        }
        boolean enhanced = session.negotiated().enhancedRouteRefresh();
        if (enhanced) {
            session.send(List.of(RouteRefreshMessage.beginning(family)));
        }
        ribThread.execute(() -> {
            rib.routeRefresh(peer, family);
            if (enhanced) {
                loop.execute(() -> {
                    if (rp == ribPeer && this.session != null) {
                        this.session.send(List.of(RouteRefreshMessage.end(family)));
                    }
                });
            }
        });
    }

    /**
     * No EoRR within {@link PeerConfig#enhancedRefreshStaleTime()} of the BoRR (RFC 7313 §4.2):
     * the family's routes still stale are purged, in order with the UPDATEs read before.
     */
    private void refreshStaleExpired(RibPeer rp, AddressFamily family) {
        if (rp != ribPeer) {
            return;
        }
        PeerConfig peerConfig = config.get();
        InetAddress peer = peerConfig.peerAddress();
        LOG.log(System.Logger.Level.WARNING, peer.getHostAddress() + ": no EoRR for " + family + " within "
                + peerConfig.enhancedRefreshStaleTime().toSeconds() + " s of its BoRR: purging its stale routes (RFC 7313 §4.2)");
        counters.lastError("Enhanced Route Refresh of " + family + " without EoRR: stale routes purged (RFC 7313 §4.2)");
        ribThread.execute(() -> {
            if (ribSideSession == rp) {
                rib.endOfRib(peer, family);
            }
        });
    }
}
