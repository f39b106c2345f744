package dev.weft.bgp.wire;

import static dev.weft.bgp.wire.Decoding.hex;
import static dev.weft.bgp.wire.Decoding.prefixes;
import static dev.weft.bgp.wire.Decoding.updateHex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.net.IpAddresses;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One test per attribute rule of RFC 7606 §7 (and RFC 4271 §6.3, RFC 6793 §6, RFC 7607,
 * RFC 8092 §6, RFC 9234 §5): the handling, the NOTIFICATION code/subcode and data (the
 * attribute as received), and what the decoded UPDATE holds.
 */
class MalformedAttributeTest {
    static final CodecOptions IBGP = CodecOptions.FOUR_OCTET_AS;
    static final CodecOptions EBGP = CodecOptions.FOUR_OCTET_AS.withExternalPeer(true);
    static final CodecOptions TWO_OCTET = CodecOptions.TWO_OCTET_AS;
    static final String ORIGIN = "40 01 01 00";
    static final String AS_PATH = "40 02 06 02 01 0000fde8";
    static final String AS_PATH2 = "40 02 04 02 01 fde8";
    static final String NEXT_HOP = "40 03 04 0a000001";
    static final String NLRI = "18 0a0102";

    /** An UPDATE with the base attributes, {@code bad} replacing the one of its type (or added). */
    static Decoding with(String bad, CodecOptions options) {
        String asPath = options.fourOctetAs() ? AS_PATH : AS_PATH2;
        int type = hex(bad)[1] & 0xff;
        String attrs = (type == 1 ? bad : ORIGIN) + (type == 2 ? bad : asPath) + (type == 3 ? bad : NEXT_HOP)
                + (type > 3 ? bad : "");
        return Decoding.of(updateHex("", attrs, NLRI), options);
    }

    static void assertTreatAsWithdraw(String bad, CodecOptions options, BgpError error) {
        with(bad, options).assertSoft(ErrorHandling.TREAT_AS_WITHDRAW, error, hex(bad)).assertWithdrawsOnly(prefixes("10.1.2.0/24"));
    }

    static UpdateMessage assertDiscarded(String bad, CodecOptions options, BgpError error) {
        Decoding d = with(bad, options).assertSoft(ErrorHandling.ATTRIBUTE_DISCARD, error, hex(bad));
        int type = hex(bad)[1] & 0xff;
        assertThat(d.update().treatAsWithdraw()).isFalse();
        assertThat(d.update().nlri()).isEqualTo(prefixes("10.1.2.0/24"));
        assertThat(d.update().attributes()).noneMatch(a -> a.typeCode() == type);
        return d.update();
    }

    @Test
    void rfc7606_3c_originWithConflictingFlagsIsTreatAsWithdraw() {
        assertTreatAsWithdraw("c0 01 01 00", IBGP, BgpError.ATTRIBUTE_FLAGS_ERROR);
    }

    @Test
    void rfc7606_7_1_originOfWrongLengthIsTreatAsWithdraw() {
        assertTreatAsWithdraw("40 01 02 0000", IBGP, BgpError.ATTRIBUTE_LENGTH_ERROR);
    }

    @Test
    void rfc7606_7_1_undefinedOriginValueIsTreatAsWithdraw() {
        assertTreatAsWithdraw("40 01 01 03", IBGP, BgpError.INVALID_ORIGIN_ATTRIBUTE);
    }

    @Test
    void rfc7606_7_2_asPathWithUnknownSegmentTypeIsTreatAsWithdraw() {
        assertTreatAsWithdraw("40 02 06 05 01 0000fde8", IBGP, BgpError.MALFORMED_AS_PATH);
    }

    @Test
    void rfc7606_7_2_asPathSegmentOfZeroAsesIsTreatAsWithdraw() {
        assertTreatAsWithdraw("40 02 02 02 00", IBGP, BgpError.MALFORMED_AS_PATH);
    }

    @Test
    void rfc7606_7_2_asPathSegmentOverrunningTheAttributeIsTreatAsWithdraw() {
        assertTreatAsWithdraw("40 02 06 02 02 0000fde8", IBGP, BgpError.MALFORMED_AS_PATH);
    }

    @Test
    void rfc7606_7_2_twoOctetAsPathOfOddLengthIsTreatAsWithdraw() {
        assertTreatAsWithdraw("40 02 05 02 01 fde8 00", TWO_OCTET, BgpError.MALFORMED_AS_PATH);
    }

    @Test
    void rfc5065_5_confederationSegmentFromAnExternalPeerIsTreatAsWithdraw() {
        String confed = "40 02 0c 03 01 0000fde9 02 01 0000fde8";
        assertTreatAsWithdraw(confed, EBGP, BgpError.MALFORMED_AS_PATH);
        with(confed, IBGP).assertNoErrors();
    }

