package dev.weft.bgp.wire;

/**
 * The RFC 7606 table: for each path attribute type, the flags it must carry and what a
 * malformed one (wrong Optional/Transitive flags, wrong length, bad value) causes. Used by
 * {@link AttributeCodec}; keep in sync with bgp-speaker/DESIGN.md "Decoder outcomes (RFC 7606)".
 *
 * <pre>
 * type                 flags  malformed →                 source
 * 1  ORIGIN            WK     treat-as-withdraw           RFC 7606 §7.1
 * 2  AS_PATH           WK     treat-as-withdraw           §7.2 (+ confed segments from eBGP, RFC 5065 §5; AS 0, RFC 7607)
 * 3  NEXT_HOP          WK     treat-as-withdraw           §7.3 (+ semantic: martian or own address, RFC 4271 §6.3)
 * 4  MULTI_EXIT_DISC   ON     treat-as-withdraw           §7.4
 * 5  LOCAL_PREF        WK     treat-as-withdraw (iBGP);   §7.5
 *                             from eBGP always discarded
 * 6  ATOMIC_AGGREGATE  WK     attribute discard           §7.6
 * 7  AGGREGATOR        OT     attribute discard           §7.7 (6 octets, 8 with 4-octet AS; AS 0, RFC 7607)
 * 8  COMMUNITIES       OT     treat-as-withdraw           §7.8 (non-zero multiple of 4)
 * 9  ORIGINATOR_ID     ON     treat-as-withdraw (iBGP);   §7.9
 *                             from eBGP always discarded
 * 10 CLUSTER_LIST      ON     treat-as-withdraw (iBGP);   §7.10 (non-zero multiple of 4)
 *                             from eBGP always discarded
 * 14 MP_REACH_NLRI     ON     flags (3/4), next hop       §7.11, §5.3, §3 j, RFC 4760 §7 (3/9);
 *                             length or NLRI (3/9):        family not carried: attribute discard;
 *                             AFI/SAFI disable; too short  duplicate: session reset 3/1 (§3 g);
 *                             for AFI/SAFI: session reset  bad next hop: treat-as-withdraw
 * 15 MP_UNREACH_NLRI   ON     as MP_REACH_NLRI             §7.12, §5.3
 * 16 EXT. COMMUNITIES  OT     treat-as-withdraw           §7.14 (non-zero multiple of 8)
 * 17 AS4_PATH          OT     attribute discard           RFC 6793 §6 (also: from a 4-octet peer, confed segments)
 * 18 AS4_AGGREGATOR    OT     attribute discard           RFC 6793 §6 (8 octets; from a 4-octet peer)
 * 25 IPv6 EXT. COMM.   OT     treat-as-withdraw           §7.15 (non-zero multiple of 20)
 * 32 LARGE_COMMUNITY   OT     treat-as-withdraw           RFC 8092 §6 (non-zero multiple of 12)
 * 35 OTC               OT     treat-as-withdraw           RFC 9234 §5 (4 octets)
 * other, well-known           session reset 3/2           RFC 4271 §6.3
 * other, optional transitive  kept, Partial bit set       RFC 4271 §5
 * other, optional non-trans.  dropped quietly             RFC 4271 §5
 * </pre>
 * WK = well-known (O=0, T=1), ON = optional non-transitive (O=1, T=0), OT = optional transitive
 * (O=1, T=1). Flags in conflict make the attribute malformed (RFC 7606 §3 c), handled as the
 * column says except for MP_REACH_NLRI / MP_UNREACH_NLRI (AFI/SAFI disable, §5.3). All other
 * attributes of a type seen before are discarded (§3 g). NOTIFICATION subcodes reported with each
 * soft error: 3/4 flags, 3/5 length, 3/6 ORIGIN value, 3/8 NEXT_HOP value, 3/11 AS_PATH, 3/9 any
 * other optional attribute value, 3/1 repeats.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7606#section-7">RFC 7606 §7</a>
 */
final class RevisedErrorHandling {
    /** Flags of a well-known attribute: Transitive only. */
    static final int WELL_KNOWN = PathAttribute.FLAG_TRANSITIVE;
    /** Flags of an optional non-transitive attribute. */
    static final int OPTIONAL_NON_TRANSITIVE = PathAttribute.FLAG_OPTIONAL;
    /** Flags of an optional transitive attribute. */
    static final int OPTIONAL_TRANSITIVE = PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE;
    /** The flag bits RFC 7606 §3 c checks. */
    static final int CHECKED_FLAGS = PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE;

    private static final int UNKNOWN = -1;
    private static final int[] FLAGS = new int[256];
    private static final ErrorHandling[] MALFORMED = new ErrorHandling[256];

