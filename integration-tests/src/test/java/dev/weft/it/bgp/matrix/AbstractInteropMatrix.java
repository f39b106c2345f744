package dev.weft.it.bgp.matrix;

import static dev.weft.it.bgp.matrix.InteropNet.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.server.BestPath;
import dev.weft.bgp.server.BgpSpeaker;
import dev.weft.bgp.server.PeerConfig;
import dev.weft.bgp.server.PeerStatus;
import dev.weft.bgp.server.SpeakerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The interop checks of issue 5 item 4, run against one real daemon (a subclass supplies its
 * {@link DaemonHarness}) over IPv4 and IPv6. The namespace pair lives as long as the class; each
 * check starts a fresh daemon and a fresh Weft speaker (in this JVM, its event loop inside the
 * speaker namespace) and stops both afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractInteropMatrix {
    static final Duration WAIT = Duration.ofSeconds(30);

    InteropNet net;
    final List<BgpSpeaker> speakers = new ArrayList<>();
    final List<Family> cuts = new ArrayList<>();
    DaemonHarness daemon;

    /** Short name for the namespaces, 1–5 characters. */
    abstract String tag();

    abstract DaemonHarness newDaemon();

    @BeforeAll
    void createNamespaces() throws Exception {
        net = new InteropNet(tag());
    }

    @AfterAll
    void removeNamespaces() throws Exception {
        InteropNet.closeAll(net);
    }

    @AfterEach
    void stopEverything() throws Exception {
        List<AutoCloseable> all = new ArrayList<>(speakers);
        speakers.clear();
        for (Family f : cuts) {
            all.add(() -> net.restore(f));
        }
        cuts.clear();
        if (daemon != null) {
            all.add(daemon::stop);
            daemon = null;
        }
        InteropNet.closeAll(all.toArray(AutoCloseable[]::new));
    }

    void startDaemon(PeerSetup setup) throws Exception {
        daemon = newDaemon();
        daemon.start(net, setup);
    }

    /**
     * A Weft speaker in the speaker namespace, listening on [::]:179, originating the family's Pod
     * block (before any peer is added, as the agent does), with the daemon as its (active) peer.
     */
    BgpSpeaker startWeft(PeerSetup setup, UnaryOperator<SpeakerConfig> speakerConfig, UnaryOperator<PeerConfig> peerConfig) {
        BgpSpeaker speaker = DaemonPeering.startSpeaker(net, setup, "10.252.0.2", speakerConfig, peerConfig);
        speakers.add(speaker);
        return speaker;
    }

    BgpSpeaker startWeft(PeerSetup setup) {
        return startWeft(setup, c -> c, p -> p);
    }

    /** A fresh daemon and Weft speaker for {@code setup}, Established, with the routes there both ways. */
    BgpSpeaker sessionUp(PeerSetup setup) throws Exception {
        startDaemon(setup);
        BgpSpeaker weft = startWeft(setup);
        awaitEstablished(weft);
        awaitRoutesBothWays(weft, setup.family());
        return weft;
    }

    static PeerStatus status(BgpSpeaker speaker) {
        return speaker.peers().get(0);
    }

    void awaitEstablished(BgpSpeaker speaker) throws InterruptedException {
        await(WAIT, () -> status(speaker).state().equals("Established") && daemon.established(),
                () -> status(speaker) + "\n" + daemon.describe());
    }

    void awaitRoutesBothWays(BgpSpeaker speaker, Family f) throws InterruptedException {
        await(WAIT, () -> daemon.hasRouteFromWeft(f.podBlock), () -> daemon.describe());
        await(WAIT, () -> speaker.locRib().containsKey(f.daemonRoute), () -> speaker.locRib() + "\n" + status(speaker));
    }

    void cut(Family f) {
        net.cut(f);
        cuts.add(f);
    }

    void restore(Family f) {
        net.restore(f);
        cuts.remove(f);
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void sessionUpRoutesBothWaysWithdrawAndRouteRefresh(Family f) throws Exception {
        PeerSetup setup = PeerSetup.of(f);
        BgpSpeaker weft = sessionUp(setup);

        // the daemon's view of our route: NEXT_HOP = our address on the session, AS_PATH = [our AS]
        assertThat(daemon.routeDetail(f.podBlock)).contains(f.speakerIp()).contains(Long.toString(setup.weftAs()));
        // ours of the daemon's route
        BestPath learned = weft.locRib().get(f.daemonRoute);
        assertThat(learned.nextHop()).isEqualTo(f.daemonAddress());
        assertThat(learned.asPath()).containsExactly(setup.daemonAs());
        assertThat(learned.peerAddress()).isEqualTo(f.daemonAddress());

        // the daemon asks for a route refresh (RFC 2918): Weft re-sends its Adj-RIB-Out
        long before = daemon.updatesReceived();
        if (daemon.requestRefresh()) {
            await(WAIT, () -> daemon.updatesReceived() > before, () -> before + " before\n" + daemon.describe());
            assertThat(daemon.hasRouteFromWeft(f.podBlock)).isTrue();
            assertThat(status(weft).state()).isEqualTo("Established");
        }

        // withdraw both ways, then the daemon announces again
        weft.withdrawOriginated(f.podBlock);
        await(WAIT, () -> !daemon.hasRouteFromWeft(f.podBlock), () -> daemon.describe());
        daemon.withdrawOwn();
        await(WAIT, () -> !weft.locRib().containsKey(f.daemonRoute), () -> weft.locRib().toString());
        daemon.announceOwn();
        await(WAIT, () -> weft.locRib().containsKey(f.daemonRoute), () -> weft.locRib().toString());
        assertThat(status(weft).state()).isEqualTo("Established");
        assertThat(daemon.established()).isTrue();
    }

    /**
     * Weft asks the daemon for a route refresh ({@link BgpSpeaker#requestRouteRefresh}, RFC 2918 §3;
     * all three daemons advertise the capability): the daemon gets the ROUTE-REFRESH and re-sends
     * its Adj-RIB-Out (Weft's and the daemon's UPDATE counters rise); the session stays up and the
     * routes stay in place both ways.
     */
    @ParameterizedTest
    @EnumSource(Family.class)
    void weftAsksTheDaemonForARouteRefresh(Family f) throws Exception {
        PeerSetup setup = PeerSetup.of(f);
        BgpSpeaker weft = sessionUp(setup);
        long[] before = quietCounters(weft);
        PeerStatus was = status(weft);

        weft.requestRouteRefresh(f.daemonAddress(), f.addressFamily()).get(10, TimeUnit.SECONDS);
        await(WAIT, () -> daemon.refreshesReceived() > before[2], () -> "no ROUTE-REFRESH arrived\n" + daemon.describe());
        await(WAIT, () -> status(weft).updatesReceived() > before[0] && daemon.updatesSent() > before[1],
                () -> "not re-sent: Weft updatesReceived " + before[0] + ", daemon updatesSent " + before[1] + " before\n"
                        + status(weft) + "\n" + daemon.describe());
        PeerStatus after = status(weft);
        assertThat(after.state()).isEqualTo("Established");
        assertThat(after.establishedSince()).isEqualTo(was.establishedSince());
        assertThat(after.flaps()).isEqualTo(was.flaps());
        assertThat(after.lastError()).isEqualTo(was.lastError());
        assertThat(daemon.established()).isTrue();
        await(WAIT, () -> weft.locRib().containsKey(f.daemonRoute), () -> weft.locRib().toString());
        assertThat(weft.locRib().get(f.daemonRoute).nextHop()).isEqualTo(f.daemonAddress());
        assertThat(daemon.hasRouteFromWeft(f.podBlock)).isTrue();
    }

    /**
     * A route refresh for a family the session did not negotiate (each matrix session carries only
     * its own family) fails with IllegalStateException, as does one for an unconfigured peer with
     * IllegalArgumentException; no ROUTE-REFRESH reaches the daemon and the session is untouched.
     */
    @ParameterizedTest
    @EnumSource(Family.class)
    void routeRefreshForAFamilyNotNegotiatedFailsCleanly(Family f) throws Exception {
        PeerSetup setup = PeerSetup.of(f);
        BgpSpeaker weft = sessionUp(setup);
        PeerStatus before = status(weft);
        assertThat(before.families()).containsExactly(f.af + "-unicast");
        long[] counters = quietCounters(weft);

        assertThat(weft.requestRouteRefresh(f.daemonAddress(), f.other().addressFamily()))
                .failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(IllegalStateException.class).withMessageContaining("was not negotiated");
        assertThat(weft.requestRouteRefresh(f.other().daemonAddress(), f.other().addressFamily()))
                .failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(IllegalArgumentException.class).withMessageContaining("not a configured peer");

        // nothing was sent: over a few keepalive intervals no ROUTE-REFRESH and no UPDATE either way
        InteropNet.holdsFor(Duration.ofSeconds(2), () -> Arrays.equals(counters(weft), counters),
                () -> "counters moved from " + Arrays.toString(counters) + " to " + Arrays.toString(counters(weft)));
        PeerStatus after = status(weft);
        assertThat(after.state()).isEqualTo("Established");
        assertThat(after.establishedSince()).isEqualTo(before.establishedSince());
        assertThat(after.flaps()).isEqualTo(before.flaps());
        assertThat(after.lastError()).isEqualTo(before.lastError());
        assertThat(after.updatesSent()).isEqualTo(before.updatesSent());
        assertThat(daemon.established()).isTrue();
        assertThat(weft.locRib()).containsKey(f.daemonRoute);
        assertThat(daemon.hasRouteFromWeft(f.podBlock)).isTrue();
    }

    /** {Weft's updatesReceived, the daemon's updatesSent, the daemon's ROUTE-REFRESHes received}. */
    long[] counters(BgpSpeaker weft) {
        return new long[] {status(weft).updatesReceived(), daemon.updatesSent(), daemon.refreshesReceived()};
    }

    /** {@link #counters} once they have not moved for a second (End-of-RIB and the like are through). */
    long[] quietCounters(BgpSpeaker weft) throws InterruptedException {
        AtomicReference<long[]> last = new AtomicReference<>(counters(weft));
        await(WAIT, () -> {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
            long[] now = counters(weft);
            return Arrays.equals(last.getAndSet(now), now);
        }, () -> "counters keep moving: " + Arrays.toString(last.get()));
        return last.get();
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void holdTimerExpiresOnACutLinkAndTheRoutesGo(Family f) throws Exception {
        PeerSetup setup = PeerSetup.of(f).withHoldTime(3);
        startDaemon(setup);
        // no Graceful Restart from Weft here: the daemon must drop our routes when the session dies
        BgpSpeaker weft = startWeft(setup, c -> c, p -> p.withGracefulRestartTime(0));
        awaitEstablished(weft);
        awaitRoutesBothWays(weft, f);

        cut(f);
        await(WAIT, () -> status(weft).lastError().orElse("").contains("Hold Timer Expired"), () -> status(weft).toString());
        assertThat(status(weft).state()).isNotEqualTo("Established");
        assertThat(status(weft).lastError()).hasValueSatisfying(e -> assertThat(e).contains("sent NOTIFICATION 4/0"));
        await(WAIT, () -> !weft.locRib().containsKey(f.daemonRoute), () -> weft.locRib().toString());
        await(WAIT, () -> !daemon.established(), () -> daemon.describe());
        await(WAIT, () -> !daemon.hasRouteFromWeft(f.podBlock), () -> daemon.describe());

        restore(f);
        awaitEstablished(weft);
        awaitRoutesBothWays(weft, f);
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void md5WrongKeyNeverComesUpRightKeyDoes(Family f) throws Exception {
        PeerSetup setup = PeerSetup.of(f).withMd5("wbi-right-key");
        startDaemon(setup);
        long failuresBefore = InteropNet.nstat(net.daemonNs, "TcpExtTCPMD5Failure");
        BgpSpeaker wrong = startWeft(setup, c -> c, p -> p.withMd5Password(Optional.of("wbi-wrong-key")));
        // RFC 2385: segments with a bad digest are dropped silently; the kernel counts them. Until
        // several have been dropped, no sample may show the session up on either side.
        await(WAIT, () -> {
            if (status(wrong).state().equals("Established") || daemon.established()) {
                throw new AssertionError("session up with a wrong MD5 key: " + status(wrong) + "\n" + daemon.describe());
            }
            return InteropNet.nstat(net.daemonNs, "TcpExtTCPMD5Failure") >= failuresBefore + 3;
        }, () -> "TcpExtTCPMD5Failure still " + InteropNet.nstat(net.daemonNs, "TcpExtTCPMD5Failure") + " (was " + failuresBefore
                + ")\n" + status(wrong) + "\n" + daemon.describe());
        assertThat(daemon.hasRouteFromWeft(f.podBlock)).isFalse();
        assertThat(wrong.locRib()).doesNotContainKey(f.daemonRoute);
        wrong.close();
        speakers.remove(wrong);

        BgpSpeaker right = startWeft(setup, c -> c, p -> p.withMd5Password(Optional.of("wbi-right-key")));
        awaitEstablished(right);
        awaitRoutesBothWays(right, f);
    }

    /** How the first Weft speaker goes away in {@link #gracefulRestartOfWeftKeepsTheDaemonsRouteToOurPods}. */
    enum WeftStop {
        /** Its JVM is killed with SIGKILL (a crash: the kernel closes the sockets, no NOTIFICATION). */
        SIGKILL,
        /** {@link BgpSpeaker#shutdownForRestart()} (the agent's planned restart: no NOTIFICATION). */
        SHUTDOWN_FOR_RESTART
    }

    static Stream<Arguments> gracefulRestartCases() {
        return Stream.of(Family.values()).flatMap(f -> Stream.of(WeftStop.values()).map(w -> Arguments.of(f, w)));
    }

    /**
     * Graceful Restart of Weft (RFC 4724 §4): the first Weft speaker goes away without a
     * NOTIFICATION ({@link WeftStop}); the daemon, a receiving speaker, keeps our route (stale)
     * while a new Weft speaker starts with the restart state; it then refreshes the route. A
     * sampler reads the daemon's RIB through its CLI throughout: the route must be there at every
     * sample.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("gracefulRestartCases")
    void gracefulRestartOfWeftKeepsTheDaemonsRouteToOurPods(Family f, WeftStop how) throws Exception {
        PeerSetup setup = PeerSetup.of(f).withGracefulRestart();
        startDaemon(setup);
        Process firstProcess = null;
        BgpSpeaker firstSpeaker = null;
        if (how == WeftStop.SIGKILL) {
            Process p = net.startIn(net.speakerNs, "weft-first", SpeakerMain.command(Long.toString(setup.weftAs()), "10.252.0.2",
                    f.daemonIp(), Long.toString(setup.daemonAs()), Integer.toString(setup.holdTime()), "30", f.podBlock.toString()),
                    List.of());
            firstProcess = p;
            await(WAIT, () -> {
                if (!p.isAlive()) {
                    throw new AssertionError("the first Weft speaker died: " + net.log("weft-first"));
                }
                return daemon.established() && daemon.hasRouteFromWeft(f.podBlock);
            }, () -> net.log("weft-first") + "\n" + daemon.describe());
        } else {
            firstSpeaker = startWeft(setup, c -> c, p -> p.withGracefulRestartTime(30));
            awaitEstablished(firstSpeaker);
            await(WAIT, () -> daemon.hasRouteFromWeft(f.podBlock), () -> daemon.describe());
        }

        AtomicReference<String> gap = new AtomicReference<>();
        AtomicBoolean sawStale = new AtomicBoolean();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get() && gap.get() == null) {
                if (!daemon.hasRouteFromWeft(f.podBlock)) {
                    gap.set(Instant.now() + ": route to our Pods gone\n" + daemon.describe());
                }
                if (daemon.staleFromWeft(f.podBlock)) {
                    sawStale.set(true);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "gr-sampler");
        sampler.start();
        try {
            if (firstProcess != null) {
                net.stop(firstProcess, true);
            } else {
                firstSpeaker.shutdownForRestart().get(10, TimeUnit.SECONDS);
            }
            await(WAIT, sawStale::get, () -> "the daemon never marked our route stale\n" + daemon.describe());
            BgpSpeaker restarted = startWeft(setup, c -> c.withRestarted(true, Duration.ofSeconds(10)),
                    p -> p.withGracefulRestartTime(30));
            awaitEstablished(restarted);
            await(WAIT, () -> !daemon.staleFromWeft(f.podBlock) && daemon.hasRouteFromWeft(f.podBlock),
                    () -> "our route never refreshed\n" + daemon.describe());
            await(WAIT, () -> restarted.locRib().containsKey(f.daemonRoute), () -> restarted.locRib().toString());
        } finally {
            sampling.set(false);
            sampler.join();
        }
        assertThat(gap.get()).as("a sample without our route").isNull();
    }

    /**
     * Graceful Restart with Weft as the receiving speaker (RFC 4724 §4.2): the daemon crashes
     * (SIGKILL, no NOTIFICATION); Weft keeps the daemon's route, stale, at every sample while the
     * daemon is away and says so in {@link PeerStatus#gracefulRestart()}; the daemon comes back and
     * the route is fresh again. (Whether the route survives the reconnection itself depends on the
     * restarted daemon's F bit, so that moment is not sampled.)
     */
    @ParameterizedTest
    @EnumSource(Family.class)
    void daemonCrashWeftKeepsItsRoutesAsHelper(Family f) throws Exception {
        PeerSetup setup = PeerSetup.of(f).withGracefulRestart();
        BgpSpeaker weft = sessionUp(setup);
        assertThat(status(weft).gracefulRestart()).isEqualTo("helper");

        daemon.crash();
        await(WAIT, () -> status(weft).gracefulRestart().equals("restarting"), () -> status(weft).toString());
        InteropNet.holdsFor(Duration.ofSeconds(3), () -> weft.locRib().containsKey(f.daemonRoute),
                () -> "the crashed daemon's route left the Loc-RIB: " + status(weft));
        assertThat(status(weft).state()).isNotEqualTo("Established");

        daemon.start(net, setup);
        awaitEstablished(weft);
        await(WAIT, () -> weft.locRib().containsKey(f.daemonRoute) && status(weft).gracefulRestart().equals("helper"),
                () -> status(weft) + "\n" + weft.locRib());
        await(WAIT, () -> daemon.hasRouteFromWeft(f.podBlock), () -> daemon.describe());
    }
}
