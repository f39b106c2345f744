package dev.weft.it.bgp.matrix;

import static dev.weft.it.bgp.matrix.BgpBytes.EXTENDED;
import static dev.weft.it.bgp.matrix.BgpBytes.OPTIONAL;
import static dev.weft.it.bgp.matrix.BgpBytes.TRANSITIVE;
import static dev.weft.it.bgp.matrix.BgpBytes.attr;
import static dev.weft.it.bgp.matrix.BgpBytes.bytes;
import static dev.weft.it.bgp.matrix.BgpBytes.concat;

import dev.weft.common.net.IpPrefix;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Function;

/**
 * The malformed (and odd but valid) UPDATEs the raw peer sends, one per RFC 7606 / RFC 4271 §6.3
 * rule, each with the outcome the RFC prescribes for the receiver. Every UPDATE carries one IPv4
 * prefix from a peer in AS {@link #PEER_AS} whose NEXT_HOP is {@link #nextHop}.
 */
final class MalformedUpdates {
    static final long PEER_AS = 65000;

    /** What the RFC says the receiving speaker does. */
    enum Outcome {
        /** RFC 7606 §2: the UPDATE's NLRI are withdrawn, the session stays up. */
        TREAT_AS_WITHDRAW,
        /** RFC 7606 §2: the bad attribute is dropped, the route is kept, the session stays up. */
        ATTRIBUTE_DISCARD,
        /** Not an error at all: the route is accepted. */
        ACCEPT,
        /** RFC 4271 §6: NOTIFICATION {@code code/subcode}, session closed. */
        SESSION_RESET,
        /**
         * RFC 4760 §7 / RFC 7606 §7.11: every route of the family from that peer is deleted; the
         * session either stays up ignoring the family (AFI/SAFI disable) or is closed with
         * NOTIFICATION {@code code/subcode} (3/9 Optional Attribute Error).
         */
        AFI_SAFI_DISABLE_OR_RESET
    }

    /**
     * One case.
     *
     * @param name what is wrong, with the RFC rule
     * @param outcome the prescribed handling
     * @param code NOTIFICATION error code expected for {@link Outcome#SESSION_RESET}
     * @param subcode its subcode
     * @param message the whole message for a prefix
     */
    record Case(String name, Outcome outcome, int code, int subcode, Function<IpPrefix, byte[]> message) {
        @Override
        public String toString() {
            return name;
        }
    }

    private final InetAddress nextHop;
    private final InetAddress nextHop6;

    /** {@code nextHop}: the IPv4 NEXT_HOP; {@code nextHop6}: the IPv6 global next hop of MP_REACH_NLRI. */
    MalformedUpdates(InetAddress nextHop, InetAddress nextHop6) {
        this.nextHop = nextHop;
        this.nextHop6 = nextHop6;
    }

    /** A correct UPDATE announcing IPv6 {@code p} in MP_REACH_NLRI (no NEXT_HOP attribute, RFC 4760 §3) plus {@code extra}. */
    byte[] good6(IpPrefix p, byte[]... extra) {
        return BgpBytes.update(new byte[0], concat(origin(), asPath(), concat(extra), BgpBytes.mpReachIpv6(nextHop6, List.of(p))),
                new byte[0]);
    }

    /** An UPDATE withdrawing {@code p}: Withdrawn Routes for IPv4, MP_UNREACH_NLRI for IPv6. */
    static byte[] withdraw(IpPrefix p) {
        if (p.address() instanceof java.net.Inet4Address) {
            return BgpBytes.update(BgpBytes.prefix(p), new byte[0], new byte[0]);
        }
        return BgpBytes.update(new byte[0], BgpBytes.mpUnreachIpv6(List.of(p)), new byte[0]);
    }

    /** A correct announcement of {@code p} in its family. */
    byte[] good(IpPrefix p) {
        return p.address() instanceof java.net.Inet4Address ? good4(p) : good6(p);
    }

    /** MP_REACH_NLRI for IPv6 with raw next-hop and NLRI octets (for malformed ones). */
    static byte[] mpReachRaw(byte[] nextHop, byte[] nlri) {
        return attr(OPTIONAL | EXTENDED, 14, concat(bytes(0, 2, 1, nextHop.length), nextHop, bytes(0), nlri));
    }

