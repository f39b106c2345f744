package dev.weft.it.bgp.matrix;

import static dev.weft.it.bgp.matrix.InteropNet.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.server.BgpSpeaker;
import dev.weft.bgp.server.PeerConfig;
import dev.weft.bgp.server.PeerStatus;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * Peer B of the malformed-UPDATE tests: a raw BGP peer at 10.252.0.3 (the daemon namespace, AS
 * {@value #AS}) with an Established session on the Weft speaker under test and one route, {@link
 * #ROUTE}. What peer A sends must never reach it: {@link #assertUntouched()} checks after every
 * case that its session is the same one (state Established, same start time), its connection
 * open, no NOTIFICATION sent to it, and its route still in the Loc-RIB.
 */
final class BystanderPeer implements AutoCloseable {
    static final long AS = 65003;
    static final IpPrefix ROUTE = IpPrefix.parse("198.51.100.0/24");

    private final BgpSpeaker weft;
    private final InetAddress address;
    private final RawBgpPeer peer;
    private final Instant establishedSince;

    private BystanderPeer(BgpSpeaker weft, InetAddress address, RawBgpPeer peer, Instant establishedSince) {
        this.weft = weft;
        this.address = address;
        this.peer = peer;
        this.establishedSince = establishedSince;
    }

    /**
     * Configures peer B on {@code weft} (passive, accept-all policies, then {@code config}),
     * connects it with Multiprotocol capabilities for {@code afis}, announces {@link #ROUTE} and
     * waits until it is in the Loc-RIB.
     *
     * @throws AssertionError if that does not happen within {@code wait} (the connection is closed)
     */
    static BystanderPeer establish(InteropNet net, BgpSpeaker weft, UnaryOperator<PeerConfig> config, Duration wait,
            int... afis) throws Exception {
        Family v4 = Family.IPV4;
        InetAddress address = v4.daemonAddress(3);
        weft.addPeer(config.apply(InteropNet.acceptAll(PeerConfig.of(address, AS).withPassive(true))));
        RawBgpPeer peer = RawBgpPeer.establish(net.daemonNsPath(), address, v4.speakerAddress(), AS,
                IpAddresses.parseIpv4(v4.daemonIp(3)), wait, afis);
        try {
            peer.send(BgpBytes.update(new byte[0], BgpBytes.concat(BgpBytes.origin(0), BgpBytes.asPath(AS),
                    BgpBytes.nextHop(address)), BgpBytes.prefix(ROUTE)));
            await(wait, () -> weft.locRib().containsKey(ROUTE), () -> weft.locRib() + "\n" + weft.peers());
            Instant since = status(weft, address).establishedSince().orElseThrow();
            return new BystanderPeer(weft, address, peer, since);
        } catch (Exception | AssertionError e) {
            peer.close();
            throw e;
        }
    }

    private static PeerStatus status(BgpSpeaker weft, InetAddress peer) {
        return weft.peers().stream().filter(s -> s.peerAddress().equals(peer)).findFirst().orElseThrow();
    }

    /** Peer B's address (10.252.0.3). */
    InetAddress address() {
        return address;
    }

    /** The raw peer, to send to it or count what it received. */
    RawBgpPeer peer() {
        return peer;
    }

    /** Weft's view of peer B's session. */
    PeerStatus status() {
        return status(weft, address);
    }

    /** Peer B's session, connection and route are as they were when it was established. */
    void assertUntouched() {
        PeerStatus sb = status();
        assertThat(sb.state()).as("peer B state").isEqualTo("Established");
        assertThat(sb.establishedSince()).as("peer B's session was never reset").contains(establishedSince);
        assertThat(peer.isClosed()).as("peer B's connection").isFalse();
        assertThat(peer.pendingNotification()).as("NOTIFICATION to peer B").isEmpty();
        assertThat(weft.locRib()).as("peer B's route").containsKey(ROUTE);
    }

    @Override
    public void close() throws Exception {
        peer.close();
    }
}
