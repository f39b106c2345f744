package dev.weft.bgp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.rib.RoutePolicy;
import dev.weft.bgp.wire.Capability;
import dev.weft.bgp.wire.KeepaliveMessage;
import dev.weft.bgp.wire.NotificationMessage;
import dev.weft.bgp.wire.OpenMessage;
import dev.weft.bgp.wire.OriginType;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.io.DataInputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Adversarial RFC 9234 (BGP Role, Only-to-Customer) cases against a real speaker on loopback,
 * driven from a raw socket ({@link RawPeer}): hand-made OPENs with bad, repeated or misplaced Role
 * capabilities, and UPDATEs with malformed, misflagged or leaking OTC attributes. Each asserts the
 * outcome on the wire and in the speaker: the NOTIFICATION (code/subcode), or the prefix in or out
 * of the Loc-RIB with the session still Established (RFC 7606 treat-as-withdraw never resets).
 */
class Rfc9234AdversarialTest {
    static final long LOCAL_AS = 65001;
    static final long PEER_AS = 65000;
    static final String PEER = "127.0.0.31";
    static final IpPrefix A = IpPrefix.parse("192.0.2.0/24");
    static final IpPrefix B = IpPrefix.parse("198.51.100.0/24");
    static final IpPrefix V6 = IpPrefix.parse("2001:db8:77::/48");

    private BgpSpeaker speaker;
    private RawPeer peer;
    private int port;

    @AfterEach
    void tearDown() throws Exception {
        if (peer != null) {
            peer.close();
        }
        if (speaker != null) {
            speaker.close();
        }
    }

    /** A speaker (AS 65001) with one passive peer {@value #PEER} of AS {@code peerAs}, role as given. */
    private void start(long peerAs, Optional<BgpRole> role, boolean strict) throws Exception {
        start(peerAs, role, strict, true);
    }

