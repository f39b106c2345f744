package dev.weft.it.bgp.matrix;

import static dev.weft.it.bgp.matrix.InteropNet.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.server.BestPath;
import dev.weft.bgp.server.BgpSpeaker;
import dev.weft.bgp.server.PeerConfig;
import dev.weft.bgp.server.PeerStatus;
import dev.weft.bgp.server.SpeakerConfig;
import dev.weft.common.net.IpAddresses;
import dev.weft.netlink.NetNs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
        if (net != null) {
            net.close();
        }
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (BgpSpeaker s : speakers) {
            s.close();
        }
        speakers.clear();
        for (Family f : cuts) {
            net.restore(f);
        }
        cuts.clear();
        if (daemon != null) {
            daemon.stop();
            daemon = null;
        }
    }

    void startDaemon(PeerSetup setup) throws Exception {
        daemon = newDaemon();
        daemon.start(net, setup);
    }

    /** A Weft speaker in the speaker namespace, listening on [::]:179, with the daemon as its (active) peer. */
    BgpSpeaker startWeft(PeerSetup setup, UnaryOperator<SpeakerConfig> speakerConfig, UnaryOperator<PeerConfig> peerConfig) {
        SpeakerConfig config = speakerConfig.apply(SpeakerConfig.of(setup.weftAs(), IpAddresses.parseIpv4("10.252.0.2"))
                .withListen(IpAddresses.parse("::"), SpeakerConfig.BGP_PORT)
                .withConnectRetry(Duration.ofMillis(200), Duration.ofSeconds(2)));
        BgpSpeaker speaker = NetNs.callIn(net.speakerNsPath(), () -> BgpSpeaker.start(config));
        speakers.add(speaker);
        speaker.addPeer(peerConfig.apply(PeerConfig.of(setup.family().daemonAddress(), setup.daemonAs())
                .withTimers(setup.holdTime(), 0)));
        return speaker;
    }

    BgpSpeaker startWeft(PeerSetup setup) {
        return startWeft(setup, c -> c, p -> p);
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
        startDaemon(setup);
        BgpSpeaker weft = startWeft(setup);
        weft.originate(f.podBlock);
        awaitEstablished(weft);
        awaitRoutesBothWays(weft, f);

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

    @ParameterizedTest
    @EnumSource(Family.class)
    void holdTimerExpiresOnACutLinkAndTheRoutesGo(Family f) throws Exception {
        PeerSetup setup = PeerSetup.of(f).withHoldTime(3);
        startDaemon(setup);
        // no Graceful Restart from Weft here: the daemon must drop our routes when the session dies
        BgpSpeaker weft = startWeft(setup, c -> c, p -> p.withGracefulRestartTime(0));
        weft.originate(f.podBlock);
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
}
