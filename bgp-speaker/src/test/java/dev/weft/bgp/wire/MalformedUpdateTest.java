package dev.weft.bgp.wire;

import static dev.weft.bgp.wire.Decoding.attr;
import static dev.weft.bgp.wire.Decoding.hex;
import static dev.weft.bgp.wire.Decoding.prefixes;
import static dev.weft.bgp.wire.Decoding.updateHex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Malformed UPDATEs at the message and section level (RFC 4271 §6.3, RFC 7606 §3, §4, §5):
 * one test per rule, each asserting the handling, NOTIFICATION code/subcode/data and the
 * resulting UPDATE.
 */
class MalformedUpdateTest {
    static final CodecOptions IBGP = CodecOptions.FOUR_OCTET_AS;
    static final String ORIGIN = "40 01 01 00";
    static final String AS_PATH = "40 02 06 02 01 0000fde8";
    static final String NEXT_HOP = "40 03 04 0a000001";
    static final String BASE = ORIGIN + AS_PATH + NEXT_HOP;
    static final String NLRI = "18 0a0102";
    static final String WITHDRAWN = "08 0b";

    @Test
    void rfc7606_4_withdrawnRoutesLengthOverrunningTheMessageIsMalformedAttributeList() {
        byte[] b = updateHex("", "", "");
        b[19] = 0;
        b[20] = 5;
        Decoding.of(b, IBGP).assertReset(BgpError.MALFORMED_ATTRIBUTE_LIST, new byte[0]);
    }

    @Test
    void rfc7606_4_totalAttributeLengthOverrunningTheMessageIsMalformedAttributeList() {
        byte[] b = updateHex("", BASE, "");
        b[22] = (byte) 0xff;
        Decoding.of(b, IBGP).assertReset(BgpError.MALFORMED_ATTRIBUTE_LIST, new byte[0]);
    }

    @Test
    void rfc7606_5_3_nlriPrefixLongerThan32IsInvalidNetworkField() {
        Decoding.of(updateHex("", BASE, "21 0a010203 00"), IBGP).assertReset(BgpError.INVALID_NETWORK_FIELD, new byte[0]);
    }

    @Test
    void rfc7606_5_3_truncatedNlriPrefixIsInvalidNetworkField() {
        Decoding.of(updateHex("", BASE, "18 0a01"), IBGP).assertReset(BgpError.INVALID_NETWORK_FIELD, new byte[0]);
    }

    @Test
    void rfc7606_5_3_malformedWithdrawnPrefixIsInvalidNetworkField() {
        Decoding.of(updateHex("28 0a000000 00", "", ""), IBGP).assertReset(BgpError.INVALID_NETWORK_FIELD, new byte[0]);
    }

    @Test
    void rfc7606_4_attributeOverrunningTheSectionIsTreatAsWithdraw() {
        String bad = "c0 08 08 fde80001";
        Decoding.of(updateHex(WITHDRAWN, BASE + bad, NLRI), IBGP)
                .assertSoft(ErrorHandling.TREAT_AS_WITHDRAW, BgpError.ATTRIBUTE_LENGTH_ERROR, hex(bad))
                .assertWithdrawsOnly(prefixes("11.0.0.0/8", "10.1.2.0/24"));
    }

    @Test
    void rfc7606_4_trailingOctetsTooShortForAnAttributeAreTreatAsWithdraw() {
        Decoding.of(updateHex("", BASE + "c0 08", NLRI), IBGP)
                .assertSoft(ErrorHandling.TREAT_AS_WITHDRAW, BgpError.MALFORMED_ATTRIBUTE_LIST, hex("c008"))
                .assertWithdrawsOnly(prefixes("10.1.2.0/24"));
    }

    @Test
    void rfc7606_3j_overrunningMpReachCannotBeLocatedSoTheSessionIsReset() {
        String mp = "80 0e 30 0002 01 10 20010db8000000000000000000000001 00";
        Decoding.of(updateHex("", BASE + mp, ""), IBGP).assertReset(BgpError.ATTRIBUTE_LENGTH_ERROR, hex(mp));
    }