    private void start(long peerAs, Optional<BgpRole> role, boolean strict, boolean connect) throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, IpAddresses.parse("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        speaker = BgpSpeaker.start(SpeakerConfig.of(LOCAL_AS, IpAddresses.parseIpv4("10.0.0.1"))
                .withListen(IpAddresses.parse("127.0.0.1"), port));
        speaker.addPeer(PeerConfig.of(IpAddresses.parse(PEER), peerAs).withPassive(true)
                .withPolicies(Optional.of(RoutePolicy.ACCEPT_ALL), Optional.of(RoutePolicy.ACCEPT_ALL))
                .withRole(role, strict));
        if (!connect) {
            return;
        }
        peer = RawPeer.connect(new InetSocketAddress(IpAddresses.parse(PEER), 0),
                new InetSocketAddress(IpAddresses.parse("127.0.0.1"), port));
    }

    private static OpenMessage open(long as, Capability... extra) {
        List<Capability> caps = new ArrayList<>(List.of(Capability.MultiProtocol.IPV4_UNICAST,
                Capability.MultiProtocol.IPV6_UNICAST, new Capability.FourOctetAs(as)));
        caps.addAll(List.of(extra));
        return OpenMessage.of(as, 90, IpAddresses.parseIpv4("10.0.0.31"), caps);
    }

    /** Sends {@code open} and returns the speaker's OPEN. */
    private OpenMessage sendOpen(OpenMessage open) throws Exception {
        peer.send(open);
        return peer.next(OpenMessage.class).orElseThrow();
    }

    /** Brings the session up with {@code open}; fails if the speaker does not reach Established. */
    private void establish(OpenMessage open) throws Exception {
        sendOpen(open);
        peer.send(KeepaliveMessage.INSTANCE);
        assertThat(peer.next(KeepaliveMessage.class)).isPresent();
        peer.keepAlive();
        assertThat(SpeakerSessionsTest.await(() -> state().equals("Established"))).as("Established").isTrue();
    }

    private String state() {
        return speaker.peers().get(0).state();
    }

    private static List<PathAttribute> base(long firstAs) {
        return new ArrayList<>(List.of(new PathAttribute.Origin(OriginType.IGP),
                PathAttribute.AsPath.sequence(List.of(firstAs)), new PathAttribute.NextHop(IpAddresses.parseIpv4("192.0.2.1"))));
    }

    private static UpdateMessage announce(IpPrefix p, PathAttribute... extra) {
        List<PathAttribute> attrs = base(PEER_AS);
        attrs.addAll(List.of(extra));
        return new UpdateMessage(List.of(), attrs, List.of(p));
    }

    /** OTC as raw bytes: any flags, any length (the decoder sees it as it is on the wire). */
    private static PathAttribute otcRaw(int flags, byte... value) {
        return new PathAttribute.Unknown(flags, PathAttribute.ONLY_TO_CUSTOMER, value);
    }

    private static final int OT = PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE;

    private int markers;

    /**
     * Sends {@code u} then an UPDATE announcing a new marker prefix from 100.64.0.0/16; returns once
     * the marker is in the Loc-RIB, so everything sent before it has been applied (one FIFO).
     */
    private void sendAndSync(UpdateMessage u) throws Exception {
        IpPrefix marker = IpPrefix.parse("100.64." + markers++ + ".0/24");
        peer.send(u, announce(marker));
        assertThat(SpeakerSessionsTest.await(() -> speaker.locRib().containsKey(marker))).as("marker applied").isTrue();
    }

    /** The Loc-RIB without the markers. */
    private java.util.Set<IpPrefix> routes() {
        java.util.Set<IpPrefix> out = new java.util.HashSet<>(speaker.locRib().keySet());
        out.removeIf(p -> IpPrefix.parse("100.64.0.0/16").contains(p));
        return out;
    }

    private void assertStillEstablished() {
        assertThat(state()).isEqualTo("Established");
        assertThat(peer.notifications()).isEmpty();
        assertThat(peer.closed()).isFalse();
    }

    private void assertMismatch(int code, int subcode) throws Exception {
        NotificationMessage n = peer.next(NotificationMessage.class).orElseThrow();
        assertThat(n.code()).isEqualTo(code);
        assertThat(n.subcode()).isEqualTo(subcode);
        assertThat(peer.awaitClosed()).isTrue();
        assertThat(speaker.peers().get(0).establishedSince()).isEmpty();
    }

    // ---- OPEN: the Role capability (RFC 9234 §4) ----

    @Test
    void roleCapabilityOfLengthTwoIsAMalformedOpen() throws Exception {
        start(PEER_AS, Optional.of(BgpRole.PROVIDER), false);
        sendOpen(open(PEER_AS, new Capability.Unknown(Capability.ROLE, new byte[] {3, 3})));
        assertMismatch(2, 0); // RFC 9234 §4.1 Length 1; a malformed capability is an OPEN Message Error
    }

    @Test
    void roleCapabilityOfLengthZeroIsAMalformedOpen() throws Exception {
        start(PEER_AS, Optional.of(BgpRole.PROVIDER), false);
        sendOpen(open(PEER_AS, new Capability.Unknown(Capability.ROLE, new byte[0])));
        assertMismatch(2, 0);
    }

    @Test
    void malformedRoleLengthIsRefusedEvenWithoutALocalRole() throws Exception {
        start(PEER_AS, Optional.empty(), false);
        sendOpen(open(PEER_AS, new Capability.Unknown(Capability.ROLE, new byte[] {3, 0, 0})));
        assertMismatch(2, 0);
    }

    @Test
    void twoEqualRoleCapabilitiesCountAsOne() throws Exception {
        start(PEER_AS, Optional.of(BgpRole.PROVIDER), true);
        establish(open(PEER_AS, new Capability.Role(Capability.Role.CUSTOMER), new Capability.Role(Capability.Role.CUSTOMER)));
    }

    @Test
    void twoDifferentRoleCapabilitiesAreARoleMismatch() throws Exception {
        start(PEER_AS, Optional.of(BgpRole.PROVIDER), false);
        sendOpen(open(PEER_AS, new Capability.Role(Capability.Role.CUSTOMER), new Capability.Role(Capability.Role.PEER)));
        assertMismatch(2, 11);
    }

    @Test
    void differentRolesAreAMismatchEvenWhenOneOfThemMatches() throws Exception {
        start(PEER_AS, Optional.of(BgpRole.PEER), false);
        sendOpen(open(PEER_AS, new Capability.Role(Capability.Role.PEER), new Capability.Role(Capability.Role.PROVIDER)));
        assertMismatch(2, 11);
    }

    @Test
    void anUnassignedRoleValueIsARoleMismatch() throws Exception {
        start(PEER_AS, Optional.of(BgpRole.PEER), false);
        sendOpen(open(PEER_AS, new Capability.Role(5)));
        assertMismatch(2, 11);
    }

    @Test
    void roleOnIbgpIsNeitherSentNorChecked() throws Exception {
        start(LOCAL_AS, Optional.of(BgpRole.PROVIDER), true); // iBGP: role ignored (RFC 9234 §4: eBGP only)
        OpenMessage ours = sendOpen(open(LOCAL_AS, new Capability.Role(Capability.Role.PROVIDER)));
        assertThat(ours.role()).isEmpty();
        peer.send(KeepaliveMessage.INSTANCE);
        peer.keepAlive();
        assertThat(SpeakerSessionsTest.await(() -> state().equals("Established"))).isTrue();
        assertThat(peer.notifications()).isEmpty();
    }

    @Test
    void otcOverIbgpIsNeitherALeakNorAdded() throws Exception {
        start(LOCAL_AS, Optional.of(BgpRole.PROVIDER), false);
        establish(open(LOCAL_AS));
        List<PathAttribute> attrs = new ArrayList<>(List.of(new PathAttribute.Origin(OriginType.IGP), PathAttribute.AsPath.EMPTY,
                new PathAttribute.NextHop(IpAddresses.parseIpv4("192.0.2.1")), new PathAttribute.LocalPref(100),
                new PathAttribute.OnlyToCustomer(64999)));
        sendAndSync(new UpdateMessage(List.of(), attrs, List.of(A)));
        assertThat(speaker.locRib()).containsKey(A);
        assertStillEstablished();
    }

    // ---- UPDATE: malformed OTC (RFC 9234 §5, RFC 7606): treat-as-withdraw, never a reset ----

    private void providerWithCustomerSessionAndA() throws Exception {
        start(PEER_AS, Optional.of(BgpRole.PROVIDER), false);
        establish(open(PEER_AS, new Capability.Role(Capability.Role.CUSTOMER)));
        sendAndSync(announce(A));
        assertThat(speaker.locRib()).containsKey(A);
    }

    private void assertTreatedAsWithdraw(PathAttribute badOtc) throws Exception {
        sendAndSync(announce(A, badOtc));
        assertThat(speaker.locRib()).doesNotContainKey(A);
        assertStillEstablished();
        assertThat(speaker.peers().get(0).lastError()).isPresent();
    }

    @Test
    void otcOfThreeOctetsIsTreatAsWithdraw() throws Exception {
        providerWithCustomerSessionAndA();
        assertTreatedAsWithdraw(otcRaw(OT, (byte) 0, (byte) 0xfd, (byte) 0xe8));
    }

    @Test
    void otcOfFiveOctetsIsTreatAsWithdraw() throws Exception {
        providerWithCustomerSessionAndA();
        assertTreatedAsWithdraw(otcRaw(OT, (byte) 0, (byte) 0, (byte) 0xfd, (byte) 0xe8, (byte) 0));
    }

    @Test
    void otcOfZeroOctetsIsTreatAsWithdraw() throws Exception {
        providerWithCustomerSessionAndA();
        assertTreatedAsWithdraw(otcRaw(OT));
    }

    @Test
    void otcOptionalNonTransitiveIsTreatAsWithdraw() throws Exception {
        providerWithCustomerSessionAndA();
        assertTreatedAsWithdraw(otcRaw(PathAttribute.FLAG_OPTIONAL, (byte) 0, (byte) 0, (byte) 0xfd, (byte) 0xe8));
    }

    @Test
    void otcWellKnownIsTreatAsWithdrawNotUnrecognizedWellKnown() throws Exception {
        providerWithCustomerSessionAndA();
        assertTreatedAsWithdraw(otcRaw(PathAttribute.FLAG_TRANSITIVE, (byte) 0, (byte) 0, (byte) 0xfd, (byte) 0xe8));
    }

    @Test
    void malformedOtcWithoutARoleIsStillTreatAsWithdraw() throws Exception {
        start(PEER_AS, Optional.empty(), false);
        establish(open(PEER_AS));
        sendAndSync(announce(A));
        assertTreatedAsWithdraw(otcRaw(OT, (byte) 1, (byte) 2));
    }

    @Test
    void aMalformedOtcOnAFamilyWithIpv6WithdrawsTheIpv6PrefixToo() throws Exception {
        providerWithCustomerSessionAndA();
        Inet6Address hop = (Inet6Address) IpAddresses.parse("2001:db8::31");
        List<PathAttribute> attrs = base(PEER_AS);
        attrs.add(PathAttribute.MpReachNlri.ipv6(hop, Optional.empty(), List.of(V6)));
        sendAndSync(new UpdateMessage(List.of(), attrs, List.of()));
        // a customer route without OTC: eligible
        assertThat(speaker.locRib()).containsKey(V6);
        attrs.add(otcRaw(OT, (byte) 9));
        sendAndSync(new UpdateMessage(List.of(), attrs, List.of()));
        assertThat(speaker.locRib()).doesNotContainKey(V6);
        assertStillEstablished();
    }

    // ---- UPDATE: OTC ingress (RFC 9234 §5) ----

    @Test
    void otcZeroFromACustomerIsALeak() throws Exception {
        providerWithCustomerSessionAndA();
        sendAndSync(announce(A, new PathAttribute.OnlyToCustomer(0)));
        assertThat(speaker.locRib()).doesNotContainKey(A);
        assertThat(speaker.peers().get(0).lastError()).hasValueSatisfying(e -> assertThat(e).contains("route leak"));
        assertStillEstablished();
    }

    @Test
    void otcZeroFromAPeerIsALeakButThePeersOwnAsIsNot() throws Exception {
        start(PEER_AS, Optional.of(BgpRole.PEER), false);
        establish(open(PEER_AS, new Capability.Role(Capability.Role.PEER)));
        sendAndSync(announce(A, new PathAttribute.OnlyToCustomer(0)));
        assertThat(speaker.locRib()).doesNotContainKey(A);
        sendAndSync(announce(A, new PathAttribute.OnlyToCustomer(PEER_AS)));
        assertThat(speaker.locRib()).containsKey(A);
        assertStillEstablished();
    }

    @Test
    void otcZeroFromAProviderIsKeptAsItIs() throws Exception {
        start(PEER_AS, Optional.of(BgpRole.CUSTOMER), false);
        establish(open(PEER_AS, new Capability.Role(Capability.Role.PROVIDER)));
        sendAndSync(announce(A, new PathAttribute.OnlyToCustomer(0)));
        assertThat(speaker.locRib()).containsKey(A);
        assertStillEstablished();
    }

    @Test
    void otcOnAWithdrawOnlyUpdateWithdrawsAndIsNoLeak() throws Exception {
        providerWithCustomerSessionAndA();
        List<PathAttribute> attrs = List.of(new PathAttribute.OnlyToCustomer(64999));
        sendAndSync(new UpdateMessage(List.of(A), attrs, List.of()));
        assertThat(speaker.locRib()).doesNotContainKey(A);
        assertThat(speaker.peers().get(0).lastError()).isEmpty();
        assertStillEstablished();
    }

    @Test
    void ipv6MpReachWithOtcFromACustomerStaysOutOfTheLocRib() throws Exception {
        start(PEER_AS, Optional.of(BgpRole.PROVIDER), false);
        establish(open(PEER_AS, new Capability.Role(Capability.Role.CUSTOMER)));
        Inet6Address hop = (Inet6Address) IpAddresses.parse("2001:db8::31");
        List<PathAttribute> attrs = base(PEER_AS);
        attrs.add(PathAttribute.MpReachNlri.ipv6(hop, Optional.empty(), List.of(V6)));
        attrs.add(new PathAttribute.OnlyToCustomer(64999));
        sendAndSync(new UpdateMessage(List.of(), attrs, List.of()));
        assertThat(speaker.locRib()).doesNotContainKey(V6);
        assertThat(speaker.peers().get(0).lastError()).hasValueSatisfying(e -> assertThat(e).contains("route leak"));
        assertStillEstablished();
    }

    @Test
    void aMixedUpdateWithOtcDropsBothFamiliesAndTheWithdrawals() throws Exception {
        providerWithCustomerSessionAndA();
        Inet6Address hop = (Inet6Address) IpAddresses.parse("2001:db8::31");
        List<PathAttribute> attrs = base(PEER_AS);
        attrs.add(PathAttribute.MpReachNlri.ipv6(hop, Optional.empty(), List.of(V6)));
        attrs.add(new PathAttribute.OnlyToCustomer(64999));
        IpPrefix c = IpPrefix.parse("203.0.113.0/24");
        sendAndSync(new UpdateMessage(List.of(A), attrs, List.of(c)));
        assertThat(speaker.locRib()).doesNotContainKeys(A, c, V6);
        assertStillEstablished();
    }

    @Test
    void theSamePrefixWithoutOtcAfterALeakIsAccepted() throws Exception {
        start(PEER_AS, Optional.of(BgpRole.PROVIDER), false);
        establish(open(PEER_AS, new Capability.Role(Capability.Role.CUSTOMER)));
        sendAndSync(announce(A, new PathAttribute.OnlyToCustomer(64999)));
        assertThat(speaker.locRib()).doesNotContainKey(A);
        sendAndSync(announce(A));
        assertThat(speaker.locRib()).containsKey(A);
        assertThat(speaker.locRib().get(A).peerAddress()).isEqualTo(InetAddress.getByName(PEER));
        assertStillEstablished();
    }

    @Test
    void manyLeaksInARowNeverResetTheSession() throws Exception {
        providerWithCustomerSessionAndA();
        List<UpdateMessage> leaks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            leaks.add(announce(IpPrefix.parse("10." + (i / 256) + "." + (i % 256) + ".0/24"), new PathAttribute.OnlyToCustomer(i)));
        }
        peer.send(leaks.toArray(UpdateMessage[]::new));
        sendAndSync(announce(B));
        assertThat(routes()).containsExactlyInAnyOrder(A, B);
        assertStillEstablished();
    }
    // ---- the other roles, and a peer's roles when we have none ----

    @Test
    void otcFromAnRsClientIsALeakAndAnRsRouteGetsTheRsAs() throws Exception {
        start(PEER_AS, Optional.of(BgpRole.RS), false);
        establish(open(PEER_AS, new Capability.Role(Capability.Role.ROUTE_SERVER_CLIENT)));
        sendAndSync(announce(A, new PathAttribute.OnlyToCustomer(PEER_AS)));
        assertThat(routes()).isEmpty();
        assertStillEstablished();
    }

    @Test
    void aRouteFromARouteServerWithoutOtcIsAccepted() throws Exception {
        start(PEER_AS, Optional.of(BgpRole.RS_CLIENT), false);
        establish(open(PEER_AS, new Capability.Role(Capability.Role.ROUTE_SERVER)));
        sendAndSync(announce(A));
        sendAndSync(announce(B, new PathAttribute.OnlyToCustomer(64999)));
        assertThat(routes()).containsExactlyInAnyOrder(A, B);
        assertStillEstablished();
    }

    @Test
    void withoutALocalRoleThePeersConflictingRolesAreIgnored() throws Exception {
        start(PEER_AS, Optional.empty(), false);
        OpenMessage ours = sendOpen(open(PEER_AS, new Capability.Role(Capability.Role.CUSTOMER), new Capability.Role(Capability.Role.PEER)));
        assertThat(ours.role()).isEmpty();
        peer.send(KeepaliveMessage.INSTANCE);
        peer.keepAlive();
        assertThat(SpeakerSessionsTest.await(() -> state().equals("Established"))).isTrue();
        sendAndSync(announce(A, new PathAttribute.OnlyToCustomer(64999)));
        assertThat(routes()).containsExactly(A); // no role: no leak rule (RFC 9234 §5 needs the role)
        assertStillEstablished();
    }

    // ---- egress (RFC 9234 §5) seen on the wire ----
    // (plain sockets that read the raw UPDATE: our NEXT_HOP on loopback is 127.0.0.1, which the
    // codec's RFC 4271 §6.3 check would turn into treat-as-withdraw on the receiving side)

    /** A plain-socket peer from {@code address} (AS {@code as}, Role {@code role}) brought to Established. */
    private Socket plain(String address, long as, int role) throws Exception {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(IpAddresses.parse(address), 0));
        s.connect(new InetSocketAddress(IpAddresses.parse("127.0.0.1"), port), 5000);
        s.setSoTimeout(10_000);
        s.getOutputStream().write(BackPressureTest.encode(open(as, new Capability.Role(role))));
        s.getOutputStream().write(BackPressureTest.encode(KeepaliveMessage.INSTANCE));
        s.getOutputStream().flush();
        assertThat(SpeakerSessionsTest.await(() -> speaker.peers().stream()
                .anyMatch(st -> st.peerAddress().getHostAddress().equals(address) && st.state().equals("Established")))).isTrue();
        return s;
    }

    /**
     * Reads the speaker's messages on {@code s} until an UPDATE whose IPv4 NLRI holds {@code p}
     * (plain IPv4 prefix encoding) and returns its OTC value, -1 if it has none.
     */
    private static long otcOfUpdateFor(Socket s, IpPrefix p) throws Exception {
        DataInputStream in = new DataInputStream(s.getInputStream());
        while (true) {
            byte[] header = new byte[19];
            in.readFully(header);
            int len = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
            byte[] body = new byte[len - 19];
            in.readFully(body);
            if (header[18] != 2) {
                continue;
            }
            ByteBuffer b = ByteBuffer.wrap(body);
            b.position(2 + (b.getShort(0) & 0xffff));
            int attrLen = b.getShort() & 0xffff;
            int attrEnd = b.position() + attrLen;
            long otc = -1;
            while (b.position() < attrEnd) {
                int flags = b.get() & 0xff;
                int type = b.get() & 0xff;
                int l = (flags & PathAttribute.FLAG_EXTENDED_LENGTH) != 0 ? b.getShort() & 0xffff : b.get() & 0xff;
                if (type == PathAttribute.ONLY_TO_CUSTOMER) {
                    assertThat(l).isEqualTo(4);
                    assertThat(flags & ~PathAttribute.FLAG_EXTENDED_LENGTH).as("OTC flags: optional transitive, no Partial")
                            .isEqualTo(OT);
                    otc = b.getInt(b.position()) & 0xffffffffL;
                }
                b.position(b.position() + l);
            }
            while (b.hasRemaining()) {
                int bits = b.get() & 0xff;
                byte[] addr = new byte[4];
                b.get(addr, 0, (bits + 7) / 8);
                if (IpPrefix.of(InetAddress.getByAddress(addr), bits).equals(p)) {
                    return otc;
                }
            }
        }
    }

    @Test
    void anOriginatedRouteToALateralPeerCarriesOurAsAsOtc() throws Exception {
        start(PEER_AS, Optional.of(BgpRole.PEER), false, false);
        try (Socket s = plain(PEER, PEER_AS, Capability.Role.PEER)) {
            speaker.originate(A);
            assertThat(otcOfUpdateFor(s, A)).isEqualTo(LOCAL_AS);
        }
    }

    @Test
    void anOriginatedRouteToAProviderCarriesNoOtc() throws Exception {
        start(PEER_AS, Optional.of(BgpRole.CUSTOMER), false, false);
        try (Socket s = plain(PEER, PEER_AS, Capability.Role.PROVIDER)) {
            speaker.originate(A);
            assertThat(otcOfUpdateFor(s, A)).isEqualTo(-1);
        }
    }

    @Test
    void aProvidersRouteReachesACustomerWithTheProvidersOtcAndNeverALateralPeer() throws Exception {
        start(PEER_AS, Optional.of(BgpRole.CUSTOMER), false); // 127.0.0.31: our provider
        String lateral = "127.0.0.32";
        String customer = "127.0.0.33";
        speaker.addPeer(PeerConfig.of(IpAddresses.parse(lateral), 65002).withPassive(true)
                .withPolicies(Optional.of(RoutePolicy.ACCEPT_ALL), Optional.of(RoutePolicy.ACCEPT_ALL)).withRole(BgpRole.PEER));
        speaker.addPeer(PeerConfig.of(IpAddresses.parse(customer), 65003).withPassive(true)
                .withPolicies(Optional.of(RoutePolicy.ACCEPT_ALL), Optional.of(RoutePolicy.ACCEPT_ALL)).withRole(BgpRole.PROVIDER));
        try (Socket p2 = plain(lateral, 65002, Capability.Role.PEER); Socket p3 = plain(customer, 65003, Capability.Role.CUSTOMER)) {
            establish(open(PEER_AS, new Capability.Role(Capability.Role.PROVIDER)));
            peer.send(announce(A));
            assertThat(otcOfUpdateFor(p3, A)).as("OTC = the provider's AS, kept").isEqualTo(PEER_AS);
            assertThat(speaker.peers().stream().filter(st -> st.peerAddress().getHostAddress().equals(lateral))
                    .findFirst().orElseThrow().prefixesAdvertised()).isZero();
        }
    }
}