    /** The IPv6 cases: IPv6 unicast NLRI in MP_REACH_NLRI (RFC 4760), over the same session. */
    List<Case> casesIpv6() {
        Outcome taw = Outcome.TREAT_AS_WITHDRAW;
        Outcome disable = Outcome.AFI_SAFI_DISABLE_OR_RESET;
        return List.of(
                new Case("IPv6: ORIGIN value 7 with MP_REACH_NLRI (RFC 7606 §7.1: the MP_REACH_NLRI prefixes are withdrawn)", taw, 0, 0,
                        p -> BgpBytes.update(new byte[0], concat(BgpBytes.origin(7), asPath(), BgpBytes.mpReachIpv6(nextHop6, List.of(p))),
                                new byte[0])),
                new Case("IPv6: COMMUNITIES of length 5 (RFC 7606 §7.8)", taw, 0, 0,
                        p -> good6(p, attr(OPTIONAL | TRANSITIVE, 8, bytes(0xfd, 0xe8, 0, 1, 0)))),
                new Case("IPv6: AS_PATH segment type 7 (RFC 7606 §7.2)", taw, 0, 0,
                        p -> BgpBytes.update(new byte[0], concat(origin(), attr(TRANSITIVE, 2, concat(bytes(7, 1), BgpBytes.u32(PEER_AS))),
                                BgpBytes.mpReachIpv6(nextHop6, List.of(p))), new byte[0])),
                new Case("IPv6: ATOMIC_AGGREGATE of length 1 (RFC 7606 §7.6)", Outcome.ATTRIBUTE_DISCARD, 0, 0,
                        p -> good6(p, attr(TRANSITIVE, 6, bytes(1)))),
                new Case("IPv6: no NEXT_HOP attribute with only MP_REACH_NLRI (RFC 4760 §3, RFC 7606 §3 d: valid)", Outcome.ACCEPT, 0, 0,
                        p -> good6(p)),
                new Case("IPv6: MP_REACH_NLRI twice (RFC 7606 §3 g: 3/1)", Outcome.SESSION_RESET, 3, 1,
                        p -> BgpBytes.update(new byte[0], concat(origin(), asPath(), BgpBytes.mpReachIpv6(nextHop6, List.of(p)),
                                BgpBytes.mpReachIpv6(nextHop6, List.of(p))), new byte[0])),
                new Case("IPv6: MP_REACH_NLRI next hop of length 5 (RFC 7606 §7.11)", disable, 3, 9,
                        p -> BgpBytes.update(new byte[0], concat(origin(), asPath(), mpReachRaw(bytes(0xfd, 0x77, 0, 3, 0), BgpBytes.prefix(p))),
                                new byte[0])),
                new Case("IPv6: MP_REACH_NLRI prefix length 129 (RFC 4760 §7, RFC 7606 §7.11)", disable, 3, 9,
                        p -> BgpBytes.update(new byte[0], concat(origin(), asPath(), mpReachRaw(nextHop6.getAddress(),
                                concat(bytes(129), new byte[17]))), new byte[0])));
    }

    byte[] origin() {
        return BgpBytes.origin(0);
    }

    byte[] asPath() {
        return BgpBytes.asPath(PEER_AS);
    }

    byte[] nextHopAttr() {
        return BgpBytes.nextHop(nextHop);
    }

    /** A correct UPDATE announcing {@code p} with ORIGIN IGP, AS_PATH [PEER_AS], NEXT_HOP and {@code extra} attributes. */
    byte[] good4(IpPrefix p, byte[]... extra) {
        return BgpBytes.update(new byte[0], concat(origin(), asPath(), nextHopAttr(), concat(extra)), BgpBytes.prefix(p));
    }

    /** An UPDATE announcing {@code p} with exactly these attributes. */
    static byte[] withAttributes(IpPrefix p, byte[]... attributes) {
        return BgpBytes.update(new byte[0], concat(attributes), BgpBytes.prefix(p));
    }

