package dev.weft.bgp.wire;

import static dev.weft.bgp.wire.Decoding.attr;
import static dev.weft.bgp.wire.Decoding.hex;
import static dev.weft.bgp.wire.Decoding.prefixes;
import static dev.weft.bgp.wire.Decoding.updateHex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Decoder findings of the adversarial pass over RFC 7606 / RFC 4271 (integration counterpart:
 * integration-tests UnseenMalformedUpdateTest): each test failed before its fix.
 */
class AdversarialDecoderTest {
    static final CodecOptions EBGP = CodecOptions.FOUR_OCTET_AS.withExternalPeer(true);
    static final String BASE = "40 01 01 00" + "40 02 06 02 01 0000fde8";
    static final String NEXT_HOP = "40 03 04 0afc0001";
    static final String GLOBAL = "fd770003000000000000000000000001";

    /** RFC 4271 §6.4: a NOTIFICATION without its subcode is not answered with a NOTIFICATION (1/2 was). */
    @Test
    void rfc4271_6_4_notificationShorterThan21OctetsIsDecodedNotAnswered() {
        Decoding d = Decoding.of(Wire.message(3, hex("06")), EBGP).assertNoErrors();
        assertThat(d.message).isEqualTo(new NotificationMessage(6, 0, new byte[0]));
        Decoding empty = Decoding.of(Wire.message(3, new byte[0]), EBGP).assertNoErrors();
        assertThat(empty.message).isEqualTo(new NotificationMessage(0, 0, new byte[0]));
    }

    /** The frame check lets a short NOTIFICATION through too (it runs before the decoder). */
    @Test
    void rfc4271_6_4_headerCheckAcceptsAShortNotification() throws BgpWireException {
        assertThat(BgpMessageCodec.checkHeader(io.netty.buffer.Unpooled.wrappedBuffer(Wire.message(3, hex("06"))))).isEqualTo(20);
    }

    /**
     * RFC 7606 §5.3, §3 j: MP_UNREACH_NLRI with flags other than RFC 4760's (here Transitive set)
     * is incorrect: AFI/SAFI disable (or session reset) with 3/4 and the attribute, never
     * treat-as-withdraw.
     */
    @Test
    void rfc7606_5_3_mpUnreachWithConflictingFlagsIsAfiSafiDisable() {
        String mp = attr(0xc0, 15, "0002 01 30 20010db80001");
        Decoding d = Decoding.of(updateHex("", mp, ""), EBGP)
                .assertSoft(ErrorHandling.AFI_SAFI_DISABLE, BgpError.ATTRIBUTE_FLAGS_ERROR, hex(mp))
                .assertWithdrawsOnly(prefixes("2001:db8:1::/48"));
        assertThat(d.soft.get(0).family()).contains(AddressFamily.IPV6_UNICAST);
    }

    /** The same flags on an IPv4 unicast MP_REACH_NLRI name IPv4 unicast as the family to disable. */
    @Test
    void rfc7606_5_3_ipv4MpReachFlaggedWellKnownIsAfiSafiDisableOfIpv4() {
        String mp = attr(0x40, 14, "0001 01 04 0afc0001 00 18 0a0102");
        Decoding d = Decoding.of(updateHex("", mp + BASE, ""), EBGP)
                .assertSoft(ErrorHandling.AFI_SAFI_DISABLE, BgpError.ATTRIBUTE_FLAGS_ERROR, hex(mp))
                .assertWithdrawsOnly(prefixes("10.1.2.0/24"));
        assertThat(d.soft.get(0).family()).contains(AddressFamily.IPV4_UNICAST);
    }