    @Test
    void rfc7606_3g_repeatedAttributeIsDiscardedAndTheFirstKept() {
        String second = "40 01 01 02";
        Decoding d = Decoding.of(updateHex("", BASE + second, NLRI), IBGP)
                .assertSoft(ErrorHandling.ATTRIBUTE_DISCARD, BgpError.MALFORMED_ATTRIBUTE_LIST, hex(second));
        assertThat(d.update().attribute(PathAttribute.Origin.class)).contains(new PathAttribute.Origin(OriginType.IGP));
        assertThat(d.update().nlri()).isEqualTo(prefixes("10.1.2.0/24"));
        assertThat(d.update().treatAsWithdraw()).isFalse();
    }

    @Test
    void rfc7606_3g_repeatedMpReachResetsTheSession() {
        String mp = attr(0x80, 14, "0002 01 10 20010db8000000000000000000000001 00 30 20010db80001");
        Decoding.of(updateHex("", BASE + mp + mp, ""), IBGP).assertReset(BgpError.MALFORMED_ATTRIBUTE_LIST, new byte[0]);
    }

    @Test
    void rfc7606_3g_repeatedMpUnreachResetsTheSession() {
        String mp = attr(0x80, 15, "0002 01 30 20010db80001");
        Decoding.of(updateHex("", mp + mp, ""), IBGP).assertReset(BgpError.MALFORMED_ATTRIBUTE_LIST, new byte[0]);
    }

    @Test
    void rfc4271_6_3_unrecognizedWellKnownAttributeIsSessionResetWithTheAttribute() {
        String bad = "40 63 01 00";
        Decoding.of(updateHex("", BASE + bad, NLRI), IBGP).assertReset(BgpError.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE, hex(bad));
    }

    @Test
    void rfc4271_5_unrecognizedOptionalTransitiveIsKeptWithThePartialBit() {
        Decoding d = Decoding.of(updateHex("", BASE + "c0 63 02 abcd", NLRI), IBGP).assertNoErrors();
        assertThat(d.update().attributes()).contains(new PathAttribute.Unknown(0xe0, 0x63, hex("abcd")));
        assertThat(Wire.encode(d.update(), IBGP)).isEqualTo(updateHex("", BASE + "e0 63 02 abcd", NLRI));
    }

    @Test
    void rfc4271_5_unrecognizedOptionalNonTransitiveIsDroppedQuietly() {
        Decoding d = Decoding.of(updateHex("", BASE + "80 63 02 abcd", NLRI), IBGP).assertNoErrors();
        assertThat(d.update().attributes()).noneMatch(a -> a.typeCode() == 0x63);
        assertThat(d.update().nlri()).isEqualTo(prefixes("10.1.2.0/24"));
    }

    @Test
    void rfc7606_3d_missingOriginWithNlriIsTreatAsWithdrawNamingTheType() {
        Decoding.of(updateHex("", AS_PATH + NEXT_HOP, NLRI), IBGP)
                .assertSoft(ErrorHandling.TREAT_AS_WITHDRAW, BgpError.MISSING_WELL_KNOWN_ATTRIBUTE, hex("01"))
                .assertWithdrawsOnly(prefixes("10.1.2.0/24"));
    }

    @Test
    void rfc7606_3d_missingAsPathWithNlriIsTreatAsWithdraw() {
        Decoding.of(updateHex("", ORIGIN + NEXT_HOP, NLRI), IBGP)
                .assertSoft(ErrorHandling.TREAT_AS_WITHDRAW, BgpError.MISSING_WELL_KNOWN_ATTRIBUTE, hex("02"))
                .assertWithdrawsOnly(prefixes("10.1.2.0/24"));
    }