    @Test
    void rfc7607_2_asZeroInAsPathIsTreatAsWithdraw() {
        assertTreatAsWithdraw("40 02 06 02 01 00000000", IBGP, BgpError.MALFORMED_AS_PATH);
    }

    @Test
    void rfc7606_7_3_nextHopOfWrongLengthIsTreatAsWithdraw() {
        assertTreatAsWithdraw("40 03 05 0a00000100", IBGP, BgpError.ATTRIBUTE_LENGTH_ERROR);
    }

    @Test
    void rfc4271_6_3_martianNextHopsAreTreatAsWithdraw() {
        for (String nh : List.of("00000000", "00000001", "7f000001", "e0000001", "ffffffff", "f0000001")) {
            assertTreatAsWithdraw("40 03 04 " + nh, IBGP, BgpError.INVALID_NEXT_HOP_ATTRIBUTE);
        }
    }

    @Test
    void rfc4271_6_3_nextHopEqualToThisSpeakersAddressIsTreatAsWithdraw() {
        CodecOptions o = IBGP.withLocalAddresses(Set.of(IpAddresses.parse("10.0.0.9")));
        assertTreatAsWithdraw("40 03 04 0a000009", o, BgpError.INVALID_NEXT_HOP_ATTRIBUTE);
        with(NEXT_HOP, o).assertNoErrors();
    }

    @Test
    void rfc7606_7_4_medOfWrongLengthIsTreatAsWithdraw() {
        assertTreatAsWithdraw("80 04 03 000001", IBGP, BgpError.ATTRIBUTE_LENGTH_ERROR);
    }

    @Test
    void rfc7606_3c_medFlaggedTransitiveIsTreatAsWithdraw() {
        assertTreatAsWithdraw("c0 04 04 00000001", IBGP, BgpError.ATTRIBUTE_FLAGS_ERROR);
    }

    @Test
    void rfc7606_7_5_localPrefOfWrongLengthFromAnInternalPeerIsTreatAsWithdraw() {
        assertTreatAsWithdraw("40 05 02 0064", IBGP, BgpError.ATTRIBUTE_LENGTH_ERROR);
    }

    @Test
    void rfc7606_7_5_localPrefFromAnExternalPeerIsDiscarded() {
        assertDiscarded("40 05 04 00000064", EBGP, BgpError.OPTIONAL_ATTRIBUTE_ERROR);
        assertDiscarded("40 05 02 0064", EBGP, BgpError.OPTIONAL_ATTRIBUTE_ERROR);
    }

    @Test
    void rfc7606_7_6_atomicAggregateOfNonZeroLengthIsDiscarded() {
        assertDiscarded("40 06 01 00", IBGP, BgpError.ATTRIBUTE_LENGTH_ERROR);
    }

    @Test
    void rfc7606_7_7_aggregatorOfWrongLengthIsDiscarded() {
        assertDiscarded("c0 07 06 fde8 0a000001", IBGP, BgpError.ATTRIBUTE_LENGTH_ERROR);
        assertDiscarded("c0 07 08 0000fde8 0a000001", TWO_OCTET, BgpError.ATTRIBUTE_LENGTH_ERROR);
        with("c0 07 06 fde8 0a000001", TWO_OCTET).assertNoErrors();
    }

    @Test
    void rfc7607_2_aggregatorWithAsZeroIsDiscarded() {
        assertDiscarded("c0 07 08 00000000 0a000001", IBGP, BgpError.OPTIONAL_ATTRIBUTE_ERROR);
    }

    @Test
    void rfc7606_7_8_communitiesNotAMultipleOfFourIsTreatAsWithdraw() {
        assertTreatAsWithdraw("c0 08 03 fde800", IBGP, BgpError.ATTRIBUTE_LENGTH_ERROR);
    }

    @Test
    void rfc7606_7_8_emptyCommunitiesIsTreatAsWithdraw() {
        assertTreatAsWithdraw("c0 08 00", IBGP, BgpError.ATTRIBUTE_LENGTH_ERROR);
    }

    @Test
    void rfc7606_3c_communitiesFlaggedWellKnownIsTreatAsWithdraw() {
        assertTreatAsWithdraw("40 08 04 fde80001", IBGP, BgpError.ATTRIBUTE_FLAGS_ERROR);
    }

    @Test
    void rfc7606_7_9_originatorIdOfWrongLengthFromAnInternalPeerIsTreatAsWithdraw() {
        assertTreatAsWithdraw("80 09 03 0a0000", IBGP, BgpError.ATTRIBUTE_LENGTH_ERROR);
    }

    @Test
    void rfc7606_7_9_originatorIdFromAnExternalPeerIsDiscarded() {
        assertDiscarded("80 09 04 0a000005", EBGP, BgpError.OPTIONAL_ATTRIBUTE_ERROR);
    }