    List<Case> cases() {
        Outcome taw = Outcome.TREAT_AS_WITHDRAW;
        Outcome discard = Outcome.ATTRIBUTE_DISCARD;
        Outcome reset = Outcome.SESSION_RESET;
        return List.of(
                new Case("ORIGIN value 7 (RFC 7606 §7.1)", taw, 0, 0,
                        p -> withAttributes(p, BgpBytes.origin(7), asPath(), nextHopAttr())),
                new Case("ORIGIN of length 2 (RFC 7606 §7.1)", taw, 0, 0,
                        p -> withAttributes(p, attr(TRANSITIVE, 1, bytes(0, 0)), asPath(), nextHopAttr())),
                new Case("ORIGIN flagged optional (RFC 7606 §3 c)", taw, 0, 0,
                        p -> withAttributes(p, attr(OPTIONAL | TRANSITIVE, 1, bytes(0)), asPath(), nextHopAttr())),
                new Case("AS_PATH segment type 7 (RFC 7606 §7.2)", taw, 0, 0,
                        p -> withAttributes(p, origin(), attr(TRANSITIVE, 2, concat(bytes(7, 1), BgpBytes.u32(PEER_AS))), nextHopAttr())),
                new Case("AS_PATH segment overrunning the attribute (RFC 7606 §7.2)", taw, 0, 0,
                        p -> withAttributes(p, origin(), attr(TRANSITIVE, 2, concat(bytes(2, 3), BgpBytes.u32(PEER_AS))), nextHopAttr())),
                new Case("NEXT_HOP of length 5 (RFC 7606 §7.3)", taw, 0, 0,
                        p -> withAttributes(p, origin(), asPath(), attr(TRANSITIVE, 3, concat(nextHop.getAddress(), bytes(0))))),
                new Case("MULTI_EXIT_DISC of length 3 (RFC 7606 §7.4)", taw, 0, 0,
                        p -> good4(p, attr(OPTIONAL, 4, bytes(0, 0, 1)))),
                new Case("COMMUNITIES of length 5 (RFC 7606 §7.8)", taw, 0, 0,
                        p -> good4(p, attr(OPTIONAL | TRANSITIVE, 8, bytes(0xfd, 0xe8, 0, 1, 0)))),
                new Case("ORIGIN missing (RFC 7606 §3 d)", taw, 0, 0,
                        p -> withAttributes(p, asPath(), nextHopAttr())),
                new Case("NEXT_HOP missing (RFC 7606 §3 d)", taw, 0, 0,
                        p -> withAttributes(p, origin(), asPath())),
                new Case("last attribute overrunning the attribute section (RFC 7606 §4)", taw, 0, 0,
                        p -> withAttributes(p, origin(), asPath(), nextHopAttr(), bytes(OPTIONAL, 4, 10, 0, 0, 0, 1))),
                new Case("ATOMIC_AGGREGATE of length 1 (RFC 7606 §7.6)", discard, 0, 0,
                        p -> good4(p, attr(TRANSITIVE, 6, bytes(1)))),
                new Case("AGGREGATOR of length 5 (RFC 7606 §7.7)", discard, 0, 0,
                        p -> good4(p, attr(OPTIONAL | TRANSITIVE, 7, bytes(0, 0, 0xfd, 0xe8, 1)))),
                new Case("MULTI_EXIT_DISC twice (RFC 7606 §3 g)", discard, 0, 0,
                        p -> good4(p, attr(OPTIONAL, 4, BgpBytes.u32(5)), attr(OPTIONAL, 4, BgpBytes.u32(6)))),
                new Case("LOCAL_PREF of length 2 from an eBGP peer (RFC 7606 §7.5: disregarded)", discard, 0, 0,
                        p -> good4(p, attr(TRANSITIVE, 5, bytes(0, 1)))),
                new Case("ORIGIN with the Extended Length bit (RFC 7606 §3 + RFC 4271 §4.3: valid)", Outcome.ACCEPT, 0, 0,
                        p -> withAttributes(p, attr(TRANSITIVE | EXTENDED, 1, bytes(0)), asPath(), nextHopAttr())),
                new Case("unknown optional transitive attribute type 240 (RFC 4271 §5: kept)", Outcome.ACCEPT, 0, 0,
                        p -> good4(p, attr(OPTIONAL | TRANSITIVE, 240, bytes(1, 2, 3)))),
                new Case("unrecognized well-known attribute type 241 (RFC 4271 §6.3: 3/2)", reset, 3, 2,
                        p -> good4(p, attr(TRANSITIVE, 241, bytes(1)))),
                new Case("NLRI prefix length 33 (RFC 4271 §6.3, RFC 7606 §5.3: 3/10)", reset, 3, 10,
                        p -> BgpBytes.update(new byte[0], concat(origin(), asPath(), nextHopAttr()), bytes(33, 10, 0, 0, 0, 0))),
                new Case("Withdrawn Routes Length past the message (RFC 4271 §6.3: 3/1)", reset, 3, 1,
                        p -> BgpBytes.updateWithLengths(200, BgpBytes.prefix(p), 0, new byte[0], new byte[0])),
                new Case("Total Path Attribute Length past the message (RFC 4271 §6.3: 3/1)", reset, 3, 1,
                        p -> BgpBytes.updateWithLengths(0, new byte[0], 300, concat(origin(), asPath(), nextHopAttr()), BgpBytes.prefix(p))),
                new Case("broken marker (RFC 4271 §6.1: 1/1)", reset, 1, 1,
                        p -> {
                            byte[] m = good4(p);
                            m[3] = 0;
                            return m;
                        }),
                new Case("BoRR ROUTE-REFRESH of length 5 (RFC 7313 §5: 7/1)", reset, 7, 1,
                        p -> BgpBytes.message(BgpBytes.ROUTE_REFRESH, bytes(0, 1, 1, 1, 0))),
                new Case("message type 9 (RFC 4271 §6.1: 1/3)", reset, 1, 3,
                        p -> BgpBytes.message(9, new byte[0])));
    }
}
