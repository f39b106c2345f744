package dev.weft.bgp.wire;

import static dev.weft.bgp.wire.Decoding.attr;
import static dev.weft.bgp.wire.Decoding.hex;
import static dev.weft.bgp.wire.Decoding.prefixes;
import static dev.weft.bgp.wire.Decoding.updateHex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.net.IpAddresses;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * MP_REACH_NLRI / MP_UNREACH_NLRI errors (RFC 7606 §7.11, §7.12, §5.3, §3 j; RFC 4760 §7;
 * RFC 2545 §3): one test per rule with the exact handling, NOTIFICATION and family.
 */
class MalformedMpAttributeTest {
    static final CodecOptions IBGP = CodecOptions.FOUR_OCTET_AS;
    static final String BASE = "40 01 01 00" + "40 02 06 02 01 0000fde8";
    static final String GLOBAL = "20010db8000000000000000000000001";
    static final String LINK_LOCAL = "fe800000000000000000000000000001";
    static final String V6_NLRI = "30 20010db80001";

    static String reach(String value) {
        return attr(0x80, 14, value);
    }

    static Decoding decode(String attrs, String nlri) {
        return Decoding.of(updateHex("", attrs, nlri), IBGP);
    }

    @Test
    void rfc2545_3_globalAndLinkLocalNextHopsDecode() {
        UpdateMessage u = decode(reach("0002 01 20 " + GLOBAL + LINK_LOCAL + " 00 " + V6_NLRI) + BASE, "").assertNoErrors().update();
        PathAttribute.MpReachNlri r = u.mpReach().orElseThrow();
        assertThat(r.family()).isEqualTo(AddressFamily.IPV6_UNICAST);
        assertThat(r.nextHop()).isEqualTo(IpAddresses.parse("2001:db8::1"));
        assertThat(r.linkLocalNextHop()).contains((java.net.Inet6Address) IpAddresses.parse("fe80::1"));
        assertThat(r.nlri()).isEqualTo(prefixes("2001:db8:1::/48"));
    }

    @Test
    void rfc2545_3_zeroLinkLocalNextHopMeansNone() {
        UpdateMessage u = decode(reach("0002 01 20 " + GLOBAL + "00000000000000000000000000000000 00 " + V6_NLRI) + BASE, "")
                .assertNoErrors().update();
        assertThat(u.mpReach().orElseThrow().nextHops()).containsExactly(IpAddresses.parse("2001:db8::1"));
    }

    @Test
    void rfc4760_ipv4MappedIpv6PrefixesStayIpv6() {
        UpdateMessage u = decode(reach("0002 01 10 " + GLOBAL + " 00 80 00000000000000000000ffff0a000001") + BASE, "")
                .assertNoErrors().update();
        assertThat(u.mpReach().orElseThrow().nlri()).singleElement().satisfies(p -> assertThat(p.isIpv6()).isTrue());
    }

    @Test
    void rfc7606_7_11_ipv6NextHopLengthNeither16Nor32IsAfiSafiDisable() {
        String mp = reach("0002 01 14 " + GLOBAL + "00000000 00 " + V6_NLRI);
        Decoding d = decode(mp + BASE, "18 0a0102")
                .assertSoft(ErrorHandling.AFI_SAFI_DISABLE, BgpError.OPTIONAL_ATTRIBUTE_ERROR, hex(mp))
                .assertWithdrawsOnly(prefixes("10.1.2.0/24"));
        assertThat(d.soft.get(0).family()).contains(AddressFamily.IPV6_UNICAST);
    }

    @Test
    void rfc7606_7_11_ipv4NextHopLengthOtherThan4IsAfiSafiDisable() {
        String mp = reach("0001 01 10 " + GLOBAL + " 00 18 0a0102");
        Decoding d = decode(mp + BASE, "").assertSoft(ErrorHandling.AFI_SAFI_DISABLE, BgpError.OPTIONAL_ATTRIBUTE_ERROR, hex(mp))
                .assertWithdrawsOnly(prefixes());
        assertThat(d.soft.get(0).family()).contains(AddressFamily.IPV4_UNICAST);
    }

    @Test
    void rfc7606_7_11_nextHopLengthOverrunningTheAttributeIsAfiSafiDisable() {
        String mp = reach("0002 01 20 " + GLOBAL);
        decode(mp + BASE, "").assertSoft(ErrorHandling.AFI_SAFI_DISABLE, BgpError.OPTIONAL_ATTRIBUTE_ERROR, hex(mp));
    }

    @Test
    void rfc7606_5_3_mpReachPrefixLongerThan128IsAfiSafiDisable() {
        String mp = reach("0002 01 10 " + GLOBAL + " 00 81 20010db8000000000000000000000000 00");
        Decoding d = decode(mp + BASE, "").assertSoft(ErrorHandling.AFI_SAFI_DISABLE, BgpError.OPTIONAL_ATTRIBUTE_ERROR, hex(mp));
        assertThat(d.soft.get(0).family()).contains(AddressFamily.IPV6_UNICAST);
    }