    /**
     * RFC 4271 §4.3: the four low-order flag bits are ignored on receipt and MUST be zero when
     * sent; an unrecognized optional transitive attribute received as 0xcf is passed on as 0xe0
     * (O, T and the Partial bit of §5), not 0xef.
     */
    @Test
    void rfc4271_4_3_unusedFlagBitsAreNotPassedOn() throws BgpWireException {
        UpdateMessage u = Decoding.of(updateHex("", BASE + NEXT_HOP + attr(0xcf, 240, "010203"), "18 0a0102"), EBGP)
                .assertNoErrors().update();
        PathAttribute.Unknown kept = u.attribute(PathAttribute.Unknown.class).orElseThrow();
        assertThat(kept.flags()).isEqualTo(0xe0);
        byte[] wire = Wire.encode(new UpdateMessage(List.of(), List.of(kept), List.of()), EBGP);
        assertThat(wire[19 + 4]).as("flags sent").isEqualTo((byte) 0xe0);
    }

    static final String OPEN_BODY = "04 fde9 005a 0a000001";

    /**
     * RFC 9072 §2: an OPEN in the extended optional parameters encoding MUST be accepted, even with
     * parameters of 255 octets or less (it was 2/4 for parameter type 255): Non-Ext OP Len 255,
     * type 255, 2-octet total, each parameter with a 2-octet length.
     */
    @Test
    void rfc9072_2_extendedOptionalParametersAreAccepted() throws BgpWireException {
        OpenMessage standard = (OpenMessage) Wire.decode(Wire.message(1, hex(OPEN_BODY + "0e 02 0c 0104 00010001 4104 0000fde9")),
                EBGP);
        OpenMessage extended = (OpenMessage) Wire.decode(Wire.message(1,
                hex(OPEN_BODY + "ff ff 000f 02 000c 0104 00010001 4104 0000fde9")), EBGP);
        assertThat(extended).isEqualTo(standard);
        assertThat(extended.capabilities()).hasSize(2);
    }

    /** RFC 9072 §2, §3: the Non-Ext OP Len is ignored once the type octet says 255 (here 1, not 255). */
    @Test
    void rfc9072_3_typeOctet255DecidesTheEncodingWhateverTheLengthOctet() throws BgpWireException {
        OpenMessage m = (OpenMessage) Wire.decode(Wire.message(1, hex(OPEN_BODY + "01 ff 0005 02 0002 0200")), EBGP);
        assertThat(m.supportsRouteRefresh()).isTrue();
    }

    /** RFC 9072 §3: type 255 anywhere else is an unrecognized optional parameter (RFC 4271 §6.2: 2/4). */
    @Test
    void rfc9072_3_type255InsideTheParametersIsUnsupportedOptionalParameter() {
        Decoding.of(Wire.message(1, hex(OPEN_BODY + "ff ff 0008 02 0002 0200 ff 0000")), EBGP)
                .assertReset(BgpError.UNSUPPORTED_OPTIONAL_PARAMETER, new byte[0]);
    }

    /** RFC 9072: an extended length that disagrees with the octets that follow is 2/0. */
    @Test
    void rfc9072_2_extendedLengthInconsistentIsOpenMessageError() {
        Decoding.of(Wire.message(1, hex(OPEN_BODY + "ff ff 0009 02 0002 0200")), EBGP).assertReset(BgpError.OPEN_UNSPECIFIC, new byte[0]);
        Decoding.of(Wire.message(1, hex(OPEN_BODY + "ff ff 00")), EBGP).assertReset(BgpError.OPEN_UNSPECIFIC, new byte[0]);
    }

    /** The same for a recognized attribute kept as bytes (EXTENDED COMMUNITIES received as 0xc3). */
    @Test
    void rfc4271_4_3_unusedFlagBitsOfAttributesKeptAsBytesAreCleared() {
        UpdateMessage u = Decoding.of(updateHex("", BASE + NEXT_HOP + attr(0xc3, 16, "0002fde800000001"), "18 0a0102"), EBGP)
                .assertNoErrors().update();
        assertThat(u.attribute(PathAttribute.Unknown.class).orElseThrow().flags()).isEqualTo(0xc0);
    }
}
