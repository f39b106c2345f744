package dev.weft.bgp.wire;

import static dev.weft.bgp.wire.Decoding.attr;
import static dev.weft.bgp.wire.Decoding.hex;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * RFC 7606 §5.2 (attributes without reachable NLRI) and RFC 4724 §2 (End-of-RIB of a family we
 * do not carry) outcomes of the UPDATE decoder; found by the adversarial raw-socket suite.
 */
class Rfc7606NoNlriAndForeignEndOfRibTest {
    static final CodecOptions EBGP = CodecOptions.FOUR_OCTET_AS.withExternalPeer(true);
    static final String BASE = "40 01 01 00" + "40 02 06 02 01 0000fde8";
    static final String NEXT_HOP = "40 03 04 0afc0001";

    /**
     * RFC 7606 §5.2: "if an UPDATE message is encountered that does contain path attributes other
     * than MP_UNREACH_NLRI and doesn't encode any reachable NLRI ... if any encountered error
     * specifies an error-handling approach other than 'attribute discard', then the 'session
     * reset' approach MUST be used." Here: withdrawn routes + ORIGIN value 9, no NLRI.
     */
    @Test
    void rfc7606_5_2_withdrawalWithAMalformedOriginAndNoNlriResetsTheSession() {
        String origin = "40 01 01 09";
        Decoding.of(Decoding.updateHex("18 0a0102", origin + "40 02 06 02 01 0000fde8", ""), EBGP)
                .assertReset(BgpError.INVALID_ORIGIN_ATTRIBUTE, hex(origin));
    }

    /** RFC 7606 §5.2: attributes only (no NLRI, no withdrawals), COMMUNITIES of length 5: session reset 3/5. */
    @Test
    void rfc7606_5_2_attributesWithoutNlriAndAMalformedCommunitiesResetTheSession() {
        String communities = attr(0xc0, 8, "fde8000100");
        Decoding.of(Decoding.updateHex("", BASE + NEXT_HOP + communities, ""), EBGP)
                .assertReset(BgpError.ATTRIBUTE_LENGTH_ERROR, hex(communities));
    }

    /** RFC 7606 §5.2 does not apply with reachable NLRI: the same COMMUNITIES is treat-as-withdraw there. */
    @Test
    void rfc7606_5_2_withNlriTheSameErrorStaysTreatAsWithdraw() {
        String communities = attr(0xc0, 8, "fde8000100");
        Decoding.of(Decoding.updateHex("", BASE + NEXT_HOP + communities, "18 0a0102"), EBGP)
                .assertSoft(ErrorHandling.TREAT_AS_WITHDRAW, BgpError.ATTRIBUTE_LENGTH_ERROR, hex(communities));
    }

    /**
     * RFC 4724 §2: End-of-RIB of a family is an UPDATE with only an empty MP_UNREACH_NLRI of it.
     * For a family Weft does not carry (IPv4 multicast, 1/2) the attribute is discarded and what
     * is left is an empty UPDATE, which endOfRib() reads as IPv4 unicast's End-of-RIB: a
     * Graceful Restart helper would drop the peer's stale IPv4 unicast routes early
     * (Rib.update -> dropStale, PeerController.endOfRibReceived).
     */
    @Test
    void rfc4724_2_endOfRibOfAFamilyNotCarriedIsNotIpv4UnicastsEndOfRib() {
        Decoding d = Decoding.of(Decoding.updateHex("", attr(0x80, 15, "0001 02"), ""), EBGP);
        assertThat(d.reset).isNull();
        assertThat(((UpdateMessage) d.message).endOfRib()).as("End-of-RIB family").isEmpty();
    }
}
