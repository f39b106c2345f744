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
        this.net = new InteropNet(tag);
        this.daemon = daemon;
        this.setup = setup;
        try {
            daemon.start(net, setup);
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** A Weft speaker in the speaker namespace with BGP Identifier {@code routerId}, the daemon as active peer. */
    BgpSpeaker startWeft(String routerId, UnaryOperator<PeerConfig> peerConfig) {
        SpeakerConfig config = SpeakerConfig.of(setup.weftAs(), IpAddresses.parseIpv4(routerId))
                .withListen(IpAddresses.parse("::"), SpeakerConfig.BGP_PORT)
                .withConnectRetry(Duration.ofMillis(200), Duration.ofSeconds(2));
        BgpSpeaker speaker = NetNs.callIn(net.speakerNsPath(), () -> BgpSpeaker.start(config));
        speakers.add(speaker);
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
        try {
            for (BgpSpeaker s : speakers) {
                s.close();
            }
            speakers.clear();
            daemon.stop();
        } finally {
            net.close();
        }
    }
}
