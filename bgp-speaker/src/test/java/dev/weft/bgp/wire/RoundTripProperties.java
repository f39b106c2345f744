package dev.weft.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * encode → decode is the identity for every message type (RFC 4271 §4, RFC 4760, RFC 8092,
 * RFC 4456, RFC 9234, RFC 5492 capabilities, RFC 7313 subtypes), with 4- and 2-octet AS
 * numbers and with Extended Messages; decoding never reports an error for what the encoder wrote.
 */
class RoundTripProperties {
    static final CodecOptions FOUR = CodecOptions.FOUR_OCTET_AS;
    static final CodecOptions TWO = CodecOptions.TWO_OCTET_AS;

    static BgpMessage roundTrip(BgpMessage m, CodecOptions o) throws BgpWireException {
        return Wire.decode(Wire.encode(m, o), o);
    }

    @Property(tries = 500)
    void everyMessageTypeRoundTrips(@ForAll("messages") BgpMessage m) throws Exception {
        assertThat(roundTrip(m, FOUR)).isEqualTo(m);
    }

    @Property(tries = 500)
    void updatesWithMpReachAndEveryAttributeRoundTrip(@ForAll("updates4") UpdateMessage m) throws Exception {
        UpdateMessage back = (UpdateMessage) roundTrip(m, FOUR);
        assertThat(back).isEqualTo(m);
        assertThat(back.mpReach()).isEqualTo(m.mpReach());
        assertThat(back.endOfRib()).isEqualTo(m.endOfRib());
    }

    @Property(tries = 300)
    void twoOctetAsUpdatesRoundTrip(@ForAll("updates2") UpdateMessage m) throws Exception {
        assertThat(roundTrip(m, TWO)).isEqualTo(m);
    }

    /** RFC 6793 §4.2.2: 4-octet ASes reach a 2-octet peer as AS_TRANS plus AS4_PATH, and merge back. */
    @Property(tries = 300)
    void fourOctetAsPathsSurviveATwoOctetSession(@ForAll("widePaths") List<AsPathSegment> path) throws Exception {
        UpdateMessage m = new UpdateMessage(List.of(), List.of(new PathAttribute.Origin(OriginType.IGP),
                new PathAttribute.AsPath(path)), List.of());
        UpdateMessage back = (UpdateMessage) roundTrip(m, TWO);
        List<AsPathSegment> wire = back.attribute(PathAttribute.AsPath.class).orElseThrow().segments();
        assertThat(AsPaths.flatten(wire)).allMatch(a -> a <= 0xffff);
        List<AsPathSegment> as4 = back.attribute(PathAttribute.As4Path.class).orElseThrow().segments();
        assertThat(AsPaths.merge(wire, as4)).isEqualTo(path);
    }

    @Property(tries = 200)
    void opensWithAllCapabilitiesRoundTrip(@ForAll("opens") OpenMessage m) throws Exception {
        assertThat(roundTrip(m, TWO)).isEqualTo(m);
    }

    @Property(tries = 200)
    void routeRefreshSubtypesRoundTrip(@ForAll("refreshes") RouteRefreshMessage m) throws Exception {
        assertThat(roundTrip(m, FOUR)).isEqualTo(m);
    }

    /** RFC 8654: an UPDATE over 4096 octets round-trips with Extended Messages and is refused without. */
    @Property(tries = 20)
    void extendedMessagesCarryLargeUpdates(@ForAll("largeUpdates") UpdateMessage m) throws Exception {
        CodecOptions ext = FOUR.withExtendedMessage(true);
        byte[] b = Wire.encode(m, ext);
        assertThat(b.length).isGreaterThan(4096);
        assertThat(Wire.decode(b, ext)).isEqualTo(m);
        assertThatThrownBy(() -> Wire.encode(m, FOUR)).isInstanceOf(MessageTooLongException.class)
                .satisfies(e -> assertThat(((MessageTooLongException) e).maxLength()).isEqualTo(4096));
    }

    /** The attribute length used to pack UPDATEs is exactly what the encoder writes. */
    @Property(tries = 200)
    void attributesLengthMatchesTheEncoding(@ForAll("updates4") UpdateMessage m) {
        byte[] b = Wire.encode(new UpdateMessage(List.of(), m.attributes(), List.of()), FOUR);
        assertThat(BgpMessageCodec.attributesLength(m.attributes(), FOUR)).isEqualTo(b.length - 23);
    }

    @Provide
    Arbitrary<BgpMessage> messages() {
        return WireArbitraries.message();
    }

    @Provide
    Arbitrary<UpdateMessage> updates4() {
        return WireArbitraries.update(true);
    }

    @Provide
    Arbitrary<UpdateMessage> updates2() {
        return WireArbitraries.update(false);
    }

    @Provide
    Arbitrary<List<AsPathSegment>> widePaths() {
        Arbitrary<AsPathSegment> seq = WireArbitraries.asn(true).list().ofMinSize(1).ofMaxSize(10)
                .map(a -> new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, a));
        Arbitrary<AsPathSegment> set = WireArbitraries.asn(true).list().ofMinSize(1).ofMaxSize(4)
                .map(a -> new AsPathSegment(AsPathSegment.Type.AS_SET, a));
        return Combinators.combine(seq, set.injectNull(0.5)).as((a, b) -> {
            List<AsPathSegment> out = new ArrayList<>(List.of(a));
            if (b != null) {
                out.add(b);
            }
            return out;
        }).filter(AsPaths::hasFourOctetAs);
    }

    @Provide
    Arbitrary<OpenMessage> opens() {
        return WireArbitraries.open();
    }

    @Provide
    Arbitrary<RouteRefreshMessage> refreshes() {
        return WireArbitraries.routeRefresh();
    }

    @Provide
    Arbitrary<UpdateMessage> largeUpdates() {
        return Combinators.combine(WireArbitraries.ipv6Global(), WireArbitraries.ipv6Global().map(dev.weft.common.net.IpPrefix::host).list().ofMinSize(250).ofMaxSize(400),
                WireArbitraries.ipv4Prefix().list().ofMinSize(100).ofMaxSize(300))
                .as((nh, v6, v4) -> new UpdateMessage(List.of(), List.of(
                        PathAttribute.MpReachNlri.ipv6(nh, java.util.Optional.empty(), v6),
                        new PathAttribute.Origin(OriginType.IGP), PathAttribute.AsPath.sequence(List.of(65000L)),
                        new PathAttribute.NextHop(dev.weft.common.net.IpAddresses.parseIpv4("192.0.2.1"))), v4));
    }

}
