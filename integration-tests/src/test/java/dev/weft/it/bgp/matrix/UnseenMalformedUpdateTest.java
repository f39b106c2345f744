package dev.weft.it.bgp.matrix;

import static dev.weft.it.bgp.matrix.InteropNet.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.server.BgpSpeaker;
import dev.weft.bgp.server.PeerConfig;
import dev.weft.bgp.server.PeerStatus;
import dev.weft.bgp.server.SpeakerConfig;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import dev.weft.it.bgp.matrix.UnseenMalformedUpdates.Case;
import dev.weft.it.bgp.matrix.UnseenMalformedUpdates.Routes;
import dev.weft.it.bgp.matrix.UnseenMalformedUpdates.Session;
import dev.weft.netlink.NetNs;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The issue 5 check run before the checker: malformed UPDATEs (and other messages) that the
 * other suites do not send ({@link UnseenMalformedUpdates}), from raw sockets, to one Weft speaker
 * in its namespace. Each case's outcome was decided from the RFC text first. Sessions on the same
 * speaker: B (10.252.0.3, healthy, one route, must never notice anything), the eBGP peer
 * (10.252.0.1, 4-octet AS, IPv4 + IPv6), the iBGP peer (10.252.0.4), a 2-octet AS peer
 * (fd77:3::4, no RFC 6793 capability), a peer that negotiated IPv4 only (fd77:3::3) and one
 * whose handshake is scripted (fd77:3::1). A session is reused until a case closes it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnseenMalformedUpdateTest {
    static final Duration WAIT = Duration.ofSeconds(15);
    static final Family V4 = Family.IPV4;
    static final Family V6 = Family.IPV6;
    static final long SCRIPTED_AS = 65001;
    static final long IPV4_ONLY_AS = 65006;

    InteropNet net;
    BgpSpeaker weft;
    BystanderPeer b;
    final Map<Session, BgpBytes.Connection> conns = new EnumMap<>(Session.class);
    final List<AutoCloseable> others = new ArrayList<>();
    final AtomicInteger nextPrefix = new AtomicInteger();
    final UnseenMalformedUpdates updates = new UnseenMalformedUpdates(V4.daemonAddress(1), V6.daemonAddress(1),
            V4.daemonAddress(4), V4.daemonAddress(4), V4.speakerAddress(), V6.speakerAddress(), V4.daemonAddress(3));

    @BeforeAll
    void start() throws Exception {
        net = new InteropNet("unm");
        SpeakerConfig config = SpeakerConfig.of(UnseenMalformedUpdates.WEFT_AS, IpAddresses.parseIpv4(V4.speakerIp()))
                .withListen(IpAddresses.parse("::"), SpeakerConfig.BGP_PORT)
                .withConnectRetry(Duration.ofMillis(100), Duration.ofMillis(400));
        weft = NetNs.callIn(net.speakerNsPath(), () -> BgpSpeaker.start(config));
        addPeer(address(Session.EBGP), UnseenMalformedUpdates.EBGP_AS);
        addPeer(address(Session.IBGP), UnseenMalformedUpdates.IBGP_AS);
        addPeer(address(Session.TWO_OCTET), UnseenMalformedUpdates.TWO_OCTET_AS);
        addPeer(V6.daemonAddress(3), IPV4_ONLY_AS);
        addPeer(V6.daemonAddress(1), SCRIPTED_AS);
        b = BystanderPeer.establish(net, weft, c -> c, WAIT, 1, 2);
    }

    void addPeer(InetAddress address, long as) {
        weft.addPeer(InteropNet.acceptAll(PeerConfig.of(address, as).withPassive(true)));
    }

    @AfterAll
    void stop() throws Exception {
        List<AutoCloseable> all = new ArrayList<>(conns.values());
        all.addAll(others);
        all.addAll(Arrays.asList(b, weft, net));
        InteropNet.closeAll(all.toArray(AutoCloseable[]::new));
    }

    /** Peer B's session is never reset, never gets a NOTIFICATION, keeps its route; the speaker still answers. */
    @AfterEach
    void peerBIsNeverAffected() {
        b.assertUntouched();
    }

    static InetAddress address(Session s) {
        return switch (s) {
            case EBGP -> V4.daemonAddress(1);
            case IBGP -> V4.daemonAddress(4);
            case TWO_OCTET -> V6.daemonAddress(4);
        };
    }

    PeerStatus status(InetAddress peer) {
        return weft.peers().stream().filter(s -> s.peerAddress().equals(peer)).findFirst().orElseThrow();
    }

    /** The session's connection, established anew if the last case closed it. */
    BgpBytes.Connection conn(Session s) throws Exception {
        BgpBytes.Connection c = conns.get(s);
        if (c != null && !c.isClosed()) {
            return c;
        }
        if (c != null) {
            c.close();
        }
        InetAddress local = address(s);
        c = switch (s) {
            case EBGP -> (RawBgpPeer.establish(net.daemonNsPath(), local, V4.speakerAddress(),
                    UnseenMalformedUpdates.EBGP_AS, IpAddresses.parseIpv4(V4.daemonIp(1)), WAIT, 1, 2));
            case IBGP -> (RawBgpPeer.establish(net.daemonNsPath(), local, V4.speakerAddress(),
                    UnseenMalformedUpdates.IBGP_AS, IpAddresses.parseIpv4(V4.daemonIp(4)), WAIT, 1));
            case TWO_OCTET -> (HandmadeBgpPeer.establish(net.daemonNsPath(), local, V6.speakerAddress(),
                    HandmadeBgpPeer.open(UnseenMalformedUpdates.TWO_OCTET_AS, 30, IpAddresses.parseIpv4("10.252.4.4"),
                            List.of(HandmadeBgpPeer.multiprotocol(1))), WAIT));
        };
        conns.put(s, c);
        await(WAIT, () -> status(local).state().equals("Established"), () -> status(local).toString());
        return c;
    }

    Routes fresh() {
        int n = nextPrefix.incrementAndGet();
        return new Routes(IpPrefix.parse("100.66." + (n / 250) + "." + (n % 250 + 1) + "/32"),
                IpPrefix.parse("2001:db8:66:" + Integer.toHexString(n) + "::/64"));
    }

    Stream<Case> cases() {
        return Stream.of(updates.ebgp(), updates.ibgp(), updates.twoOctet()).flatMap(List::stream);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rfcOutcome(Case c) throws Exception {
        run(c);
    }

    Stream<Case> reportedCases() {
        return updates.reported().stream();
    }

    /** Cases the adversarial review found wrong and that are fixed (see {@link UnseenMalformedUpdates#reported()}). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("reportedCases")
    void reportedAndFixed(Case c) throws Exception {
        run(c);
    }

    void run(Case c) throws Exception {
        BgpBytes.Connection conn = conn(c.session());
        InetAddress peer = address(c.session());
        Routes r = fresh();
        List<IpPrefix> involved = new ArrayList<>();
        if (c.v4()) {
            involved.add(r.v4());
        }
        if (c.v6()) {
            involved.add(r.v6());
        }
        Instant since = status(peer).establishedSince().orElseThrow();
        // the routes exist first, so that a withdrawal or a change is visible
        for (IpPrefix p : involved) {
            conn.send(updates.good(c.session(), p));
        }
        await(WAIT, () -> weft.locRib().keySet().containsAll(involved), () -> "good routes first: " + weft.locRib().keySet()
                + "\n" + status(peer));

        conn.send(c.message().apply(r));
        switch (c.outcome()) {
            case SESSION_RESET -> {
                Optional<RawBgpPeer.Notification> n = conn.awaitNotification(WAIT);
                assertThat(n).as("NOTIFICATION; peer " + status(peer)).isPresent();
                assertThat(n.get().code() + "/" + n.get().subcode()).as(n.get().toString()).isEqualTo(c.code() + "/" + c.subcode());
                if (c.data() != null) {
                    assertThat(n.get().data()).as("NOTIFICATION data").isEqualTo(c.data());
                }
                await(WAIT, conn::isClosed, () -> "connection still open");
                await(WAIT, () -> involved.stream().noneMatch(weft.locRib()::containsKey), () -> weft.locRib().keySet().toString());
            }
            case CLOSE_WITHOUT_NOTIFICATION -> {
                await(WAIT, conn::isClosed, () -> "connection still open; " + status(peer));
                assertThat(conn.pendingNotification()).as("NOTIFICATION sent in answer to a NOTIFICATION").isEmpty();
                await(WAIT, () -> involved.stream().noneMatch(weft.locRib()::containsKey), () -> weft.locRib().keySet().toString());
            }
            case AFI_SAFI_DISABLE_OR_RESET -> {
                await(WAIT, () -> involved.stream().noneMatch(weft.locRib()::containsKey) || conn.pendingNotification().isPresent(),
                        () -> weft.locRib().keySet() + "\n" + status(peer));
                PeerStatus after = status(peer);
                boolean reset = !after.state().equals("Established") || !after.establishedSince().equals(Optional.of(since));
                if (reset || conn.pendingNotification().isPresent()) {
                    Optional<RawBgpPeer.Notification> n = conn.awaitNotification(WAIT);
                    assertThat(n).as("NOTIFICATION of the reset; peer " + after).isPresent();
                    assertThat(n.get().code() + "/" + n.get().subcode()).as(n.get().toString()).isEqualTo(c.code() + "/" + c.subcode());
                    await(WAIT, conn::isClosed, () -> "connection still open");
                }
                await(WAIT, () -> involved.stream().noneMatch(weft.locRib()::containsKey), () -> weft.locRib().keySet().toString());
                if (!reset && !conn.isClosed()) {
                    // disabled rather than reset (RFC 4760 §7): later routes of the family are ignored,
                    // the other family still flows (a treat-as-withdraw would let `same` in)
                    Routes next = fresh();
                    IpPrefix same = c.v6() ? next.v6() : next.v4();
                    IpPrefix other = c.v6() ? next.v4() : next.v6();
                    conn.send(updates.good(c.session(), same));
                    conn.send(updates.good(c.session(), other));
                    await(WAIT, () -> weft.locRib().containsKey(other) || conn.isClosed(), () -> weft.locRib().keySet().toString());
                    assertThat(weft.locRib()).as("a route of the disabled family, sent after the error; " + status(peer))
                            .doesNotContainKey(same);
                    conn.close(); // the next case starts with every family enabled
                }
            }
            case TREAT_AS_WITHDRAW, IGNORED -> {
                await(WAIT, () -> involved.stream().noneMatch(weft.locRib()::containsKey),
                        () -> "still in the Loc-RIB: " + weft.locRib().keySet() + "\n" + status(peer));
                assertSessionSurvived(c.session(), conn, since);
            }
            case ATTRIBUTE_DISCARD, ACCEPT -> {
                assertSessionSurvived(c.session(), conn, since);
                assertThat(weft.locRib()).as("routes kept; " + status(peer)).containsKeys(involved.toArray(IpPrefix[]::new));
                c.check().verify(r, weft.locRib());
            }
        }
    }

    /** Still the same session, and it still takes UPDATEs: a probe route sent after the case arrives. */
    void assertSessionSurvived(Session s, BgpBytes.Connection conn, Instant since) throws Exception {
        InetAddress peer = address(s);
        IpPrefix probe = fresh().v4();
        conn.send(updates.good(s, probe));
        await(WAIT, () -> weft.locRib().containsKey(probe) || conn.isClosed(), () -> weft.locRib().keySet().toString());
        assertThat(conn.pendingNotification()).as("NOTIFICATION").isEmpty();
        assertThat(conn.isClosed()).as("connection closed; " + status(peer)).isFalse();
        assertThat(status(peer).establishedSince()).as("same session").contains(since);
        conn.send(BgpBytes.update(BgpBytes.prefix(probe), new byte[0], new byte[0]));
        await(WAIT, () -> !weft.locRib().containsKey(probe), () -> weft.locRib().keySet().toString());
    }

    /**
     * RFC 7606 §2: treat-as-withdraw touches only the UPDATE that carries the error. Three UPDATEs
     * in one TCP segment: the middle one (ORIGIN value 5, §7.1) loses its route, the two around it
     * are installed.
     */
    @Test
    void treatAsWithdrawTouchesOnlyItsOwnUpdateInASegment() throws Exception {
        BgpBytes.Connection a = conn(Session.EBGP);
        Instant since = status(address(Session.EBGP)).establishedSince().orElseThrow();
        IpPrefix x = fresh().v4();
        IpPrefix y = fresh().v4();
        IpPrefix z = fresh().v4();
        a.send(updates.good(Session.EBGP, y));
        await(WAIT, () -> weft.locRib().containsKey(y), () -> weft.locRib().keySet().toString());
        a.send(BgpBytes.concat(updates.good(Session.EBGP, x), UnseenMalformedUpdates.withAttributes(y, BgpBytes.origin(5),
                UnseenMalformedUpdates.ebgpPath(), BgpBytes.nextHop(V4.daemonAddress(1))), updates.good(Session.EBGP, z)));
        await(WAIT, () -> weft.locRib().containsKey(x) && weft.locRib().containsKey(z) && !weft.locRib().containsKey(y),
                () -> weft.locRib().keySet().toString());
        assertSessionSurvived(Session.EBGP, a, since);
    }

    /**
     * RFC 4271 §6: after an error that resets the session nothing more of the stream is used: an
     * UPDATE in the same TCP segment behind an UPDATE with an unrecognized well-known attribute
     * (3/2) is never installed.
     */
    @Test
    void nothingBehindASessionResetInTheSameSegmentIsProcessed() throws Exception {
        BgpBytes.Connection a = conn(Session.EBGP);
        IpPrefix x = fresh().v4();
        IpPrefix z = fresh().v4();
        long updatesBefore = status(address(Session.EBGP)).updatesReceived();
        a.send(BgpBytes.concat(updates.good4(Session.EBGP, x, BgpBytes.attr(BgpBytes.TRANSITIVE, 222, BgpBytes.bytes(1))),
                updates.good(Session.EBGP, z)));
        Optional<RawBgpPeer.Notification> n = a.awaitNotification(WAIT);
        assertThat(n).as("NOTIFICATION").isPresent();
        assertThat(n.get().code() + "/" + n.get().subcode()).isEqualTo("3/2");
        await(WAIT, a::isClosed, () -> "connection still open");
        await(WAIT, () -> !status(address(Session.EBGP)).state().equals("Established"), () -> "still Established");
        assertThat(status(address(Session.EBGP)).updatesReceived()).as("UPDATEs taken after the error")
                .isEqualTo(updatesBefore);
        assertThat(weft.locRib()).doesNotContainKeys(x, z);
    }

    /** RFC 9072 §2: an OPEN in the extended optional parameters encoding MUST be accepted, even when short. */
    @Test
    void openWithExtendedOptionalParametersIsAccepted() throws Exception {
        awaitScriptedPeerDown();
        byte[] open = HandmadeBgpPeer.openExtended(SCRIPTED_AS, 30, (Inet4Address) IpAddresses.parse("10.252.1.1"),
                List.of(HandmadeBgpPeer.multiprotocol(1), HandmadeBgpPeer.fourOctetAs(SCRIPTED_AS)));
        try (HandmadeBgpPeer p = HandmadeBgpPeer.establish(net.daemonNsPath(), V6.daemonAddress(1), V6.speakerAddress(), open,
                WAIT)) {
            await(WAIT, () -> status(V6.daemonAddress(1)).state().equals("Established"), () -> status(V6.daemonAddress(1)).toString());
            assertThat(p.pendingNotification()).isEmpty();
        }
    }

    /** RFC 4271 §8.2.2 (OpenConfirm) and RFC 6608 §4: an UPDATE before the KEEPALIVE is 5/2. */
    @Test
    void updateInOpenConfirmIsAnFsmError() throws Exception {
        awaitScriptedPeerDown();
        try (HandmadeBgpPeer p = HandmadeBgpPeer.connect(net.daemonNsPath(), V6.daemonAddress(1), V6.speakerAddress(), WAIT)) {
            p.send(scriptedOpen(false));
            p.awaitType(BgpBytes.OPEN, WAIT);
            p.send(BgpBytes.update(new byte[0], new byte[0], new byte[0]));
            assertNotification(p, 5, 2);
        }
    }

    /** RFC 4271 §8.2.2 (OpenSent) and RFC 6608 §4: an UPDATE before the OPEN is 5/1. */
    @Test
    void updateInOpenSentIsAnFsmError() throws Exception {
        awaitScriptedPeerDown();
        try (HandmadeBgpPeer p = HandmadeBgpPeer.connect(net.daemonNsPath(), V6.daemonAddress(1), V6.speakerAddress(), WAIT)) {
            p.awaitType(BgpBytes.OPEN, WAIT);
            p.send(BgpBytes.update(new byte[0], new byte[0], new byte[0]));
            assertNotification(p, 5, 1);
        }
    }

    /** RFC 8654 §4: with Extended Message negotiated, an UPDATE of 5000 octets is valid. */
    @Test
    void updateOver4096OctetsIsValidWithExtendedMessages() throws Exception {
        awaitScriptedPeerDown();
        try (HandmadeBgpPeer p = HandmadeBgpPeer.establish(net.daemonNsPath(), V6.daemonAddress(1), V6.speakerAddress(),
                scriptedOpen(true), WAIT)) {
            List<IpPrefix> prefixes = new ArrayList<>();
            java.io.ByteArrayOutputStream nlri = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < 990; i++) {
                IpPrefix pfx = IpPrefix.parse("100.70." + (i / 250) + "." + (i % 250 + 1) + "/32");
                prefixes.add(pfx);
                nlri.writeBytes(BgpBytes.prefix(pfx));
            }
            byte[] m = BgpBytes.update(new byte[0], BgpBytes.concat(BgpBytes.origin(0), BgpBytes.asPath(SCRIPTED_AS),
                    BgpBytes.nextHop(V4.daemonAddress(1))), nlri.toByteArray());
            assertThat(m.length).isGreaterThan(4096);
            p.send(m);
            await(WAIT, () -> weft.locRib().keySet().containsAll(prefixes), () -> status(V6.daemonAddress(1)).toString());
            assertThat(p.pendingNotification()).isEmpty();
        }
        await(WAIT, () -> !weft.locRib().containsKey(IpPrefix.parse("100.70.0.1/32")), () -> "routes of a closed session");
    }

    /**
     * RFC 4760 §6 (families are negotiated) and RFC 4271 §6.3 / RFC 7606 spirit: IPv6 routes from a
     * peer that negotiated IPv4 unicast only are not installed, and the session stays.
     */
    @Test
    void routesOfAFamilyThatWasNotNegotiatedAreIgnored() throws Exception {
        RawBgpPeer u = RawBgpPeer.establish(net.daemonNsPath(), V6.daemonAddress(3), V6.speakerAddress(), IPV4_ONLY_AS,
                IpAddresses.parseIpv4("10.252.3.3"), WAIT, 1);
        others.add(u);
        await(WAIT, () -> status(V6.daemonAddress(3)).state().equals("Established"), () -> status(V6.daemonAddress(3)).toString());
        IpPrefix v6 = fresh().v6();
        IpPrefix v4 = fresh().v4();
        byte[] path = BgpBytes.concat(BgpBytes.origin(0), BgpBytes.asPath(IPV4_ONLY_AS));
        u.send(BgpBytes.update(new byte[0], BgpBytes.concat(path, BgpBytes.mpReachIpv6(V6.daemonAddress(3), List.of(v6))),
                new byte[0]));
        u.send(BgpBytes.update(new byte[0], BgpBytes.concat(path, BgpBytes.nextHop(V4.daemonAddress(4))), BgpBytes.prefix(v4)));
        await(WAIT, () -> weft.locRib().containsKey(v4), () -> weft.locRib().keySet().toString());
        assertThat(u.isClosed()).isFalse();
        assertThat(weft.locRib()).as("IPv6 route from a peer that negotiated IPv4 unicast only").doesNotContainKey(v6);
    }

    /**
     * RFC 4271 §5 and §4.3: an unrecognized optional transitive attribute is passed on with the
     * Partial bit and the four unused bits zero (received as 0xcf, sent as 0xe0); an attribute
     * discarded under RFC 7606 (AGGREGATOR of length 5, §7.7) is not passed on.
     */
    @Test
    void unrecognizedTransitiveAttributeIsPassedOnWithPartialAndDiscardedOnesAreNot() throws Exception {
        awaitScriptedPeerDown();
        try (HandmadeBgpPeer listener = HandmadeBgpPeer.establish(net.daemonNsPath(), V6.daemonAddress(1), V6.speakerAddress(),
                scriptedOpen(false), WAIT)) {
            BgpBytes.Connection a = conn(Session.EBGP);
            IpPrefix p = fresh().v4();
            a.send(updates.good4(Session.EBGP, p, BgpBytes.attr(0xcf, 240, BgpBytes.bytes(1, 2, 3)),
                    BgpBytes.attr(0xc0, 7, BgpBytes.bytes(0, 0, 0xfd, 0xe8, 1))));
            Map<Integer, Integer> flags = exportedAttributeFlags(listener, p);
            assertThat(flags).as("attribute type -> flags of the UPDATE announcing " + p).containsEntry(240, 0xe0)
                    .doesNotContainKey(7);
            a.send(BgpBytes.update(BgpBytes.prefix(p), new byte[0], new byte[0]));
        }
    }

    /** Flags by type of the first UPDATE from the speaker that announces {@code p} (RFC 4271 §4.3 layout). */
    static Map<Integer, Integer> exportedAttributeFlags(HandmadeBgpPeer listener, IpPrefix p) throws Exception {
        byte[] nlri = BgpBytes.prefix(p);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            byte[] body = listener.awaitType(BgpBytes.UPDATE, WAIT).body();
            int withdrawn = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
            int at = 2 + withdrawn;
            int total = ((body[at] & 0xff) << 8) | (body[at + 1] & 0xff);
            int end = at + 2 + total;
            if (!java.util.Arrays.equals(java.util.Arrays.copyOfRange(body, end, body.length), nlri)) {
                continue;
            }
            Map<Integer, Integer> flags = new java.util.HashMap<>();
            for (int i = at + 2; i < end;) {
                int f = body[i] & 0xff;
                int type = body[i + 1] & 0xff;
                int len = (f & BgpBytes.EXTENDED) != 0 ? ((body[i + 2] & 0xff) << 8) | (body[i + 3] & 0xff) : body[i + 2] & 0xff;
                flags.put(type, f & ~BgpBytes.EXTENDED);
                i += ((f & BgpBytes.EXTENDED) != 0 ? 4 : 3) + len;
            }
            return flags;
        }
        throw new AssertionError("no UPDATE announcing " + p + " alone");
    }

    /** The scripted peer's last connection (fd77:3::1) is over, so a new one is not a collision. */
    void awaitScriptedPeerDown() throws InterruptedException {
        await(WAIT, () -> List.of("Idle", "Active", "Connect").contains(status(V6.daemonAddress(1)).state()),
                () -> status(V6.daemonAddress(1)).toString());
    }

    byte[] scriptedOpen(boolean extendedMessage) {
        List<byte[]> caps = new ArrayList<>(List.of(HandmadeBgpPeer.multiprotocol(1), HandmadeBgpPeer.fourOctetAs(SCRIPTED_AS)));
        if (extendedMessage) {
            caps.add(HandmadeBgpPeer.extendedMessage());
        }
        return HandmadeBgpPeer.open(SCRIPTED_AS, 30, (Inet4Address) IpAddresses.parse("10.252.1.1"), caps);
    }

    static void assertNotification(HandmadeBgpPeer p, int code, int subcode) throws InterruptedException {
        Optional<RawBgpPeer.Notification> n = p.awaitNotification(WAIT);
        assertThat(n).as("NOTIFICATION").isPresent();
        assertThat(n.get().code() + "/" + n.get().subcode()).as(n.get().toString()).isEqualTo(code + "/" + subcode);
    }
}
