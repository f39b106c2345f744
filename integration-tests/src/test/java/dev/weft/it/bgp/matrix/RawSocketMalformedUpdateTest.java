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
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed UPDATEs from a raw socket (issue 5 item 4/5): each {@link MalformedUpdates.Case} (IPv4
 * NLRI, and IPv6 NLRI in MP_REACH_NLRI) is sent by peer A (10.252.0.1, Multiprotocol IPv4 + IPv6) to one Weft speaker that also has an Established session with peer B
 * (10.252.0.3, one route). Per case: the RFC 7606 outcome on Weft's side (route withdrawn, kept, or
 * the right NOTIFICATION and the session closed), and peer B's session and route untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RawSocketMalformedUpdateTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Family F = Family.IPV4;
    static final long WEFT_AS = 65010;

    InteropNet net;
    BgpSpeaker weft;
    RawBgpPeer a;
    BystanderPeer b;
    final MalformedUpdates updates = new MalformedUpdates(F.daemonAddress(1), Family.IPV6.daemonAddress(1));
    final AtomicInteger nextPrefix = new AtomicInteger();

    @BeforeAll
    void start() throws Exception {
        net = new InteropNet("mal");
        SpeakerConfig config = SpeakerConfig.of(WEFT_AS, IpAddresses.parseIpv4(F.speakerIp()))
                .withListen(IpAddresses.parse("::"), SpeakerConfig.BGP_PORT)
                .withConnectRetry(Duration.ofMillis(100), Duration.ofMillis(400));
        weft = NetNs.callIn(net.speakerNsPath(), () -> BgpSpeaker.start(config));
        weft.addPeer(InteropNet.acceptAll(PeerConfig.of(F.daemonAddress(1), MalformedUpdates.PEER_AS).withPassive(true)));
        // peer B names our IPv6 next hop explicitly; peer A relies on the interface's global address
        b = BystanderPeer.establish(net, weft,
                c -> c.withIpv6NextHop(Optional.of((Inet6Address) Family.IPV6.speakerAddress())), WAIT, 1, 2);
    }

    @AfterAll
    void stop() throws Exception {
        InteropNet.closeAll(a, b, weft, net);
    }

    @AfterEach
    void peerBIsNeverAffected() {
        b.assertUntouched();
    }

    PeerStatus status(InetAddress peer) {
        return weft.peers().stream().filter(s -> s.peerAddress().equals(peer)).findFirst().orElseThrow();
    }

    /** Peer A, connected anew if the last case closed it. */
    RawBgpPeer peerA() throws Exception {
        if (a == null || a.isClosed()) {
            if (a != null) {
                a.close();
            }
            a = RawBgpPeer.establish(net.daemonNsPath(), F.daemonAddress(1), F.speakerAddress(), MalformedUpdates.PEER_AS,
                    IpAddresses.parseIpv4(F.daemonIp(1)), WAIT, 1, 2);
            await(WAIT, () -> status(F.daemonAddress(1)).state().equals("Established"), () -> weft.peers().toString());
        }
        return a;
    }

    /** A fresh /32 (or IPv6 /64) per use, so no case sees another's route. */
    IpPrefix freshPrefix(Family f) {
        int n = nextPrefix.incrementAndGet();
        return f == Family.IPV4 ? IpPrefix.parse("203.0." + (113 + n / 250) + "." + (n % 250 + 1) + "/32")
                : IpPrefix.parse("2001:db8:7:" + Integer.toHexString(n) + "::/64");
    }

    Stream<MalformedUpdates.Case> cases() {
        return updates.cases().stream();
    }

    Stream<MalformedUpdates.Case> casesIpv6() {
        return updates.casesIpv6().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rfc7606OutcomeIpv4(MalformedUpdates.Case c) throws Exception {
        run(c, Family.IPV4);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("casesIpv6")
    void rfc7606OutcomeIpv6(MalformedUpdates.Case c) throws Exception {
        run(c, Family.IPV6);
    }

    /**
     * RFC 2918 §4 from the peer's side (GoBGP's CLI cannot send a ROUTE-REFRESH, so the raw peer
     * stands in for it): peer B asks for the family and Weft re-sends its Adj-RIB-Out; a request
     * for a family that was not negotiated is ignored and the session stays up.
     */
    @ParameterizedTest
    @EnumSource(Family.class)
    void routeRefreshFromThePeerResendsTheAdjRibOut(Family f) throws Exception {
        weft.originate(f.podBlock);
        try {
            await(WAIT, () -> b.status().prefixesAdvertised() > 0 && b.peer().updatesReceived() > 0,
                    () -> status(F.daemonAddress(3)).toString());
            int before = b.peer().updatesReceived();
            b.peer().send(BgpBytes.routeRefresh(f == Family.IPV4 ? 1 : 2, 0, 1));
            await(WAIT, () -> b.peer().updatesReceived() > before, () -> before + " UPDATEs before; " + b.status());
            b.peer().send(BgpBytes.routeRefresh(25, 0, 65)); // L2VPN EVPN: never negotiated, ignored
            b.peer().send(BgpBytes.keepalive());
        } finally {
            weft.withdrawOriginated(f.podBlock);
        }
    }

    /**
     * Dual stack (issue 5 item 1, PeerConfig.ipv6NextHop "empty = the session's own IPv6 address,
     * else a global address of the interface the session runs on"): IPv6 unicast negotiated on an
     * IPv4 session, no next hop configured, the interface holds fd77:3::2/64 → our IPv6 route is
     * advertised (RFC 4760 §3, RFC 2545 §3: a global IPv6 next hop).
     */
    @Test
    void ipv6RoutesGoOverAnIpv4SessionWithTheInterfacesGlobalAddress() throws Exception {
        peerA();
        int before = status(F.daemonAddress(1)).prefixesAdvertised();
        IpPrefix v6 = IpPrefix.parse("fd00:244:8::/64");
        weft.originate(v6);
        try {
            await(WAIT, () -> status(F.daemonAddress(1)).prefixesAdvertised() > before,
                    () -> "peer A: " + status(F.daemonAddress(1)) + "\npeer B (explicit next hop): " + status(F.daemonAddress(3)));
        } finally {
            weft.withdrawOriginated(v6);
        }
    }

    /** Null until probed; then whether a correct IPv6 announcement reaches the Loc-RIB at all. */
    Boolean ipv6Works;

    void run(MalformedUpdates.Case c, Family family) throws Exception {
        RawBgpPeer peer = peerA();
        if (family == Family.IPV6) {
            if (ipv6Works == null) {
                IpPrefix probe = freshPrefix(family);
                peer.send(updates.good(probe));
                try {
                    await(WAIT, () -> weft.locRib().containsKey(probe), () -> "");
                    ipv6Works = true;
                    peer.send(MalformedUpdates.withdraw(probe));
                } catch (AssertionError e) {
                    ipv6Works = false;
                }
            }
            // fail at once (not skip) when even a correct IPv6 route is not imported
            assertThat(ipv6Works).as("a correct IPv6 unicast UPDATE (MP_REACH_NLRI) reaches Weft's Loc-RIB; status "
                    + status(F.daemonAddress(1))).isTrue();
        }
        IpPrefix p = freshPrefix(family);
        Instant since = status(F.daemonAddress(1)).establishedSince().orElseThrow();
        // the route exists first (so that treat-as-withdraw has something to withdraw)
        peer.send(updates.good(p));
        await(WAIT, () -> weft.locRib().containsKey(p), () -> weft.locRib().toString());

        peer.send(c.message().apply(p));
        switch (c.outcome()) {
            case SESSION_RESET -> {
                Optional<RawBgpPeer.Notification> n = peer.awaitNotification(WAIT);
                assertThat(n).as("NOTIFICATION for " + c).isPresent();
                assertThat(n.get().code() + "/" + n.get().subcode()).as(n.get().toString()).isEqualTo(c.code() + "/" + c.subcode());
                await(WAIT, peer::isClosed, () -> "connection still open");
                await(WAIT, () -> !weft.locRib().containsKey(p), () -> weft.locRib().toString());
            }
            case AFI_SAFI_DISABLE_OR_RESET -> {
                await(WAIT, () -> !weft.locRib().containsKey(p), () -> weft.locRib() + "\n" + status(F.daemonAddress(1)));
                // either AFI/SAFI disabled (IPv4 still flows, the family is ignored from now on) or the
                // session reset; the NOTIFICATION of a reset may still be on its way, so a probe decides
                IpPrefix probe4 = freshPrefix(Family.IPV4);
                try {
                    peer.send(updates.good(probe4));
                } catch (IOException e) {
                    // already closed by the speaker: a reset
                }
                await(WAIT, () -> weft.locRib().containsKey(probe4) || peer.isClosed(), () -> weft.locRib().toString());
                if (weft.locRib().containsKey(probe4)) {
                    assertThat(peer.pendingNotification()).as("AFI/SAFI disabled without a NOTIFICATION").isEmpty();
                    a.close(); // start the next case with the family enabled again
                } else {
                    Optional<RawBgpPeer.Notification> n = peer.awaitNotification(WAIT);
                    assertThat(n).as("NOTIFICATION for " + c).isPresent();
                    assertThat(n.get().code() + "/" + n.get().subcode()).as(n.get().toString()).isEqualTo(c.code() + "/" + c.subcode());
                }
            }
            case TREAT_AS_WITHDRAW -> {
                await(WAIT, () -> !weft.locRib().containsKey(p), () -> weft.locRib() + "\n" + status(F.daemonAddress(1)));
                assertSessionSurvived(peer, since, family);
                assertThat(status(F.daemonAddress(1)).lastError()).as("reported").isPresent();
            }
            case ATTRIBUTE_DISCARD, ACCEPT -> {
                assertSessionSurvived(peer, since, family);
                assertThat(weft.locRib()).as("route kept; peer A: " + status(F.daemonAddress(1))).containsKey(p);
            }
        }
    }

    /** The session is still up and still processes UPDATEs: a probe route sent after the case arrives. */
    void assertSessionSurvived(RawBgpPeer peer, Instant since, Family family) throws Exception {
        IpPrefix probe = freshPrefix(family);
        peer.send(updates.good(probe));
        await(WAIT, () -> weft.locRib().containsKey(probe) || peer.isClosed(), () -> weft.locRib().toString());
        assertThat(peer.pendingNotification()).as("NOTIFICATION").isEmpty();
        assertThat(peer.isClosed()).as("connection closed").isFalse();
        assertThat(status(F.daemonAddress(1)).establishedSince()).as("same session").contains(since);
        peer.send(MalformedUpdates.withdraw(probe));
        await(WAIT, () -> !weft.locRib().containsKey(probe), () -> weft.locRib().toString());
    }
}
