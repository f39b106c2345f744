package dev.weft.it.bgp.matrix;

import static dev.weft.it.bgp.matrix.BgpBytes.EXTENDED;
import static dev.weft.it.bgp.matrix.BgpBytes.OPTIONAL;
import static dev.weft.it.bgp.matrix.BgpBytes.PARTIAL;
import static dev.weft.it.bgp.matrix.BgpBytes.TRANSITIVE;
import static dev.weft.it.bgp.matrix.BgpBytes.attr;
import static dev.weft.it.bgp.matrix.BgpBytes.bytes;
import static dev.weft.it.bgp.matrix.BgpBytes.concat;
import static dev.weft.it.bgp.matrix.BgpBytes.u32;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.server.BestPath;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Malformed and odd UPDATEs (and a few other messages) that neither {@link MalformedUpdates} nor the
 * codec's unit tests send, each with the outcome its RFC prescribes, decided from the RFC text
 * before running it against Weft. Sent by {@link UnseenMalformedUpdateTest} over three kinds of
 * session: eBGP with 4-octet AS numbers (AS {@link #EBGP_AS}), iBGP (Weft's own AS
 * {@link #WEFT_AS}) and eBGP with 2-octet AS numbers (AS {@link #TWO_OCTET_AS}, no RFC 6793
 * capability).
 */
final class UnseenMalformedUpdates {
    static final long WEFT_AS = 65010;
    static final long EBGP_AS = 65000;
    static final long IBGP_AS = WEFT_AS;
    static final long TWO_OCTET_AS = 65004;
    static final int AS_TRANS = 23456;

    /** The session a case is sent on. */
    enum Session { EBGP, IBGP, TWO_OCTET }

    /** What the RFC says the receiver does. */
    enum Outcome {
        /** RFC 7606 §2 treat-as-withdraw: the UPDATE's routes are gone, the session stays, the error is reported. */
        TREAT_AS_WITHDRAW,
        /** Not an error, but the route is not eligible (loop, own address): gone from the Loc-RIB, session stays. */
        IGNORED,
        /** RFC 7606 §2 attribute discard: the UPDATE is applied without the attribute ({@link Case#check}). */
        ATTRIBUTE_DISCARD,
        /** Valid: applied as sent ({@link Case#check}). */
        ACCEPT,
        /** NOTIFICATION code/subcode (and data, if given), connection closed. */
        SESSION_RESET,
        /** RFC 4760 §7, RFC 7606 §3 j: the family's routes are deleted; AFI/SAFI disable or NOTIFICATION code/subcode. */
        AFI_SAFI_DISABLE_OR_RESET,
        /** RFC 4271 §6.4: an error in a received NOTIFICATION is not answered with one; the connection just ends. */
        CLOSE_WITHOUT_NOTIFICATION
    }

    /** The fresh routes of one case: an IPv4 /32 and an IPv6 /64 nobody else uses. */
    record Routes(IpPrefix v4, IpPrefix v6) {}

    /** Assertions on the Loc-RIB after an accepted or attribute-discarded UPDATE. */
    @FunctionalInterface
    interface Check {
        void verify(Routes r, Map<IpPrefix, BestPath> locRib);

        Check NONE = (r, rib) -> {};
    }

    /**
     * One case.
     *
     * @param name what is wrong and the RFC rule
     * @param session where it is sent
     * @param outcome the prescribed handling
     * @param code NOTIFICATION code for resets
     * @param subcode its subcode
     * @param data the NOTIFICATION data expected, or null to not check it
     * @param v6 the case is about IPv6 (MP_REACH_NLRI) routes as well as, or instead of, IPv4
     * @param v4 the case is about the IPv4 route
     * @param message the message for the case's routes
     * @param check Loc-RIB assertions for ACCEPT / ATTRIBUTE_DISCARD
     */
    record Case(String name, Session session, Outcome outcome, int code, int subcode, byte[] data, boolean v4, boolean v6,
            Function<Routes, byte[]> message, Check check) {
        @Override
        public String toString() {
            return session + ": " + name;
        }
    }

    final InetAddress ebgpNextHop;
    final InetAddress ebgpNextHop6;
    final InetAddress ibgpNextHop;
    final InetAddress twoOctetNextHop;
    final InetAddress speakerAddress;
    final InetAddress speakerAddress6;
    final InetAddress thirdParty;

    UnseenMalformedUpdates(InetAddress ebgpNextHop, InetAddress ebgpNextHop6, InetAddress ibgpNextHop,
            InetAddress twoOctetNextHop, InetAddress speakerAddress, InetAddress speakerAddress6, InetAddress thirdParty) {
        this.ebgpNextHop = ebgpNextHop;
        this.ebgpNextHop6 = ebgpNextHop6;
        this.ibgpNextHop = ibgpNextHop;
        this.twoOctetNextHop = twoOctetNextHop;
        this.speakerAddress = speakerAddress;
        this.speakerAddress6 = speakerAddress6;
        this.thirdParty = thirdParty;
    }

    // ---- building blocks ------------------------------------------------------------------

    static byte[] origin() {
        return BgpBytes.origin(0);
    }

    static byte[] med(long v) {
        return attr(OPTIONAL, 4, u32(v));
    }

    static byte[] localPref(long v) {
        return attr(TRANSITIVE, 5, u32(v));
    }

    /** AS_PATH of one AS_SEQUENCE of 2-octet AS numbers (a session without RFC 6793). */
    static byte[] asPath2(int... asns) {
        byte[] v = new byte[2 + 2 * asns.length];
        v[0] = 2;
        v[1] = (byte) asns.length;
        for (int i = 0; i < asns.length; i++) {
            v[2 + 2 * i] = (byte) (asns[i] >> 8);
            v[3 + 2 * i] = (byte) asns[i];
        }
        return attr(TRANSITIVE, 2, v);
    }

    /** An AS path segment of 4-octet AS numbers: type (1 AS_SET, 2 AS_SEQUENCE, 3/4 confederation), count, ASes. */
    static byte[] segment(int type, long... asns) {
        byte[] v = new byte[2 + 4 * asns.length];
        v[0] = (byte) type;
        v[1] = (byte) asns.length;
        for (int i = 0; i < asns.length; i++) {
            System.arraycopy(u32(asns[i]), 0, v, 2 + 4 * i, 4);
        }
        return v;
    }

    static byte[] ebgpPath() {
        return BgpBytes.asPath(EBGP_AS);
    }

    /** The correct announcement of {@code p} on {@code s}; IPv6 in MP_REACH_NLRI. */
    byte[] good(Session s, IpPrefix p) {
        return p.isIpv4() ? good4(s, p) : good6(p);
    }

    byte[] baseAttributes(Session s) {
        return switch (s) {
            case EBGP -> concat(origin(), ebgpPath(), BgpBytes.nextHop(ebgpNextHop));
            case IBGP -> concat(origin(), attr(TRANSITIVE, 2, new byte[0]), BgpBytes.nextHop(ibgpNextHop), localPref(100));
            case TWO_OCTET -> concat(origin(), asPath2((int) TWO_OCTET_AS), BgpBytes.nextHop(twoOctetNextHop));
        };
    }

    byte[] good4(Session s, IpPrefix p, byte[]... extra) {
        return BgpBytes.update(new byte[0], concat(baseAttributes(s), concat(extra)), BgpBytes.prefix(p));
    }

    byte[] good6(IpPrefix p, byte[]... extra) {
        return BgpBytes.update(new byte[0], concat(origin(), ebgpPath(), concat(extra),
                BgpBytes.mpReachIpv6(ebgpNextHop6, List.of(p))), new byte[0]);
    }

    static byte[] withAttributes(IpPrefix p, byte[]... attributes) {
        return BgpBytes.update(new byte[0], concat(attributes), BgpBytes.prefix(p));
    }

    /** MP_REACH_NLRI with raw fields (flags, AFI, SAFI, next hop octets, reserved octet, NLRI octets). */
    static byte[] mpReach(int flags, int afi, int safi, byte[] nextHop, int reserved, byte[] nlri) {
        return attr(flags, 14, concat(bytes(afi >> 8, afi, safi, nextHop.length), nextHop, bytes(reserved), nlri));
    }

    static Case c(String name, Session s, Outcome o, Function<Routes, byte[]> m) {
        return new Case(name, s, o, 0, 0, null, true, false, m, Check.NONE);
    }

    static Case c6(String name, Session s, Outcome o, boolean alsoV4, Function<Routes, byte[]> m) {
        return new Case(name, s, o, 0, 0, null, alsoV4, true, m, Check.NONE);
    }

    static Case checked(String name, Session s, Outcome o, Function<Routes, byte[]> m, Check check) {
        return new Case(name, s, o, 0, 0, null, true, false, m, check);
    }

    static Case reset(String name, Session s, int code, int subcode, byte[] data, Function<Routes, byte[]> m) {
        return new Case(name, s, Outcome.SESSION_RESET, code, subcode, data, true, false, m, Check.NONE);
    }

    static Case disable(String name, int code, int subcode, Function<Routes, byte[]> m) {
        return new Case(name, Session.EBGP, Outcome.AFI_SAFI_DISABLE_OR_RESET, code, subcode, null, false, true, m, Check.NONE);
    }

    /** Attribute discard: the discarded attribute rides with MED 7, so MED 7 proves the UPDATE was applied. */
    static Check medSeven(Check more) {
        return (r, rib) -> {
            assertThat(rib.get(r.v4()).med()).as("MED of the UPDATE applied without the bad attribute").contains(7L);
            more.verify(r, rib);
        };
    }

    // ---- the cases -------------------------------------------------------------------------

    /** Cases on the eBGP session with 4-octet AS numbers (IPv4 and IPv6 unicast negotiated). */
    List<Case> ebgp() {
        Session s = Session.EBGP;
        Outcome taw = Outcome.TREAT_AS_WITHDRAW;
        Outcome discard = Outcome.ATTRIBUTE_DISCARD;
        byte[] nh = BgpBytes.nextHop(ebgpNextHop);
        List<Case> out = new ArrayList<>(List.of(
                // RFC 7606 §4 (attribute section) and §7.x (lengths)
                c("ORIGIN Length field one too big, overrunning into AS_PATH (RFC 7606 §7.1, §4)", s, taw,
                        r -> withAttributes(r.v4(), bytes(TRANSITIVE, 1, 2, 0), ebgpPath(), nh)),
                c("NEXT_HOP last with Length 3, one octet left over (RFC 7606 §7.3, §4)", s, taw,
                        r -> withAttributes(r.v4(), origin(), ebgpPath(), concat(bytes(TRANSITIVE, 3, 3), ebgpNextHop.getAddress()))),
                c("two octets after the last attribute, too short for a header (RFC 7606 §4)", s, taw,
                        r -> withAttributes(r.v4(), origin(), ebgpPath(), nh, bytes(OPTIONAL, 4))),
                c("Extended Length attribute header cut after three octets (RFC 7606 §4)", s, taw,
                        r -> withAttributes(r.v4(), origin(), ebgpPath(), nh, bytes(OPTIONAL | TRANSITIVE | EXTENDED, 8, 0))),
                c("Extended Length bit with a one-octet length written: COMMUNITIES overruns (RFC 7606 §4)", s, taw,
                        r -> withAttributes(r.v4(), origin(), ebgpPath(), nh,
                                concat(bytes(OPTIONAL | TRANSITIVE | EXTENDED, 8, 4), u32(0xfde80001L)))),
                c("MULTI_EXIT_DISC of length 0 (RFC 7606 §7.4, §4: zero length only for AS_PATH, ATOMIC_AGGREGATE)", s, taw,
                        r -> good4(s, r.v4(), attr(OPTIONAL, 4, new byte[0]))),
                c("AGGREGATOR of length 5 (discard) and MULTI_EXIT_DISC of length 3 (treat-as-withdraw) together "
                        + "(RFC 7606 §3 h: the strongest)", s, taw, r -> good4(s, r.v4(),
                                attr(OPTIONAL | TRANSITIVE, 7, bytes(0, 0, 0xfd, 0xe8, 1)), attr(OPTIONAL, 4, bytes(0, 0, 1)))),
                reset("ATOMIC_AGGREGATE of length 1 (discard) and an unrecognized well-known type 199 (reset) together "
                        + "(RFC 7606 §3 h: the strongest, 3/2)", s, 3, 2, bytes(TRANSITIVE, 199, 0),
                        r -> good4(s, r.v4(), attr(TRANSITIVE, 6, bytes(1)), attr(TRANSITIVE, 199, new byte[0]))),
                c("COMMUNITIES of length 0 (RFC 7606 §7.8)", s, taw,
                        r -> good4(s, r.v4(), attr(OPTIONAL | TRANSITIVE, 8, new byte[0]))),
                c("LARGE_COMMUNITY of length 13 (RFC 8092 §6)", s, taw,
                        r -> good4(s, r.v4(), attr(OPTIONAL | TRANSITIVE, 32, new byte[13]))),
                c("EXTENDED COMMUNITIES of length 7 (RFC 7606 §7.14)", s, taw,
                        r -> good4(s, r.v4(), attr(OPTIONAL | TRANSITIVE, 16, new byte[7]))),
                c("IPv6 Address Specific Extended Community of length 19 (RFC 7606 §7.15)", s, taw,
                        r -> good4(s, r.v4(), attr(OPTIONAL | TRANSITIVE, 25, new byte[19]))),
                c("OTC of length 3 (RFC 9234 §5)", s, taw,
                        r -> good4(s, r.v4(), attr(OPTIONAL | TRANSITIVE, 35, bytes(0, 0xfd, 0xe8)))),
                // RFC 7606 §3 c: Optional / Transitive bits
                c("AS_PATH with the Transitive bit clear (RFC 7606 §3 c)", s, taw,
                        r -> withAttributes(r.v4(), origin(), attr(0, 2, segment(2, EBGP_AS)), nh)),
                c("NEXT_HOP flagged optional transitive (RFC 7606 §3 c)", s, taw,
                        r -> withAttributes(r.v4(), origin(), ebgpPath(), attr(OPTIONAL | TRANSITIVE, 3, ebgpNextHop.getAddress()))),
                c("MULTI_EXIT_DISC flagged optional transitive (RFC 7606 §3 c)", s, taw,
                        r -> good4(s, r.v4(), attr(OPTIONAL | TRANSITIVE, 4, u32(5)))),
                checked("ATOMIC_AGGREGATE flagged optional (RFC 7606 §3 f: attribute discard)", s, discard,
                        r -> good4(s, r.v4(), med(7), attr(OPTIONAL | TRANSITIVE, 6, new byte[0])), medSeven(Check.NONE)),
                // AS_PATH (RFC 7606 §7.2, RFC 4271 §6.3, RFC 5065, RFC 7607)
                c("AS_PATH with a zero-length segment after a good one (RFC 7606 §7.2)", s, taw,
                        r -> withAttributes(r.v4(), origin(), attr(TRANSITIVE, 2, concat(segment(2, EBGP_AS), bytes(2, 0))), nh)),
                c("AS_PATH with one octet after the last segment (RFC 7606 §7.2 underrun)", s, taw,
                        r -> withAttributes(r.v4(), origin(), attr(TRANSITIVE, 2, concat(segment(2, EBGP_AS), bytes(2))), nh)),
                c("AS_CONFED_SET in AS_PATH from an eBGP peer (RFC 5065 §5.3, RFC 7606 §7.2)", s, taw,
                        r -> withAttributes(r.v4(), origin(), attr(TRANSITIVE, 2, concat(segment(2, EBGP_AS), segment(4, 65099))), nh)),
                c("AS 0 in AS_PATH (RFC 7607 §2: treat-as-withdraw)", s, taw,
                        r -> withAttributes(r.v4(), origin(), attr(TRANSITIVE, 2, segment(2, EBGP_AS, 0)), nh)),
                c("AS_PATH whose leftmost AS is not the peer's (RFC 4271 §6.3, RFC 7606 §7.2 SHOULD treat-as-withdraw)", s, taw,
                        r -> withAttributes(r.v4(), origin(), BgpBytes.asPath(65111, EBGP_AS), nh)),
                c("AS_PATH holding Weft's own AS (RFC 4271 §9.1.2: loop, not eligible)", s, Outcome.IGNORED,
                        r -> withAttributes(r.v4(), origin(), BgpBytes.asPath(EBGP_AS, WEFT_AS, 65100), nh)),
                checked("AS_SET between two AS_SEQUENCEs (RFC 4271 §4.3: valid)", s, Outcome.ACCEPT,
                        r -> withAttributes(r.v4(), origin(), attr(TRANSITIVE, 2,
                                concat(segment(2, EBGP_AS), segment(1, 65100, 65200), segment(2, 65300))), nh),
                        (r, rib) -> assertThat(rib.get(r.v4()).asPath()).containsExactly(EBGP_AS, 65100L, 65200L, 65300L)),
                checked("AS_PATH of 255 ASes with Extended Length, 1022 octets (RFC 4271 §4.3: valid)", s, Outcome.ACCEPT,
                        r -> withAttributes(r.v4(), origin(), attr(TRANSITIVE | EXTENDED, 2, longSegment()), nh),
                        (r, rib) -> assertThat(rib.get(r.v4()).asPath()).hasSize(255).startsWith(EBGP_AS)),
                // NEXT_HOP (RFC 4271 §6.3, §5.1.3; RFC 7606 §3 e, §3 g)
                c("NEXT_HOP 0.0.0.0 (RFC 4271 §6.3 syntactically incorrect, RFC 7606 §3 e)", s, taw,
                        r -> withAttributes(r.v4(), origin(), ebgpPath(), BgpBytes.nextHop(IpAddresses.parse("0.0.0.0")))),
                c("NEXT_HOP 224.0.0.5, multicast (RFC 4271 §6.3, RFC 7606 §3 e)", s, taw,
                        r -> withAttributes(r.v4(), origin(), ebgpPath(), BgpBytes.nextHop(IpAddresses.parse("224.0.0.5")))),
                c("NEXT_HOP is Weft's own address (RFC 4271 §6.3 semantically incorrect: route ignored, no NOTIFICATION)", s,
                        Outcome.IGNORED, r -> withAttributes(r.v4(), origin(), ebgpPath(), BgpBytes.nextHop(speakerAddress))),
                checked("NEXT_HOP of a third router on the shared subnet (RFC 4271 §5.1.3: valid)", s, Outcome.ACCEPT,
                        r -> withAttributes(r.v4(), origin(), ebgpPath(), BgpBytes.nextHop(thirdParty)),
                        (r, rib) -> assertThat(rib.get(r.v4()).nextHop()).isEqualTo(thirdParty)),
                checked("NEXT_HOP twice, the second 0.0.0.0 (RFC 7606 §3 g: the first is used)", s, Outcome.ACCEPT,
                        r -> withAttributes(r.v4(), origin(), ebgpPath(), nh, BgpBytes.nextHop(IpAddresses.parse("0.0.0.0")), med(7)),
                        (r, rib) -> assertThat(rib.get(r.v4()).nextHop()).isEqualTo(ebgpNextHop)),
                c("NEXT_HOP twice, the first 0.0.0.0 (RFC 7606 §3 g: the first is used, and it is malformed)", s, taw,
                        r -> withAttributes(r.v4(), origin(), ebgpPath(), BgpBytes.nextHop(IpAddresses.parse("0.0.0.0")), nh)),
                checked("COMMUNITIES twice, the second of length 5 (RFC 7606 §3 g: discarded unparsed)", s, Outcome.ACCEPT,
                        r -> good4(s, r.v4(), attr(OPTIONAL | TRANSITIVE, 8, u32(0xfde80007L)),
                                attr(OPTIONAL | TRANSITIVE, 8, bytes(1, 2, 3, 4, 5))),
                        (r, rib) -> assertThat(rib.get(r.v4()).communities()).containsExactly(0xfde80007L)),
                // attributes an eBGP peer must not send, and AS4 attributes between 4-octet speakers
                checked("LOCAL_PREF 500 from an eBGP peer (RFC 7606 §7.5: discarded)", s, discard,
                        r -> good4(s, r.v4(), med(7), localPref(500)),
                        medSeven((r, rib) -> assertThat(rib.get(r.v4()).localPref()).as("LOCAL_PREF 500 disregarded").isNotEqualTo(500L))),
                checked("ORIGINATOR_ID from an eBGP peer (RFC 7606 §7.9: discarded)", s, discard,
                        r -> good4(s, r.v4(), med(7), attr(OPTIONAL, 9, bytes(10, 9, 9, 9))), medSeven(Check.NONE)),
                checked("CLUSTER_LIST of length 6 from an eBGP peer (RFC 7606 §7.10: discarded whatever its form)", s, discard,
                        r -> good4(s, r.v4(), med(7), attr(OPTIONAL, 10, new byte[6])), medSeven(Check.NONE)),
                checked("AGGREGATOR of length 6 between 4-octet speakers (RFC 7606 §7.7)", s, discard,
                        r -> good4(s, r.v4(), med(7), attr(OPTIONAL | TRANSITIVE, 7, bytes(0xfd, 0xe8, 10, 0, 0, 1))), medSeven(Check.NONE)),
                checked("AS4_AGGREGATOR from a 4-octet speaker (RFC 6793 §4.1: discarded)", s, discard,
                        r -> good4(s, r.v4(), med(7), attr(OPTIONAL | TRANSITIVE, 18, concat(u32(4200000000L), bytes(10, 0, 0, 1)))),
                        medSeven(Check.NONE)),
                checked("AS4_PATH from a 4-octet speaker (RFC 6793 §4.1: discarded, AS_PATH alone counts)", s, discard,
                        r -> good4(s, r.v4(), med(7), attr(OPTIONAL | TRANSITIVE, 17, segment(2, 4200000001L, 4200000002L))),
                        medSeven((r, rib) -> assertThat(rib.get(r.v4()).asPath()).containsExactly(EBGP_AS))),
                // unrecognized attributes (RFC 4271 §5, §6.3)
                reset("unrecognized well-known attribute type 0 (RFC 4271 §6.3: 3/2, data the attribute)", s, 3, 2,
                        bytes(TRANSITIVE, 0, 1, 9), r -> good4(s, r.v4(), attr(TRANSITIVE, 0, bytes(9)))),
                checked("unrecognized optional non-transitive type 255 (RFC 4271 §5: ignored)", s, Outcome.ACCEPT,
                        r -> good4(s, r.v4(), med(7), attr(OPTIONAL, 255, bytes(1, 2, 3))), medSeven(Check.NONE)),
                checked("unrecognized optional transitive type 0 with the Partial bit (RFC 4271 §5: kept)", s, Outcome.ACCEPT,
                        r -> good4(s, r.v4(), med(7), attr(OPTIONAL | TRANSITIVE | PARTIAL, 0, bytes(7, 7))), medSeven(Check.NONE)),
                // the NLRI and withdrawn routes fields (RFC 4271 §6.3, RFC 7606 §3 i, §5.3)
                reset("NLRI whose last /24 prefix has two octets (RFC 7606 §5.3: 3/10)", s, 3, 10, null,
                        r -> BgpBytes.update(new byte[0], baseAttributes(s), concat(BgpBytes.prefix(r.v4()), bytes(24, 10, 1)))),
                reset("withdrawn route of length 33 (RFC 7606 §3 i, §5.3: 3/10)", s, 3, 10, null,
                        r -> BgpBytes.update(bytes(33, 10, 0, 0, 0, 0), new byte[0], new byte[0])),
                reset("Total Path Attribute Length one short: NEXT_HOP overruns, its last octet starts the NLRI "
                        + "(RFC 7606 §4, §5.3: the NLRI cannot be parsed, 3/10)", s, 3, 10, null,
                        r -> {
                            byte[] attrs = baseAttributes(s);
                            return BgpBytes.updateWithLengths(0, new byte[0], attrs.length - 1, attrs, BgpBytes.prefix(r.v4()));
                        }),
                // combinations (RFC 4271 §4.3, RFC 7606 §5.1, §5.2, RFC 4724 §2)
                checked("the same prefix withdrawn and announced in one UPDATE (RFC 4271 §4.3: announced)", s, Outcome.ACCEPT,
                        r -> BgpBytes.update(BgpBytes.prefix(r.v4()), concat(baseAttributes(s), med(7)), BgpBytes.prefix(r.v4())),
                        medSeven(Check.NONE)),
                checked("path attributes and no NLRI at all (RFC 4271 §4.3: valid, nothing changes)", s, Outcome.ACCEPT,
                        r -> BgpBytes.update(new byte[0], concat(baseAttributes(s), med(9)), new byte[0]),
                        (r, rib) -> assertThat(rib.get(r.v4()).med()).isEmpty()),
                checked("End-of-RIB for IPv4 unicast in the middle of a session (RFC 4724 §2: no routes change)", s, Outcome.ACCEPT,
                        r -> BgpBytes.update(new byte[0], new byte[0], new byte[0]), Check.NONE),
                c("IPv4 unicast withdrawn in MP_UNREACH_NLRI (RFC 4760 §4: withdrawn, not an error)", s, Outcome.IGNORED,
                        r -> BgpBytes.update(new byte[0], attr(OPTIONAL, 15, concat(bytes(0, 1, 1), BgpBytes.prefix(r.v4()))),
                                new byte[0])),
                c("IPv4 MP_REACH_NLRI whose next hop is Weft's own address (RFC 4271 §6.3: route ignored)", s, Outcome.IGNORED,
                        r -> BgpBytes.update(new byte[0], concat(mpReach(OPTIONAL, 1, 1, speakerAddress.getAddress(), 0,
                                BgpBytes.prefix(r.v4())), origin(), ebgpPath()), new byte[0])),
                checked("IPv4 unicast in MP_REACH_NLRI without a NEXT_HOP attribute (RFC 4760 §3, RFC 7606 §3 d: valid)", s,
                        Outcome.ACCEPT, r -> BgpBytes.update(new byte[0], concat(mpReach(OPTIONAL, 1, 1, ebgpNextHop.getAddress(), 0,
                                BgpBytes.prefix(r.v4())), origin(), ebgpPath(), med(7)), new byte[0]), medSeven(Check.NONE)),
                // whole messages (RFC 4271 §6.1, §6.4, RFC 7313 §5, RFC 8654 §4)
                reset("UPDATE with Length 22, below the minimum 23 (RFC 4271 §6.1: 1/2, data the length)", s, 1, 2, bytes(0, 22),
                        r -> lengthPatched(BgpBytes.update(new byte[0], new byte[0], new byte[0]), 22)),
                reset("message Length 18, below the header (RFC 4271 §6.1: 1/2, data the length)", s, 1, 2, bytes(0, 18),
                        r -> lengthPatched(BgpBytes.keepalive(), 18)),
                reset("KEEPALIVE with a one-octet body (RFC 4271 §6.1: 1/2, data the length)", s, 1, 2, bytes(0, 20),
                        r -> BgpBytes.message(BgpBytes.KEEPALIVE, bytes(0))),
                reset("message type 0 (RFC 4271 §6.1: 1/3, data the type)", s, 1, 3, bytes(0),
                        r -> BgpBytes.message(0, new byte[0])),
                reset("OPEN on an Established session (RFC 4271 §8.2.2, RFC 6608 §4: 5/3)", s, 5, 3, null,
                        r -> BgpBytes.open(EBGP_AS, 30, (java.net.Inet4Address) ebgpNextHop, 1, 2)),
                checked("ROUTE-REFRESH with subtype 7 (RFC 7313 §5: ignored)", s, Outcome.ACCEPT,
                        r -> BgpBytes.routeRefresh(1, 7, 1), Check.NONE),
                new Case("NOTIFICATION of length 20, without a subcode (RFC 4271 §6.4: never answered with a NOTIFICATION)", s,
                        Outcome.CLOSE_WITHOUT_NOTIFICATION, 0, 0, null, true, false,
                        r -> BgpBytes.message(BgpBytes.NOTIFICATION, bytes(6)), Check.NONE),
                new Case("NOTIFICATION with the undefined error code 42 (RFC 4271 §6.4: logged, no NOTIFICATION back)", s,
                        Outcome.CLOSE_WITHOUT_NOTIFICATION, 0, 0, null, true, false,
                        r -> BgpBytes.message(BgpBytes.NOTIFICATION, bytes(42, 1)), Check.NONE),
                checked("UPDATE of exactly 4096 octets, 810 /32s and a /16 (RFC 4271 §4.1: the maximum is valid)", s, Outcome.ACCEPT,
                        r -> maxSizeUpdate(4096), (r, rib) -> assertThat(rib).containsKeys(IpPrefix.parse("100.67.3.42/32"),
                                IpPrefix.parse("100.68.0.0/16"))),
                reset("UPDATE of 4097 octets without Extended Messages (RFC 8654 §4, RFC 4271 §6.1: 1/2, data the length)", s,
                        1, 2, bytes(0x10, 0x01), r -> maxSizeUpdate(4097))));
        out.addAll(ebgpIpv6());
        return out;
    }

    /** IPv6 unicast (MP_REACH_NLRI / MP_UNREACH_NLRI) cases on the eBGP session. */
    List<Case> ebgpIpv6() {
        Session s = Session.EBGP;
        byte[] nh6 = ebgpNextHop6.getAddress();
        return List.of(
                c6("IPv4 NLRI plus IPv6 MP_REACH_NLRI, NEXT_HOP missing (RFC 7606 §3 d: every route of the UPDATE withdrawn)",
                        s, Outcome.TREAT_AS_WITHDRAW, true, r -> BgpBytes.update(new byte[0], concat(origin(), ebgpPath(),
                                BgpBytes.mpReachIpv6(ebgpNextHop6, List.of(r.v6()))), BgpBytes.prefix(r.v4()))),
                c6("IPv4 NLRI plus IPv6 MP_REACH_NLRI, COMMUNITIES of length 2 (RFC 7606 §2: both withdrawn)", s,
                        Outcome.TREAT_AS_WITHDRAW, true, r -> BgpBytes.update(new byte[0], concat(baseAttributes(s),
                                attr(OPTIONAL | TRANSITIVE, 8, bytes(1, 2)), BgpBytes.mpReachIpv6(ebgpNextHop6, List.of(r.v6()))),
                                BgpBytes.prefix(r.v4()))),
                c6("IPv6 MP_UNREACH_NLRI and MP_REACH_NLRI of the same prefix (RFC 7606 §5.1 any combination; "
                        + "RFC 4271 §4.3: announced)", s, Outcome.ACCEPT, false, r -> BgpBytes.update(new byte[0],
                                concat(BgpBytes.mpUnreachIpv6(List.of(r.v6())), origin(), ebgpPath(),
                                        BgpBytes.mpReachIpv6(ebgpNextHop6, List.of(r.v6()))), new byte[0])),
                c6("MP_REACH_NLRI with a non-zero Reserved octet (RFC 4760 §3: ignored)", s, Outcome.ACCEPT, false,
                        r -> BgpBytes.update(new byte[0], concat(origin(), ebgpPath(), mpReach(OPTIONAL | EXTENDED, 2, 1, nh6, 0x5a,
                                BgpBytes.prefix(r.v6()))), new byte[0])),
                c6("End-of-RIB for IPv6 unicast in the middle of a session (RFC 4724 §2: no routes change)", s, Outcome.ACCEPT, false,
                        r -> BgpBytes.update(new byte[0], BgpBytes.mpUnreachIpv6(List.of()), new byte[0])),
                c6("MP_REACH_NLRI for IPv4 multicast, not negotiated, alone (RFC 4760 §6, RFC 7606 §5.4 spirit: ignored)", s,
                        Outcome.ACCEPT, false, r -> BgpBytes.update(new byte[0], concat(origin(), ebgpPath(),
                                mpReach(OPTIONAL, 1, 2, ebgpNextHop.getAddress(), 0, bytes(24, 233, 252, 0))), new byte[0])),
                disable("MP_REACH_NLRI flagged optional transitive (RFC 7606 §5.3, §3 j; RFC 4271 §6.3: 3/4)", 3, 4,
                        r -> BgpBytes.update(new byte[0], concat(origin(), ebgpPath(), mpReach(OPTIONAL | TRANSITIVE | EXTENDED, 2, 1,
                                nh6, 0, BgpBytes.prefix(r.v6()))), new byte[0])),
                disable("MP_REACH_NLRI next hop of length 24 (RFC 7606 §7.11, RFC 4760 §7: 3/9)", 3, 9,
                        r -> BgpBytes.update(new byte[0], concat(origin(), ebgpPath(), mpReach(OPTIONAL | EXTENDED, 2, 1,
                                concat(nh6, new byte[8]), 0, BgpBytes.prefix(r.v6()))), new byte[0])),
                disable("MP_REACH_NLRI next hop of length 0 (RFC 7606 §7.11, RFC 4760 §7: 3/9)", 3, 9,
                        r -> BgpBytes.update(new byte[0], concat(origin(), ebgpPath(), mpReach(OPTIONAL | EXTENDED, 2, 1,
                                new byte[0], 0, BgpBytes.prefix(r.v6()))), new byte[0])),
                disable("MP_UNREACH_NLRI with an IPv6 prefix of length 129 (RFC 7606 §5.3, RFC 4760 §7: 3/9)", 3, 9,
                        r -> BgpBytes.update(new byte[0], attr(OPTIONAL | EXTENDED, 15, concat(bytes(0, 2, 1, 129), new byte[17])),
                                new byte[0])),
                new Case("MP_UNREACH_NLRI of length 2, no room for AFI/SAFI (RFC 7606 §5.3, §3 j: session reset 3/9)", s,
                        Outcome.SESSION_RESET, 3, 9, null, false, true,
                        r -> BgpBytes.update(new byte[0], attr(OPTIONAL, 15, bytes(0, 2)), new byte[0]), Check.NONE),
                new Case("IPv4 MP_REACH_NLRI with a 16-octet next hop, RFC 8950 not negotiated (RFC 7606 §7.11: 3/9)", s,
                        Outcome.AFI_SAFI_DISABLE_OR_RESET, 3, 9, null, true, false,
                        r -> BgpBytes.update(new byte[0], concat(origin(), ebgpPath(), mpReach(OPTIONAL, 1, 1, nh6, 0,
                                BgpBytes.prefix(r.v4()))), new byte[0]), Check.NONE));
    }

    /**
     * RFC 7606 §5.2: an UPDATE with path attributes (other than MP_UNREACH_NLRI) and no reachable
     * NLRI cannot prove its NLRI were parsed, so any error stronger than attribute discard is a
     * session reset (NOTIFICATION of that error); and an IPv6 next hop that is the speaker's own
     * address. Found wrong by the adversarial review and fixed (UpdateCodec, BgpSessionHandler);
     * {@link UnseenMalformedUpdateTest#reportedAndFixed} runs them.
     */
    List<Case> reported() {
        Session s = Session.EBGP;
        return List.of(
                // CodecOptions.localAddresses holds only the connection's own (IPv4) address
                c6("IPv6 MP_REACH_NLRI whose next hop is Weft's IPv6 address on the link (RFC 4271 §6.3: route ignored)", s,
                        Outcome.IGNORED, false, r -> BgpBytes.update(new byte[0], concat(origin(), ebgpPath(),
                                BgpBytes.mpReachIpv6(speakerAddress6, List.of(r.v6()))), new byte[0])),
                reset("withdrawn routes with an ORIGIN of value 9 and no NLRI (RFC 7606 §5.2: session reset 3/6)", s, 3, 6, null,
                        r -> BgpBytes.update(BgpBytes.prefix(r.v4()), concat(BgpBytes.origin(9), ebgpPath()), new byte[0])),
                reset("path attributes only, COMMUNITIES of length 5 (RFC 7606 §5.2: session reset 3/5)", s, 3, 5, null,
                        r -> BgpBytes.update(new byte[0], concat(baseAttributes(s), attr(OPTIONAL | TRANSITIVE, 8, new byte[5])),
                                new byte[0])),
                new Case("MP_UNREACH_NLRI with a NEXT_HOP of length 5 (RFC 7606 §5.2: session reset 3/5)", s,
                        Outcome.SESSION_RESET, 3, 5, null, false, true, r -> BgpBytes.update(new byte[0],
                                concat(BgpBytes.mpUnreachIpv6(List.of(r.v6())), attr(TRANSITIVE, 3, new byte[5])), new byte[0]),
                        Check.NONE));
    }

    /** Cases on the iBGP session (IPv4 unicast). */
    List<Case> ibgp() {
        Session s = Session.IBGP;
        Outcome taw = Outcome.TREAT_AS_WITHDRAW;
        byte[] base = concat(origin(), attr(TRANSITIVE, 2, new byte[0]), BgpBytes.nextHop(ibgpNextHop));
        return List.of(
                c("ORIGINATOR_ID of length 3 from an iBGP peer (RFC 7606 §7.9)", s, taw,
                        r -> good4(s, r.v4(), attr(OPTIONAL, 9, bytes(10, 9, 9)))),
                c("CLUSTER_LIST of length 6 from an iBGP peer (RFC 7606 §7.10)", s, taw,
                        r -> good4(s, r.v4(), attr(OPTIONAL, 10, new byte[6]))),
                c("LOCAL_PREF of length 0 from an iBGP peer (RFC 7606 §7.5, §4)", s, taw,
                        r -> withAttributes(r.v4(), base, attr(TRANSITIVE, 5, new byte[0]))),
                c("LOCAL_PREF flagged optional from an iBGP peer (RFC 7606 §3 c, §3 e)", s, taw,
                        r -> withAttributes(r.v4(), base, attr(OPTIONAL | TRANSITIVE, 5, u32(100)))),
                c("ORIGINATOR_ID equal to Weft's BGP Identifier (RFC 4456 §8: ignored)", s, Outcome.IGNORED,
                        r -> good4(s, r.v4(), attr(OPTIONAL, 9, speakerAddress.getAddress()))),
                c("CLUSTER_LIST holding Weft's cluster ID, its router ID by default (RFC 4456 §8: ignored)", s, Outcome.IGNORED,
                        r -> good4(s, r.v4(), attr(OPTIONAL, 9, bytes(10, 9, 9, 9)), attr(OPTIONAL, 10, speakerAddress.getAddress()))),
                checked("ORIGINATOR_ID and CLUSTER_LIST of others from an iBGP peer (RFC 4456 §8: valid)", s, Outcome.ACCEPT,
                        r -> good4(s, r.v4(), attr(OPTIONAL, 9, bytes(10, 9, 9, 9)), attr(OPTIONAL, 10, bytes(10, 8, 8, 8, 10, 7, 7, 7))),
                        Check.NONE),
                checked("LOCAL_PREF 300 from an iBGP peer (RFC 4271 §5.1.5: used)", s, Outcome.ACCEPT,
                        r -> withAttributes(r.v4(), base, localPref(300)),
                        (r, rib) -> assertThat(rib.get(r.v4()).localPref()).isEqualTo(300L)));
    }

    /** Cases on the eBGP session with 2-octet AS numbers (no RFC 6793 capability). */
    List<Case> twoOctet() {
        Session s = Session.TWO_OCTET;
        Outcome discard = Outcome.ATTRIBUTE_DISCARD;
        byte[] nh = BgpBytes.nextHop(twoOctetNextHop);
        int as = (int) TWO_OCTET_AS;
        return List.of(
                checked("AS_TRANS in AS_PATH with AS4_PATH (RFC 6793 §4.2.3: merged)", s, Outcome.ACCEPT,
                        r -> withAttributes(r.v4(), origin(), asPath2(as, AS_TRANS), nh, med(7),
                                attr(OPTIONAL | TRANSITIVE, 17, segment(2, 4200000001L))),
                        medSeven((r, rib) -> assertThat(rib.get(r.v4()).asPath()).containsExactly(TWO_OCTET_AS, 4200000001L))),
                checked("AS4_PATH longer than AS_PATH (RFC 6793 §4.2.3: AS4_PATH ignored)", s, Outcome.ACCEPT,
                        r -> withAttributes(r.v4(), origin(), asPath2(as, AS_TRANS), nh, med(7),
                                attr(OPTIONAL | TRANSITIVE, 17, segment(2, 4200000001L, 4200000002L, 4200000003L))),
                        medSeven((r, rib) -> assertThat(rib.get(r.v4()).asPath()).containsExactly(TWO_OCTET_AS, (long) AS_TRANS))),
                checked("AS4_PATH with a segment overrunning it (RFC 6793 §6: attribute discard)", s, discard,
                        r -> withAttributes(r.v4(), origin(), asPath2(as, AS_TRANS), nh, med(7),
                                attr(OPTIONAL | TRANSITIVE, 17, concat(bytes(2, 3), u32(4200000001L)))),
                        medSeven((r, rib) -> assertThat(rib.get(r.v4()).asPath()).containsExactly(TWO_OCTET_AS, (long) AS_TRANS))),
                checked("AGGREGATOR of length 8 between 2-octet speakers (RFC 7606 §7.7)", s, discard,
                        r -> good4(s, r.v4(), med(7), attr(OPTIONAL | TRANSITIVE, 7, concat(u32(65004), bytes(10, 0, 0, 1)))),
                        medSeven(Check.NONE)),
                checked("AS4_AGGREGATOR of length 7 (RFC 6793 §6: attribute discard)", s, discard,
                        r -> good4(s, r.v4(), med(7), attr(OPTIONAL | TRANSITIVE, 7, bytes(0x5b, 0xa0, 10, 0, 0, 1)),
                                attr(OPTIONAL | TRANSITIVE, 18, bytes(0xfa, 0x56, 0xea, 0, 10, 0, 0))), medSeven(Check.NONE)),
                c("AS_PATH with a 2-octet AS 0 (RFC 7607 §2)", s, Outcome.TREAT_AS_WITHDRAW,
                        r -> withAttributes(r.v4(), origin(), asPath2(as, 0), nh)));
    }

    /** An AS_SEQUENCE of 255 4-octet ASes starting with the peer's. */
    static byte[] longSegment() {
        long[] asns = new long[255];
        asns[0] = EBGP_AS;
        for (int i = 1; i < asns.length; i++) {
            asns[i] = 4200000000L + i;
        }
        return segment(2, asns);
    }

    /** {@code m} with its header Length field set to {@code length} (the octets sent stay as they are). */
    static byte[] lengthPatched(byte[] m, int length) {
        byte[] out = m.clone();
        out[16] = (byte) (length >> 8);
        out[17] = (byte) length;
        return out;
    }

    /**
     * An UPDATE of exactly {@code size} (4096 or 4097) octets from the eBGP peer: 810 /32s in
     * 100.67.0.0/16 and 100.68.0.0/16 (4096) or 100.68.0.0/24 (4097).
     */
    byte[] maxSizeUpdate(int size) {
        byte[] attrs = baseAttributes(Session.EBGP);
        java.io.ByteArrayOutputStream nlri = new java.io.ByteArrayOutputStream();
        for (IpPrefix p : maxSizePrefixes()) {
            nlri.writeBytes(BgpBytes.prefix(p));
        }
        nlri.writeBytes(size == 4096 ? bytes(16, 100, 68) : bytes(24, 100, 68, 0));
        byte[] m = BgpBytes.update(new byte[0], attrs, nlri.toByteArray());
        if (m.length != size) {
            throw new IllegalStateException("UPDATE of " + m.length + " octets, not " + size);
        }
        return m;
    }

    /** The 810 /32s of {@link #maxSizeUpdate}. */
    static List<IpPrefix> maxSizePrefixes() {
        List<IpPrefix> out = new ArrayList<>();
        for (int i = 0; i < 810; i++) {
            out.add(IpPrefix.parse("100.67." + (i / 250) + "." + (i % 250 + 1) + "/32"));
        }
        return out;
    }
}