    static {
        java.util.Arrays.fill(FLAGS, UNKNOWN);
        rule(PathAttribute.ORIGIN, WELL_KNOWN, ErrorHandling.TREAT_AS_WITHDRAW);
        rule(PathAttribute.AS_PATH, WELL_KNOWN, ErrorHandling.TREAT_AS_WITHDRAW);
        rule(PathAttribute.NEXT_HOP, WELL_KNOWN, ErrorHandling.TREAT_AS_WITHDRAW);
        rule(PathAttribute.MULTI_EXIT_DISC, OPTIONAL_NON_TRANSITIVE, ErrorHandling.TREAT_AS_WITHDRAW);
        rule(PathAttribute.LOCAL_PREF, WELL_KNOWN, ErrorHandling.TREAT_AS_WITHDRAW);
        rule(PathAttribute.ATOMIC_AGGREGATE, WELL_KNOWN, ErrorHandling.ATTRIBUTE_DISCARD);
        rule(PathAttribute.AGGREGATOR, OPTIONAL_TRANSITIVE, ErrorHandling.ATTRIBUTE_DISCARD);
        rule(PathAttribute.COMMUNITIES, OPTIONAL_TRANSITIVE, ErrorHandling.TREAT_AS_WITHDRAW);
        rule(PathAttribute.ORIGINATOR_ID, OPTIONAL_NON_TRANSITIVE, ErrorHandling.TREAT_AS_WITHDRAW);
        rule(PathAttribute.CLUSTER_LIST, OPTIONAL_NON_TRANSITIVE, ErrorHandling.TREAT_AS_WITHDRAW);
        rule(PathAttribute.MP_REACH_NLRI, OPTIONAL_NON_TRANSITIVE, ErrorHandling.TREAT_AS_WITHDRAW);
        rule(PathAttribute.MP_UNREACH_NLRI, OPTIONAL_NON_TRANSITIVE, ErrorHandling.TREAT_AS_WITHDRAW);
        rule(PathAttribute.EXTENDED_COMMUNITIES, OPTIONAL_TRANSITIVE, ErrorHandling.TREAT_AS_WITHDRAW);
        rule(PathAttribute.AS4_PATH, OPTIONAL_TRANSITIVE, ErrorHandling.ATTRIBUTE_DISCARD);
        rule(PathAttribute.AS4_AGGREGATOR, OPTIONAL_TRANSITIVE, ErrorHandling.ATTRIBUTE_DISCARD);
        rule(PathAttribute.IPV6_EXTENDED_COMMUNITIES, OPTIONAL_TRANSITIVE, ErrorHandling.TREAT_AS_WITHDRAW);
        rule(PathAttribute.LARGE_COMMUNITY, OPTIONAL_TRANSITIVE, ErrorHandling.TREAT_AS_WITHDRAW);
        rule(PathAttribute.ONLY_TO_CUSTOMER, OPTIONAL_TRANSITIVE, ErrorHandling.TREAT_AS_WITHDRAW);
    }

    private RevisedErrorHandling() {}

    private static void rule(int type, int flags, ErrorHandling malformed) {
        FLAGS[type] = flags;
        MALFORMED[type] = malformed;
    }

    /** True for the types in the table (decoded or length-checked by this codec). */
    static boolean recognized(int type) {
        return FLAGS[type] != UNKNOWN;
    }

    /** The Optional/Transitive flags a recognized type must carry (RFC 4271 §5, the type's RFC). */
    static int expectedFlags(int type) {
        if (!recognized(type)) {
            throw new IllegalArgumentException("attribute type " + type + " not recognized");
        }
        return FLAGS[type];
    }

    /** True if the O and T bits of {@code flags} conflict with the type's (RFC 7606 §3 c). */
    static boolean flagsConflict(int type, int flags) {
        return (flags & CHECKED_FLAGS) != FLAGS[type];
    }

    /**
     * What a malformed attribute of a recognized type causes (RFC 7606 §7). For LOCAL_PREF,
     * ORIGINATOR_ID and CLUSTER_LIST it depends on the peer: from eBGP the attribute is
     * discarded whatever its form.
     */
    static ErrorHandling malformed(int type, CodecOptions options) {
        if (discardedFromExternalPeer(type) && options.externalPeer()) {
            return ErrorHandling.ATTRIBUTE_DISCARD;
        }
        ErrorHandling h = MALFORMED[type];
        if (h == null) {
            throw new IllegalArgumentException("attribute type " + type + " not recognized");
        }
        return h;
    }

    /**
     * True for LOCAL_PREF, ORIGINATOR_ID and CLUSTER_LIST, which an eBGP peer must not send and
     * which are discarded from one (RFC 7606 §7.5, §7.9, §7.10; RFC 4271 §5.1.5).
     */
    static boolean discardedFromExternalPeer(int type) {
        return type == PathAttribute.LOCAL_PREF || type == PathAttribute.ORIGINATOR_ID
                || type == PathAttribute.CLUSTER_LIST;
    }

    /** The Optional/Transitive flags to send for an attribute (Unknown: as held). */
    static int flagsOf(PathAttribute a) {
        if (a instanceof PathAttribute.Unknown u) {
            return u.flags();
        }
        return FLAGS[a.typeCode()];
    }
}
