package dev.weft.it.bgp.matrix;

import static dev.weft.it.bgp.matrix.InteropNet.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.server.BgpSpeaker;
import dev.weft.bgp.server.PeerConfig;
import dev.weft.bgp.server.PeerStatus;
import dev.weft.bgp.server.SpeakerConfig;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import dev.weft.netlink.NetNs;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hand-made UPDATEs from ExaBGP 4.2 (generic attributes put on the wire as written), over IPv4 and
 * IPv6 (MP_REACH_NLRI), each with its RFC 7606 outcome on Weft's side; a raw peer B holds a second
 * session on the same speaker throughout and must never notice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExaBgpMalformedUpdateTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final long WEFT_AS = 65010;
    static final long EXA_AS = 65004;

    /** A generic attribute and what RFC 7606 makes of it. */
    record Bad(String name, String attribute, MalformedUpdates.Outcome outcome) {}

    static final List<Bad> SOFT = List.of(
            new Bad("COMMUNITIES of length 3 (RFC 7606 §7.8)", "[ 0x08 0xc0 0x000001 ]", MalformedUpdates.Outcome.TREAT_AS_WITHDRAW),
            new Bad("MULTI_EXIT_DISC of length 2 (RFC 7606 §7.4)", "[ 0x04 0x80 0x0001 ]", MalformedUpdates.Outcome.TREAT_AS_WITHDRAW),
            new Bad("ORIGIN value 9 (RFC 7606 §7.1)", "[ 0x01 0x40 0x09 ]", MalformedUpdates.Outcome.TREAT_AS_WITHDRAW),
            new Bad("ATOMIC_AGGREGATE of length 1 (RFC 7606 §7.6)", "[ 0x06 0x40 0x01 ]", MalformedUpdates.Outcome.ATTRIBUTE_DISCARD),
            new Bad("AGGREGATOR of length 5 (RFC 7606 §7.7)", "[ 0x07 0xc0 0x0000fde801 ]", MalformedUpdates.Outcome.ATTRIBUTE_DISCARD),
            new Bad("unknown optional transitive type 240 (RFC 4271 §5)", "[ 0xf0 0xc0 0x010203 ]", MalformedUpdates.Outcome.ACCEPT));

    InteropNet net;
    BgpSpeaker weft;
    BystanderPeer b;
    ExaBgpPeer exa;

    @BeforeAll
    void start() throws Exception {
        net = new InteropNet("exa");
        Family v4 = Family.IPV4;
        SpeakerConfig config = SpeakerConfig.of(WEFT_AS, IpAddresses.parseIpv4(v4.speakerIp()))
                .withListen(IpAddresses.parse("::"), SpeakerConfig.BGP_PORT)
                .withConnectRetry(Duration.ofMillis(100), Duration.ofMillis(400));
        weft = NetNs.callIn(net.speakerNsPath(), () -> BgpSpeaker.start(config));
        for (Family f : Family.values()) {
            weft.addPeer(InteropNet.acceptAll(PeerConfig.of(f.daemonAddress(4), EXA_AS).withPassive(true)));
        }
        b = BystanderPeer.establish(net, weft, c -> c, WAIT, 1);
    }

    @AfterAll
    void stop() throws Exception {
        InteropNet.closeAll(b, weft, net);
    }

    @AfterEach
    void stopExaAndCheckPeerB() throws Exception {
        if (exa != null) {
            exa.stop();
            exa = null;
        }
        b.assertUntouched();
    }

    PeerStatus status(InetAddress peer) {
        return weft.peers().stream().filter(s -> s.peerAddress().equals(peer)).findFirst().orElseThrow();
    }

    static IpPrefix prefix(Family f, int n) {
        return f == Family.IPV4 ? IpPrefix.parse("203.0.113." + n + "/32") : IpPrefix.parse("2001:db8:9:" + n + "::/64");
    }

    String announce(Family f, IpPrefix p, String attribute) {
        return "announce route " + p + " next-hop " + f.daemonIp(4) + (attribute.isEmpty() ? "" : " attribute " + attribute);
    }

    void awaitExaEstablished(Family f) throws InterruptedException {
        await(WAIT, () -> status(f.daemonAddress(4)).state().equals("Established"), () -> status(f.daemonAddress(4)) + "\n" + exa.log());
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void softErrorsKeepTheSession(Family f) throws Exception {
        exa = new ExaBgpPeer(net);
        exa.start(f, 4, EXA_AS, WEFT_AS);
        awaitExaEstablished(f);
        InetAddress peer = f.daemonAddress(4);
        Instant since = status(peer).establishedSince().orElseThrow();
        IpPrefix good = prefix(f, 1);
        exa.command(announce(f, good, ""));
        await(WAIT, () -> weft.locRib().containsKey(good), () -> weft.locRib() + "\n" + status(peer) + "\n" + exa.log());
        int n = 10;
        for (Bad bad : SOFT) {
            IpPrefix p = prefix(f, n++);
            exa.command(announce(f, p, ""));
            await(WAIT, () -> weft.locRib().containsKey(p), () -> bad.name() + ": good route first\n" + weft.locRib());
            exa.command(announce(f, p, bad.attribute()));
            if (bad.outcome() == MalformedUpdates.Outcome.TREAT_AS_WITHDRAW) {
                await(WAIT, () -> !weft.locRib().containsKey(p), () -> bad.name() + "\n" + weft.locRib() + "\n" + status(peer));
            } else {
                // a later good announcement proves the bad one has been processed; the route stays
                IpPrefix probe = prefix(f, n++);
                exa.command(announce(f, probe, ""));
                await(WAIT, () -> weft.locRib().containsKey(probe), () -> bad.name() + "\n" + weft.locRib() + "\n" + status(peer));
                assertThat(weft.locRib()).as(bad.name() + "; " + status(peer)).containsKey(p);
            }
            assertThat(status(peer).establishedSince()).as(bad.name() + ": same session").contains(since);
        }
        assertThat(weft.locRib()).containsKey(good);
        assertThat(exa.log()).doesNotContainIgnoringCase("notification");
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void unrecognizedWellKnownAttributeResetsOnlyThatSession(Family f) throws Exception {
        exa = new ExaBgpPeer(net);
        exa.start(f, 4, EXA_AS, WEFT_AS);
        awaitExaEstablished(f);
        InetAddress peer = f.daemonAddress(4);
        IpPrefix good = prefix(f, 2);
        exa.command(announce(f, good, ""));
        await(WAIT, () -> weft.locRib().containsKey(good), () -> weft.locRib() + "\n" + exa.log());
        exa.command(announce(f, prefix(f, 3), "[ 0xf1 0x40 0x01 ]"));
        // RFC 4271 §6.3: unrecognized well-known attribute -> NOTIFICATION 3/2, session closed
        await(WAIT, () -> status(peer).lastError().orElse("").contains("3/2"), () -> status(peer) + "\n" + exa.log());
        assertThat(status(peer).lastError().orElseThrow()).contains("sent NOTIFICATION 3/2");
        await(WAIT, () -> !weft.locRib().containsKey(good), () -> weft.locRib().toString());
        exa.stop();
        exa = null;
    }
}