    @Test
    void rfc7606_5_3_truncatedMpUnreachPrefixIsAfiSafiDisable() {
        String mp = attr(0x80, 15, "0002 01 40 20010db8");
        decode(mp, "").assertSoft(ErrorHandling.AFI_SAFI_DISABLE, BgpError.OPTIONAL_ATTRIBUTE_ERROR, hex(mp))
                .assertWithdrawsOnly(prefixes());
    }

    @Test
    void rfc7606_3j_mpReachTooShortForAfiSafiResetsTheSession() {
        String mp = reach("0002");
        decode(mp + BASE, "").assertReset(BgpError.OPTIONAL_ATTRIBUTE_ERROR, hex(mp));
    }

    @Test
    void rfc7606_3j_mpUnreachTooShortForAfiSafiResetsTheSession() {
        String mp = attr(0x80, 15, "00");
        decode(mp, "").assertReset(BgpError.OPTIONAL_ATTRIBUTE_ERROR, hex(mp));
    }

    @Test
    void rfc7606_5_3_mpReachWithConflictingFlagsIsAfiSafiDisableNotTreatAsWithdraw() {
        // §5.3 counts RFC 4760-inconsistent flags as an incorrect MP attribute, so §3 j applies
        String mp = attr(0xc0, 14, "0002 01 10 " + GLOBAL + " 00 " + V6_NLRI);
        Decoding d = decode(mp + BASE, "").assertSoft(ErrorHandling.AFI_SAFI_DISABLE, BgpError.ATTRIBUTE_FLAGS_ERROR, hex(mp))
                .assertWithdrawsOnly(prefixes("2001:db8:1::/48"));
        assertThat(d.soft.get(0).family()).contains(AddressFamily.IPV6_UNICAST);
    }

    @Test
    void rfc4271_6_3_multicastMpNextHopIsTreatAsWithdraw() {
        String mp = reach("0002 01 10 ff020000000000000000000000000001 00 " + V6_NLRI);
        decode(mp + BASE, "").assertSoft(ErrorHandling.TREAT_AS_WITHDRAW, BgpError.OPTIONAL_ATTRIBUTE_ERROR, hex(mp))
                .assertWithdrawsOnly(prefixes("2001:db8:1::/48"));
    }

    @Test
    void rfc4271_6_3_unspecifiedMpNextHopIsTreatAsWithdraw() {
        String mp = reach("0002 01 10 00000000000000000000000000000000 00 " + V6_NLRI);
        decode(mp + BASE, "").assertSoft(ErrorHandling.TREAT_AS_WITHDRAW, BgpError.OPTIONAL_ATTRIBUTE_ERROR, hex(mp));
    }

    @Test
    void rfc4271_6_3_mpNextHopEqualToThisSpeakersAddressIsTreatAsWithdraw() {
        String mp = reach("0002 01 10 " + GLOBAL + " 00 " + V6_NLRI);
        CodecOptions o = IBGP.withLocalAddresses(Set.of(IpAddresses.parse("2001:db8::1")));
        Decoding.of(updateHex("", mp + BASE, ""), o)
                .assertSoft(ErrorHandling.TREAT_AS_WITHDRAW, BgpError.OPTIONAL_ATTRIBUTE_ERROR, hex(mp))
                .assertWithdrawsOnly(prefixes("2001:db8:1::/48"));
    }

    @Test
    void rfc4760_familyNotCarriedIsDiscardedAndItsRoutesIgnored() {
        String mp = reach("0001 80 0c 000000000000000a000001 00 70 00000000000000010a0102");
        Decoding d = decode(mp + BASE, "").assertSoft(ErrorHandling.ATTRIBUTE_DISCARD, BgpError.OPTIONAL_ATTRIBUTE_ERROR, hex(mp));
        assertThat(d.update().allNlri()).isEmpty();
        assertThat(d.update().treatAsWithdraw()).isFalse();
    }

    @Test
    void rfc4760_4_mpUnreachWithdrawsIpv6Prefixes() {
        UpdateMessage u = decode(attr(0x80, 15, "0002 01 " + V6_NLRI + " 40 20010db800020000"), "").assertNoErrors().update();
        assertThat(u.allWithdrawn()).isEqualTo(prefixes("2001:db8:1::/48", "2001:db8:2::/64"));
    }

    @Test
    void afiSafiDisableErrorsAreFatalForASessionThatDoesNotDisableFamilies() {
        String mp = reach("0002 01 11 " + GLOBAL + "00 00 " + V6_NLRI);
        Decoding d = decode(mp + BASE, "");
        assertThat(new dev.weft.bgp.transport.BgpDecodeError(d.soft.get(0)).fatal()).isTrue();
        assertThat(new dev.weft.bgp.transport.BgpDecodeError(d.soft.get(0)).afiSafiDisable()).contains(AddressFamily.IPV6_UNICAST);
    }
}
