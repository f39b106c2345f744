package dev.weft.bgp.wire;

import static dev.weft.bgp.wire.Decoding.attr;
import static dev.weft.bgp.wire.Decoding.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MP_REACH_NLRI / MP_UNREACH_NLRI of a family that was not negotiated on the session (RFC 4760
 * §8, RFC 5492): the attribute is discarded (its routes are not learned) and the session stays.
 */
class NotNegotiatedFamilyTest {
    static final String BASE = "40 01 01 00" + "40 02 06 02 01 0000fde8";
    static final String REACH6 = attr(0x80, 14, "0002 01 10 20010db8000000000000000000000001 00 30 20010db80001");
    static final String UNREACH6 = attr(0x80, 15, "0002 01 30 20010db80002");
    static final CodecOptions IPV4_ONLY = CodecOptions.FOUR_OCTET_AS.withExternalPeer(true)
            .withFamilies(List.of(AddressFamily.IPV4_UNICAST));

    @Test
    void ipv6RoutesOnAnIpv4OnlySessionAreDiscarded() {
        Decoding d = Decoding.of(Decoding.updateHex("", REACH6 + BASE, ""), IPV4_ONLY)
                .assertSoft(ErrorHandling.ATTRIBUTE_DISCARD, BgpError.OPTIONAL_ATTRIBUTE_ERROR, hex(REACH6));
        assertThat(d.update().mpReach()).isEmpty();
        assertThat(d.update().treatAsWithdraw()).isFalse();
        Decoding.of(Decoding.updateHex("", UNREACH6, ""), IPV4_ONLY)
                .assertSoft(ErrorHandling.ATTRIBUTE_DISCARD, BgpError.OPTIONAL_ATTRIBUTE_ERROR, hex(UNREACH6));
    }

    @Test
    void negotiatedOrUnrestrictedSessionsDecodeThem() {
        for (CodecOptions o : List.of(IPV4_ONLY.withFamilies(List.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST)),
                CodecOptions.FOUR_OCTET_AS.withExternalPeer(true))) {
            Decoding d = Decoding.of(Decoding.updateHex("", REACH6 + BASE, ""), o).assertNoErrors();
            assertThat(d.update().mpReach().orElseThrow().family()).isEqualTo(AddressFamily.IPV6_UNICAST);
        }
        assertThat(IPV4_ONLY.carries(AddressFamily.IPV6_UNICAST)).isFalse();
        assertThat(IPV4_ONLY.carries(AddressFamily.IPV4_UNICAST)).isTrue();
        assertThat(CodecOptions.FOUR_OCTET_AS.carries(new AddressFamily(1, 2))).isFalse();
    }
}
