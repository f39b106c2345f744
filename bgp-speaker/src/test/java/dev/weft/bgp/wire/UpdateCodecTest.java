package dev.weft.bgp.wire;

import static dev.weft.bgp.wire.Wire.decode;
import static dev.weft.bgp.wire.Wire.encode;
import static dev.weft.bgp.wire.Wire.hex;
import static dev.weft.bgp.wire.Wire.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpdateCodecTest {
    static final String ORIGIN = "40 01 01 00";
    static final String AS_PATH4 = "40 02 06 02 01 0000fde8";
    static final String NEXT_HOP = "40 03 04 0a000001";
    static final String NLRI = "18 0a0102 10 0a02";
    static final List<IpPrefix> NLRI_PREFIXES = List.of(IpPrefix.parse("10.1.2.0/24"), IpPrefix.parse("10.2.0.0/16"));
    static final String WITHDRAWN = "08 0b";

    static UpdateMessage decodeWith(String withdrawn, String attrs, String nlri, List<BgpWireException> soft)
            throws BgpWireException {
        return (UpdateMessage) decode(update(hex(withdrawn), hex(attrs), hex(nlri)), CodecOptions.FOUR_OCTET_AS, soft);
    }

    @Test
    void ipv4PrefixesDecodeToCompactKeysWithHostBitsCleared() throws Exception {
        UpdateMessage u = decodeWith("20 0b000001", ORIGIN + AS_PATH4 + NEXT_HOP, "00 01 ff 1f 0a0000ff 20 c0000201 09 0aff",
                new ArrayList<>());
        assertThat(u.nlri()).isInstanceOf(Ipv4Prefixes.class).containsExactly(IpPrefix.parse("0.0.0.0/0"),
                IpPrefix.parse("128.0.0.0/1"), IpPrefix.parse("10.0.0.254/31"), IpPrefix.parse("192.0.2.1/32"),
                IpPrefix.parse("10.128.0.0/9"));
        Ipv4Prefixes keys = (Ipv4Prefixes) u.nlri();
        assertThat(keys.key(3)).isEqualTo(0xc0000201L << 8 | 32);
        assertThat(Ipv4Prefixes.prefix(keys.key(2))).isEqualTo(IpPrefix.parse("10.0.0.254/31"));
        assertThat(u.withdrawn()).isInstanceOf(Ipv4Prefixes.class).containsExactly(IpPrefix.parse("11.0.0.1/32"));
        assertThatThrownBy(() -> keys.key(5)).isInstanceOf(IndexOutOfBoundsException.class);
        // the same UPDATE built from IpPrefix lists is equal, and encodes to the same octets
        UpdateMessage built = new UpdateMessage(List.copyOf(u.withdrawn()), u.attributes(), List.copyOf(u.nlri()));
        assertThat(built).isEqualTo(u);
        assertThat(encode(built, CodecOptions.FOUR_OCTET_AS)).isEqualTo(encode(u, CodecOptions.FOUR_OCTET_AS));
    }

    @Test
    void decodesAValidUpdate() throws Exception {
        List<BgpWireException> soft = new ArrayList<>();
        UpdateMessage u = decodeWith(WITHDRAWN, ORIGIN + AS_PATH4 + NEXT_HOP + "80 04 04 00000005 40 05 04 00000064 c0 08 04 fde80001",
                NLRI, soft);
        assertThat(soft).isEmpty();
        assertThat(u.withdrawn()).containsExactly(IpPrefix.parse("11.0.0.0/8"));
        assertThat(u.nlri()).isEqualTo(NLRI_PREFIXES);
        assertThat(u.attributes()).containsExactly(new PathAttribute.Origin(OriginType.IGP),
                new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65000L))),
                new PathAttribute.NextHop(IpAddresses.parseIpv4("10.0.0.1")), new PathAttribute.MultiExitDisc(5),
                new PathAttribute.LocalPref(100), new PathAttribute.Communities(List.of(0xfde80001L)));
    }

    @Test
    void endOfRibIsAnEmptyUpdate() throws Exception {
        UpdateMessage u = decodeWith("", "", "", new ArrayList<>());
        assertThat(u.isEndOfRib()).isTrue();
        assertThat(encode(u, CodecOptions.FOUR_OCTET_AS)).hasSize(23);
    }

    @Test
    void hostBitsInReceivedPrefixesAreCleared() throws Exception {
        UpdateMessage u = decodeWith("", ORIGIN + AS_PATH4 + NEXT_HOP, "17 0a0103", new ArrayList<>());
        assertThat(u.nlri()).containsExactly(IpPrefix.parse("10.1.2.0/23"));
    }

    /** RFC 7606: these errors turn every NLRI into a withdrawal and keep the session. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "ORIGIN value 3              | 40 01 01 03                     | 3 | 6",
        "ORIGIN length 2             | 40 01 02 0000                   | 3 | 5",
        "ORIGIN flagged optional     | c0 01 01 00                     | 3 | 4",
        "AS_PATH segment type 5      | 40 02 06 05 01 0000fde8         | 3 | 11",
        "AS_PATH segment overruns    | 40 02 06 02 02 0000fde8         | 3 | 11",
        "AS_PATH segment count 0     | 40 02 02 02 00                  | 3 | 11",
        "NEXT_HOP length 5           | 40 03 05 0a00000100             | 3 | 5",
        "NEXT_HOP 0.0.0.0            | 40 03 04 00000000               | 3 | 8",
        "NEXT_HOP multicast          | 40 03 04 e0000001               | 3 | 8",
        "MED flagged transitive      | c0 04 04 00000001               | 3 | 4",
        "MED length 3                | 80 04 03 000001                 | 3 | 5",
        "LOCAL_PREF length 2         | 40 05 02 0064                   | 3 | 5",
        "COMMUNITIES length 3        | c0 08 03 fde800                 | 3 | 5",
        "COMMUNITIES well-known flag | 40 08 04 fde80001               | 3 | 4",
    })
    void treatAsWithdraw(String name, String badAttribute, int code, int subcode) throws Exception {
        String attrs = ORIGIN + AS_PATH4 + NEXT_HOP;
        int type = Integer.parseInt(badAttribute.replace(" ", "").substring(2, 4), 16);
        // replace the good attribute of the same type, or append
        String good = switch (type) {
            case 1 -> ORIGIN;
            case 2 -> AS_PATH4;
            case 3 -> NEXT_HOP;
            default -> null;
        };
        attrs = good == null ? attrs + badAttribute : attrs.replace(good, badAttribute);
        List<BgpWireException> soft = new ArrayList<>();
        UpdateMessage u = decodeWith(WITHDRAWN, attrs, NLRI, soft);
        assertThat(u.nlri()).isEmpty();
        assertThat(u.attributes()).isEmpty();
        assertThat(u.withdrawn()).containsExactly(IpPrefix.parse("11.0.0.0/8"), NLRI_PREFIXES.get(0), NLRI_PREFIXES.get(1));
        assertThat(soft).singleElement().satisfies(e -> {
            assertThat(e.handling()).isEqualTo(ErrorHandling.TREAT_AS_WITHDRAW);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.subcode()).isEqualTo(subcode);
            assertThat(e.data()).isEqualTo(hex(badAttribute));
        });
    }

    @ParameterizedTest
    @CsvSource({"1", "2", "3"})
    void missingMandatoryAttributeIsTreatAsWithdraw(int type) throws Exception {
        String attrs = (type == 1 ? "" : ORIGIN) + (type == 2 ? "" : AS_PATH4) + (type == 3 ? "" : NEXT_HOP);
        List<BgpWireException> soft = new ArrayList<>();
        UpdateMessage u = decodeWith("", attrs, NLRI, soft);
        assertThat(u.withdrawn()).isEqualTo(NLRI_PREFIXES);
        assertThat(u.nlri()).isEmpty();
        assertThat(soft).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(3);
            assertThat(e.subcode()).isEqualTo(3);
            assertThat(e.data()).containsExactly(type);
        });
    }

    @Test
    void withdrawOnlyUpdateNeedsNoAttributes() throws Exception {
        List<BgpWireException> soft = new ArrayList<>();
        assertThat(decodeWith(WITHDRAWN, "", "", soft).withdrawn()).containsExactly(IpPrefix.parse("11.0.0.0/8"));
        assertThat(soft).isEmpty();
    }

    @Test
    void attributeOverrunningTheSectionIsTreatAsWithdraw() throws Exception {
        List<BgpWireException> soft = new ArrayList<>();
        UpdateMessage u = decodeWith("", ORIGIN + AS_PATH4 + "40 03 09 0a000001", NLRI, soft);
        assertThat(u.withdrawn()).isEqualTo(NLRI_PREFIXES);
        assertThat(soft).singleElement().satisfies(e -> assertThat(e.handling()).isEqualTo(ErrorHandling.TREAT_AS_WITHDRAW));
        soft.clear();
        u = decodeWith("", ORIGIN + AS_PATH4 + NEXT_HOP + "c0", NLRI, soft);
        assertThat(u.withdrawn()).isEqualTo(NLRI_PREFIXES);
        assertThat(soft).hasSize(1);
    }

    @Test
    void malformedAtomicAggregateIsDiscardedAndTheRouteKept() throws Exception {
        List<BgpWireException> soft = new ArrayList<>();
        UpdateMessage u = decodeWith("", ORIGIN + AS_PATH4 + NEXT_HOP + "40 06 01 00", NLRI, soft);
        assertThat(u.nlri()).isEqualTo(NLRI_PREFIXES);
        assertThat(u.attribute(PathAttribute.AtomicAggregate.class)).isEmpty();
        assertThat(soft).singleElement().satisfies(e -> assertThat(e.handling()).isEqualTo(ErrorHandling.ATTRIBUTE_DISCARD));
    }

    @Test
    void malformedAs4PathIsDiscardedAndTheRouteKept() throws Exception {
        List<BgpWireException> soft = new ArrayList<>();
        UpdateMessage u = (UpdateMessage) decode(update(new byte[0],
                hex(ORIGIN + "40 02 04 02 01 fde8" + NEXT_HOP + "c0 11 04 02 01 0000"), hex(NLRI)), CodecOptions.TWO_OCTET_AS, soft);
        assertThat(u.nlri()).isEqualTo(NLRI_PREFIXES);
        assertThat(u.attribute(PathAttribute.As4Path.class)).isEmpty();
        assertThat(soft).singleElement().satisfies(e -> assertThat(e.handling()).isEqualTo(ErrorHandling.ATTRIBUTE_DISCARD));
    }

    @Test
    void repeatedAttributeKeepsTheFirst() throws Exception {
        List<BgpWireException> soft = new ArrayList<>();
        UpdateMessage u = decodeWith("", ORIGIN + AS_PATH4 + NEXT_HOP + "40 01 01 02", NLRI, soft);
        assertThat(u.attribute(PathAttribute.Origin.class)).contains(new PathAttribute.Origin(OriginType.IGP));
        assertThat(u.nlri()).isEqualTo(NLRI_PREFIXES);
        assertThat(soft).singleElement().satisfies(e -> assertThat(e.handling()).isEqualTo(ErrorHandling.ATTRIBUTE_DISCARD));
    }

    @Test
    void unknownOptionalTransitiveAttributesAreKeptWithThePartialBitAndNonTransitiveOnesDropped() throws Exception {
        byte[] bytes = update(new byte[0], hex(ORIGIN + AS_PATH4 + NEXT_HOP + "c0 63 02 abcd e0 64 01 01 80 65 00"), hex(NLRI));
        UpdateMessage u = (UpdateMessage) decode(bytes, CodecOptions.FOUR_OCTET_AS);
        assertThat(u.attributes()).containsExactly(new PathAttribute.Origin(OriginType.IGP),
                new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65000L))),
                new PathAttribute.NextHop(IpAddresses.parseIpv4("10.0.0.1")),
                new PathAttribute.Unknown(0xe0, 99, hex("abcd")), new PathAttribute.Unknown(0xe0, 100, hex("01")));
        assertThat(encode(u, CodecOptions.FOUR_OCTET_AS)).isEqualTo(
                update(new byte[0], hex(ORIGIN + AS_PATH4 + NEXT_HOP + "e0 63 02 abcd e0 64 01 01"), hex(NLRI)));
    }

    @Test
    void extendedLengthAttributesDecode() throws Exception {
        UpdateMessage u = (UpdateMessage) decode(update(new byte[0], hex(ORIGIN + "50 02 0006 02 01 0000fde8" + NEXT_HOP), hex(NLRI)),
                CodecOptions.FOUR_OCTET_AS);
        assertThat(u.attribute(PathAttribute.AsPath.class)).contains(new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65000L))));
    }

    @Test
    void longAttributesUseExtendedLengthAndLongSegmentsAreSplit() throws Exception {
        List<Long> asns = new ArrayList<>();
        for (long i = 1; i <= 300; i++) {
            asns.add(i);
        }
        UpdateMessage u = new UpdateMessage(List.of(), List.of(new PathAttribute.Origin(OriginType.IGP),
                PathAttribute.AsPath.sequence(asns), new PathAttribute.NextHop(IpAddresses.parseIpv4("10.0.0.1"))), NLRI_PREFIXES);
        byte[] b = encode(u, CodecOptions.FOUR_OCTET_AS);
        // ORIGIN (4 octets) then AS_PATH with the extended length flag: 2 segments, 2*2 + 300*4 = 1204 octets
        assertThat(b[23 + 4] & 0xff).isEqualTo(0x50);
        assertThat(((b[23 + 6] & 0xff) << 8) | (b[23 + 7] & 0xff)).isEqualTo(1204);
        UpdateMessage back = (UpdateMessage) decode(b, CodecOptions.FOUR_OCTET_AS);
        List<AsPathSegment> segs = back.attribute(PathAttribute.AsPath.class).orElseThrow().segments();
        assertThat(segs).hasSize(2);
        assertThat(AsPaths.flatten(segs)).isEqualTo(asns);
    }

    @Test
    void unrecognizedWellKnownAttributeResetsTheSession() {
        assertThatThrownBy(() -> decodeWith("", ORIGIN + AS_PATH4 + NEXT_HOP + "40 63 01 00", NLRI, new ArrayList<>()))
                .isInstanceOfSatisfying(BgpWireException.class, e -> {
                    assertThat(e.code()).isEqualTo(3);
                    assertThat(e.subcode()).isEqualTo(2);
                    assertThat(e.data()).isEqualTo(hex("40 63 01 00"));
                    assertThat(e.handling()).isEqualTo(ErrorHandling.SESSION_RESET);
                });
    }

    @Test
    void inconsistentSectionLengthsAreMalformedAttributeList() {
        // withdrawn routes length 0x00ff overruns
        assertThatThrownBy(() -> decode(Wire.message(2, hex("00ff 0000")), CodecOptions.FOUR_OCTET_AS))
                .isInstanceOfSatisfying(BgpWireException.class, e -> assertThat(e.subcode()).isEqualTo(1));
        // total path attribute length overruns
        assertThatThrownBy(() -> decode(Wire.message(2, hex("0000 0010 40010100")), CodecOptions.FOUR_OCTET_AS))
                .isInstanceOfSatisfying(BgpWireException.class, e -> {
                    assertThat(e.code()).isEqualTo(3);
                    assertThat(e.subcode()).isEqualTo(1);
                });
    }

    @Test
    void malformedPrefixesAreInvalidNetworkField() {
        for (String nlri : new String[] {"21 0a000000 00", "18 0a01", "20"}) {
            assertThatThrownBy(() -> decodeWith("", ORIGIN + AS_PATH4 + NEXT_HOP, nlri, new ArrayList<>()))
                    .as(nlri).isInstanceOfSatisfying(BgpWireException.class, e -> {
                        assertThat(e.code()).isEqualTo(3);
                        assertThat(e.subcode()).isEqualTo(10);
                    });
        }
        assertThatThrownBy(() -> decodeWith("21 0a000000 00", "", "", new ArrayList<>()))
                .isInstanceOfSatisfying(BgpWireException.class, e -> assertThat(e.subcode()).isEqualTo(10));
    }

    @Test
    void twoOctetPeerGetsAsTransAndAs4Path() throws Exception {
        UpdateMessage u = new UpdateMessage(List.of(), List.of(new PathAttribute.Origin(OriginType.IGP),
                new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65001L, 4200000000L))),
                new PathAttribute.NextHop(IpAddresses.parseIpv4("10.0.0.1"))), NLRI_PREFIXES);
        byte[] b = encode(u, CodecOptions.TWO_OCTET_AS);
        assertThat(b).isEqualTo(update(new byte[0],
                hex(ORIGIN + "40 02 06 02 02 fde9 5ba0 c0 11 0a 02 02 0000fde9 fa56ea00" + NEXT_HOP), hex(NLRI)));
        UpdateMessage back = (UpdateMessage) decode(b, CodecOptions.TWO_OCTET_AS);
        assertThat(back.attribute(PathAttribute.AsPath.class).orElseThrow().segments())
                .containsExactly(AsPathSegment.sequence(65001L, 23456L));
        List<AsPathSegment> as4 = back.attribute(PathAttribute.As4Path.class).orElseThrow().segments();
        assertThat(AsPaths.merge(back.attribute(PathAttribute.AsPath.class).orElseThrow().segments(), as4))
                .containsExactly(AsPathSegment.sequence(65001L, 4200000000L));
        // re-encoding the decoded form for the same 2-octet peer gives the same bytes
        assertThat(encode(back, CodecOptions.TWO_OCTET_AS)).isEqualTo(b);
    }

    @Test
    void twoOctetPeerGetsNoAs4PathWhenEveryAsFits() {
        UpdateMessage u = new UpdateMessage(List.of(), List.of(new PathAttribute.Origin(OriginType.IGP),
                new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65001L))),
                new PathAttribute.NextHop(IpAddresses.parseIpv4("10.0.0.1"))), NLRI_PREFIXES);
        assertThat(encode(u, CodecOptions.TWO_OCTET_AS)).isEqualTo(update(new byte[0],
                hex(ORIGIN + "40 02 04 02 01 fde9" + NEXT_HOP), hex(NLRI)));
    }

    @Test
    void as4PathIsNeverSentToAFourOctetPeer() throws Exception {
        UpdateMessage u = new UpdateMessage(List.of(), List.of(new PathAttribute.Origin(OriginType.IGP),
                new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65001L))),
                new PathAttribute.NextHop(IpAddresses.parseIpv4("10.0.0.1")),
                new PathAttribute.As4Path(List.of(AsPathSegment.sequence(65001L)))), NLRI_PREFIXES);
        UpdateMessage back = (UpdateMessage) decode(encode(u, CodecOptions.FOUR_OCTET_AS), CodecOptions.FOUR_OCTET_AS);
        assertThat(back.attribute(PathAttribute.As4Path.class)).isEmpty();
        assertThat(BgpMessageCodec.attributesLength(u.attributes(), CodecOptions.FOUR_OCTET_AS))
                .isEqualTo(encode(u, CodecOptions.FOUR_OCTET_AS).length - 23 - 7);
    }
}