    @Test
    void rfc7606_7_10_clusterListNotANonZeroMultipleOfFourIsTreatAsWithdraw() {
        assertTreatAsWithdraw("80 0a 06 0a0000050a00", IBGP, BgpError.ATTRIBUTE_LENGTH_ERROR);
        assertTreatAsWithdraw("80 0a 00", IBGP, BgpError.ATTRIBUTE_LENGTH_ERROR);
    }

    @Test
    void rfc7606_7_10_clusterListFromAnExternalPeerIsDiscarded() {
        assertDiscarded("80 0a 04 0a000005", EBGP, BgpError.OPTIONAL_ATTRIBUTE_ERROR);
    }

    @Test
    void rfc7606_7_14_extendedCommunitiesNotAMultipleOfEightIsTreatAsWithdraw() {
        assertTreatAsWithdraw("c0 10 07 00020000fde800", IBGP, BgpError.ATTRIBUTE_LENGTH_ERROR);
    }

    @Test
    void rfc7606_7_15_ipv6ExtendedCommunityNotAMultipleOfTwentyIsTreatAsWithdraw() {
        assertTreatAsWithdraw("c0 19 08 0002fde800000001", IBGP, BgpError.ATTRIBUTE_LENGTH_ERROR);
    }

    @Test
    void rfc6793_6_malformedAs4PathIsDiscarded() {
        assertDiscarded("c0 11 06 09 01 00010000", TWO_OCTET, BgpError.OPTIONAL_ATTRIBUTE_ERROR);
    }

    @Test
    void rfc6793_6_as4PathWithConfederationSegmentsIsDiscarded() {
        assertDiscarded("c0 11 06 03 01 00010000", TWO_OCTET, BgpError.OPTIONAL_ATTRIBUTE_ERROR);
    }

    @Test
    void rfc6793_as4PathFromAFourOctetSpeakerIsDiscarded() {
        assertDiscarded("c0 11 06 02 01 00010000", IBGP, BgpError.OPTIONAL_ATTRIBUTE_ERROR);
    }

    @Test
    void rfc6793_6_as4AggregatorOfWrongLengthIsDiscarded() {
        assertDiscarded("c0 12 06 fde8 0a000001", TWO_OCTET, BgpError.ATTRIBUTE_LENGTH_ERROR);
    }

    @Test
    void rfc8092_6_largeCommunityNotAMultipleOfTwelveIsTreatAsWithdraw() {
        assertTreatAsWithdraw("c0 20 0b 0000fde800000001000000", IBGP, BgpError.ATTRIBUTE_LENGTH_ERROR);
        assertTreatAsWithdraw("c0 20 00", IBGP, BgpError.ATTRIBUTE_LENGTH_ERROR);
    }

    @Test
    void rfc8092_6_duplicateLargeCommunitiesAreNotAnError() {
        String lc = "0000fde8 00000001 00000002";
        UpdateMessage u = with("c0 20 18 " + lc + lc, IBGP).assertNoErrors().update();
        assertThat(u.attribute(PathAttribute.LargeCommunities.class).orElseThrow().values())
                .containsExactly(new LargeCommunity(65000, 1, 2), new LargeCommunity(65000, 1, 2));
    }

    @Test
    void rfc9234_5_otcOfWrongLengthIsTreatAsWithdraw() {
        assertTreatAsWithdraw("c0 23 03 00fde8", IBGP, BgpError.ATTRIBUTE_LENGTH_ERROR);
    }

    @Test
    void rfc7606_3c_otcFlaggedNonTransitiveIsTreatAsWithdraw() {
        assertTreatAsWithdraw("80 23 04 0000fde8", IBGP, BgpError.ATTRIBUTE_FLAGS_ERROR);
    }

    @Test
    void wellFormedOptionalAttributesDecode() {
        UpdateMessage u = with("c0 23 04 0000fde8 80 09 04 0a000005 80 0a 08 0a0000050a000006 c0 10 08 00020000fde80001",
                IBGP).assertNoErrors().update();
        assertThat(u.attribute(PathAttribute.OnlyToCustomer.class)).contains(new PathAttribute.OnlyToCustomer(65000));
        assertThat(u.attribute(PathAttribute.OriginatorId.class).orElseThrow().id())
                .isEqualTo(IpAddresses.parseIpv4("10.0.0.5"));
        assertThat(u.attribute(PathAttribute.ClusterList.class).orElseThrow().ids())
                .containsExactly(IpAddresses.parseIpv4("10.0.0.5"), IpAddresses.parseIpv4("10.0.0.6"));
        assertThat(u.attributes()).contains(new PathAttribute.Unknown(0xc0, 16, hex("00020000fde80001")));
    }
}