    @Test
    void rfc7606_3d_missingNextHopWithIpv4NlriIsTreatAsWithdraw() {
        Decoding.of(updateHex("", ORIGIN + AS_PATH, NLRI), IBGP)
                .assertSoft(ErrorHandling.TREAT_AS_WITHDRAW, BgpError.MISSING_WELL_KNOWN_ATTRIBUTE, hex("03"))
                .assertWithdrawsOnly(prefixes("10.1.2.0/24"));
    }

    @Test
    void rfc4760_3_nextHopIsNotRequiredWhenOnlyMpReachCarriesNlri() {
        String mp = attr(0x80, 14, "0002 01 10 20010db8000000000000000000000001 00 30 20010db80001");
        Decoding d = Decoding.of(updateHex("", mp + ORIGIN + AS_PATH, ""), IBGP).assertNoErrors();
        assertThat(d.update().mpReach().orElseThrow().nlri()).isEqualTo(prefixes("2001:db8:1::/48"));
    }

    @Test
    void rfc7606_3d_missingOriginWithOnlyMpReachWithdrawsTheIpv6Prefixes() {
        String mp = attr(0x80, 14, "0002 01 10 20010db8000000000000000000000001 00 30 20010db80001");
        Decoding d = Decoding.of(updateHex("", mp + AS_PATH, ""), IBGP)
                .assertSoft(ErrorHandling.TREAT_AS_WITHDRAW, BgpError.MISSING_WELL_KNOWN_ATTRIBUTE, hex("01"))
                .assertWithdrawsOnly(prefixes("2001:db8:1::/48"));
        assertThat(d.update().mpUnreach().orElseThrow().family()).isEqualTo(AddressFamily.IPV6_UNICAST);
    }

    @Test
    void rfc7606_3d_noNlriMeansNoMandatoryAttributesAreNeeded() {
        Decoding d = Decoding.of(updateHex(WITHDRAWN, "", ""), IBGP).assertNoErrors();
        assertThat(d.update().withdrawn()).isEqualTo(prefixes("11.0.0.0/8"));
    }

    @Test
    void rfc7606_5_2_aMalformedAttributeWithoutReachableNlriResetsTheSession() {
        // treat-as-withdraw would withdraw nothing and hide the error (and once read as an End-of-RIB)
        Decoding.of(updateHex("", "40 01 01 07", ""), IBGP)
                .assertReset(BgpError.INVALID_ORIGIN_ATTRIBUTE, hex("40010107"));
    }

    @Test
    void rfc7606_2_treatAsWithdrawCollectsEveryFamilyAndField() {
        String reach = attr(0x80, 14, "0002 01 10 20010db8000000000000000000000001 00 30 20010db80001");
        String unreach = attr(0x80, 15, "0002 01 30 20010db80002");
        Decoding d = Decoding.of(updateHex(WITHDRAWN, unreach + reach + BASE + "c0 08 03 000000", NLRI), IBGP);
        assertThat(d.soft).hasSize(1);
        d.assertWithdrawsOnly(prefixes("11.0.0.0/8", "10.1.2.0/24", "2001:db8:1::/48", "2001:db8:2::/48"));
        assertThat(d.update().withdrawn()).isEqualTo(prefixes("11.0.0.0/8", "10.1.2.0/24"));
    }

    @Test
    void rfc4724_2_emptyMpUnreachAloneIsTheFamilysEndOfRib() {
        Decoding d = Decoding.of(updateHex("", attr(0x80, 15, "0002 01"), ""), IBGP).assertNoErrors();
        assertThat(d.update().endOfRib()).contains(AddressFamily.IPV6_UNICAST);
        assertThat(d.update().isEndOfRib()).isFalse();
        assertThat(Decoding.of(updateHex("", "", ""), IBGP).update().endOfRib()).contains(AddressFamily.IPV4_UNICAST);
    }

    @Test
    void extendedLengthBitOnAShortAttributeIsAccepted() {
        Decoding d = Decoding.of(updateHex("", "50 01 0001 00" + AS_PATH + NEXT_HOP, NLRI), IBGP).assertNoErrors();
        assertThat(d.update().attribute(PathAttribute.Origin.class)).isPresent();
    }
}
