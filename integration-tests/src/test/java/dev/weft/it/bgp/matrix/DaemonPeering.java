package dev.weft.it.bgp.matrix;

import dev.weft.bgp.server.BgpSpeaker;
import dev.weft.bgp.server.PeerConfig;
import dev.weft.bgp.server.PeerStatus;
import dev.weft.bgp.server.SpeakerConfig;
import dev.weft.common.net.IpAddresses;
import dev.weft.netlink.NetNs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A namespace pair, one daemon and Weft speakers, for SESSION's interop tests that need a speaker
 * configured differently from {@link AbstractInteropMatrix} (another BGP Identifier) without
 * rerunning the whole matrix. Closing it stops everything and removes the namespaces.
 */
final class DaemonPeering implements AutoCloseable {
    final InteropNet net;
    final DaemonHarness daemon;
    final PeerSetup setup;
    private final List<BgpSpeaker> speakers = new ArrayList<>();

    DaemonPeering(String tag, DaemonHarness daemon, PeerSetup setup) throws Exception {
        this(tag, daemon, setup, net -> { });
    }

    /** As above, {@code beforeDaemon} run on the new namespace pair before the daemon starts (e.g. firewall rules). */
    DaemonPeering(String tag, DaemonHarness daemon, PeerSetup setup, Consumer<InteropNet> beforeDaemon) throws Exception {
        this.net = new InteropNet(tag);
        this.daemon = daemon;
        this.setup = setup;
        try {
            beforeDaemon.accept(net);
            daemon.start(net, setup);
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** A Weft speaker in the speaker namespace with BGP Identifier {@code routerId}, the daemon as active peer. */
    BgpSpeaker startWeft(String routerId, UnaryOperator<PeerConfig> peerConfig) {
        return startWeft(routerId, c -> c, peerConfig);
    }

    /** As {@link #startWeft(String, UnaryOperator)}, the speaker's configuration adjusted by {@code speakerConfig}. */
    BgpSpeaker startWeft(String routerId, UnaryOperator<SpeakerConfig> speakerConfig, UnaryOperator<PeerConfig> peerConfig) {
        BgpSpeaker speaker = startSpeaker(net, setup, routerId, speakerConfig, peerConfig);
        speakers.add(speaker);
        return speaker;
    }

    /**
     * A Weft speaker in {@code net}'s speaker namespace (its event loop started there) with BGP
     * Identifier {@code routerId}, listening on [::]:179, connect retry 200 ms doubling up to 2 s,
     * originating the family's Pod block (before any peer is added, as the agent does), with the
     * daemon as its active peer (accept-all policies, the setup's hold time). The caller closes it.
     */
    static BgpSpeaker startSpeaker(InteropNet net, PeerSetup setup, String routerId, UnaryOperator<SpeakerConfig> speakerConfig,
            UnaryOperator<PeerConfig> peerConfig) {
        SpeakerConfig config = speakerConfig.apply(SpeakerConfig.of(setup.weftAs(), IpAddresses.parseIpv4(routerId))
                .withListen(IpAddresses.parse("::"), SpeakerConfig.BGP_PORT)
                .withConnectRetry(Duration.ofMillis(200), Duration.ofSeconds(2)));
        BgpSpeaker speaker = NetNs.callIn(net.speakerNsPath(), () -> BgpSpeaker.start(config));
        speaker.originate(setup.family().podBlock);
        speaker.addPeer(peerConfig.apply(InteropNet.acceptAll(PeerConfig.of(setup.family().daemonAddress(), setup.daemonAs())
                .withTimers(setup.holdTime(), 0))));
        return speaker;
    }

    /** Closes a speaker started here (CEASE to its peer). */
    void stopWeft(BgpSpeaker speaker) {
        speakers.remove(speaker);
        speaker.close();
    }

    static PeerStatus status(BgpSpeaker speaker) {
        return speaker.peers().get(0);
    }

    void awaitEstablishedWithRoutes(BgpSpeaker speaker) throws InterruptedException {
        Family f = setup.family();
        InteropNet.await(AbstractInteropMatrix.WAIT, () -> status(speaker).state().equals("Established") && daemon.established(),
                () -> status(speaker) + "\n" + daemon.describe());
        InteropNet.await(AbstractInteropMatrix.WAIT, () -> daemon.hasRouteFromWeft(f.podBlock), daemon::describe);
        InteropNet.await(AbstractInteropMatrix.WAIT, () -> speaker.locRib().containsKey(f.daemonRoute),
                () -> speaker.locRib() + "\n" + status(speaker));
    }

    @Override
    public void close() throws Exception {
        List<AutoCloseable> all = new ArrayList<>(speakers);
        speakers.clear();
        all.add(daemon::stop);
        all.add(net);
        InteropNet.closeAll(all.toArray(AutoCloseable[]::new));
    }
}
