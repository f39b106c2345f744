package dev.weft.bgp.wire;

import static dev.weft.bgp.wire.Wire.decode;
import static dev.weft.bgp.wire.Wire.encode;
import static dev.weft.bgp.wire.Wire.hex;
import static dev.weft.bgp.wire.Wire.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class BgpMessageCodecTest {

    static void assertError(byte[] bytes, BgpError error, byte[] data) {
        assertThatThrownBy(() -> decode(bytes, CodecOptions.FOUR_OCTET_AS))
                .isInstanceOfSatisfying(BgpWireException.class, e -> {
                    assertThat(e.code()).isEqualTo(error.code());
                    assertThat(e.subcode()).isEqualTo(error.subcode());
                    assertThat(e.data()).isEqualTo(data);
                    assertThat(e.handling()).isEqualTo(ErrorHandling.SESSION_RESET);
                });
    }

    @Test
    void keepaliveIsNineteenOctets() throws Exception {
        byte[] b = encode(KeepaliveMessage.INSTANCE, CodecOptions.FOUR_OCTET_AS);
        assertThat(b).isEqualTo(message(4, new byte[0]));
        assertThat(decode(b, CodecOptions.FOUR_OCTET_AS)).isEqualTo(KeepaliveMessage.INSTANCE);
    }

    @Test
    void openEncodesCapabilitiesInOneParameter() throws Exception {
        OpenMessage open = OpenMessage.of(65001, 90, IpAddresses.parseIpv4("10.0.0.1"), List.of(
                Capability.MultiProtocol.IPV4_UNICAST, Capability.RouteRefresh.INSTANCE, new Capability.FourOctetAs(65001)));
        byte[] b = encode(open, CodecOptions.TWO_OCTET_AS);
        assertThat(b).isEqualTo(message(1, hex("04 fde9 005a 0a000001 10 02 0e 01040001 0001 0200 4104 0000fde9")));
        assertThat(decode(b, CodecOptions.TWO_OCTET_AS)).isEqualTo(open);
    }

    @Test
    void openWithFourOctetAsUsesAsTrans() throws Exception {
        OpenMessage open = OpenMessage.of(4200000000L, 0, IpAddresses.parseIpv4("10.0.0.1"),
                List.of(new Capability.FourOctetAs(4200000000L), new Capability.Unknown(73, hex("0102"))));
        assertThat(open.myAs()).isEqualTo(OpenMessage.AS_TRANS);
        OpenMessage back = (OpenMessage) decode(encode(open, CodecOptions.TWO_OCTET_AS), CodecOptions.TWO_OCTET_AS);
        assertThat(back).isEqualTo(open);
        assertThat(back.effectiveAs()).isEqualTo(4200000000L);
    }

    @Test
    void openWithoutCapabilitiesRoundTrips() throws Exception {
        OpenMessage open = OpenMessage.of(65001, 180, IpAddresses.parseIpv4("1.2.3.4"), List.of());
        byte[] b = encode(open, CodecOptions.TWO_OCTET_AS);
        assertThat(b).hasSize(29);
        assertThat(decode(b, CodecOptions.TWO_OCTET_AS)).isEqualTo(open);
    }

    @Test
    void notificationAndRouteRefreshRoundTrip() throws Exception {
        NotificationMessage n = NotificationMessage.of(BgpError.BAD_MESSAGE_LENGTH, hex("0011"));
        assertThat(encode(n, CodecOptions.FOUR_OCTET_AS)).isEqualTo(message(3, hex("0102 0011")));
        assertThat(decode(encode(n, CodecOptions.FOUR_OCTET_AS), CodecOptions.FOUR_OCTET_AS)).isEqualTo(n);
        assertThat(n.describe()).isEqualTo("1/2 Bad Message Length");
        assertThat(encode(RouteRefreshMessage.IPV4_UNICAST, CodecOptions.FOUR_OCTET_AS)).isEqualTo(message(5, hex("0001 00 01")));
        assertThat(decode(message(5, hex("0001 00 01")), CodecOptions.FOUR_OCTET_AS)).isEqualTo(RouteRefreshMessage.IPV4_UNICAST);
    }

    @Test
    void updateWithEveryAttributeRoundTrips() throws Exception {
        UpdateMessage u = new UpdateMessage(List.of(IpPrefix.parse("10.9.0.0/16"), IpPrefix.parse("0.0.0.0/0")), List.of(
                new PathAttribute.Origin(OriginType.EGP),
                new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65000L, 4200000000L), AsPathSegment.set(1L, 2L))),
                new PathAttribute.NextHop(IpAddresses.parseIpv4("192.0.2.1")),
                new PathAttribute.MultiExitDisc(0xffffffffL),
                new PathAttribute.LocalPref(200),
                new PathAttribute.AtomicAggregate(),
                new PathAttribute.Communities(List.of(0xfde80001L, 0xFFFFFF01L)),
                new PathAttribute.Unknown(0xe0, 99, hex("deadbeef"))),
                List.of(IpPrefix.parse("10.1.2.0/24"), IpPrefix.parse("10.1.3.128/25"), IpPrefix.parse("10.1.4.1/32")));
        byte[] b = encode(u, CodecOptions.FOUR_OCTET_AS);
        assertThat(decode(b, CodecOptions.FOUR_OCTET_AS)).isEqualTo(u);
    }

    @Test
    void unknownHeaderFieldsAreRejected() {
        byte[] k = message(4, new byte[0]);
        k[3] = 0;
        assertError(k, BgpError.CONNECTION_NOT_SYNCHRONIZED, new byte[0]);
        assertError(message(6, new byte[0]), BgpError.BAD_MESSAGE_TYPE, hex("06"));
        assertError(message(0, new byte[0]), BgpError.BAD_MESSAGE_TYPE, hex("00"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 18, 4097, 0xffff})
    void lengthOutOfRangeIsBadMessageLengthWithTheLength(int length) {
        byte[] b = message(4, new byte[0]);
        b[16] = (byte) (length >>> 8);
        b[17] = (byte) length;
        assertError(b, BgpError.BAD_MESSAGE_LENGTH, new byte[] {(byte) (length >>> 8), (byte) length});
    }

    @Test
    void perTypeMinimumLengthsAreChecked() {
        assertError(message(4, hex("00")), BgpError.BAD_MESSAGE_LENGTH, hex("0014"));
        assertError(message(1, new byte[9]), BgpError.BAD_MESSAGE_LENGTH, hex("001c"));
        assertError(message(2, new byte[3]), BgpError.BAD_MESSAGE_LENGTH, hex("0016"));
        // NOTIFICATION has none: RFC 4271 §6.4 forbids answering it (AdversarialDecoderTest)
        assertError(message(5, new byte[3]), BgpError.BAD_MESSAGE_LENGTH, hex("0016"));
    }

    @Test
    void frameLongerThanItsLengthFieldIsRejected() {
        byte[] b = message(3, hex("0600 00"));
        byte[] longer = new byte[b.length + 1];
        System.arraycopy(b, 0, longer, 0, b.length);
        assertError(longer, BgpError.BAD_MESSAGE_LENGTH, hex("0016"));
    }

    @Test
    void encodingMoreThan4096OctetsFails() {
        List<IpPrefix> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add(IpPrefix.parse("10.0." + (i / 256) + "." + (i % 256) + "/32"));
        }
        assertThatThrownBy(() -> encode(UpdateMessage.withdraw(many), CodecOptions.FOUR_OCTET_AS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds 4096");
    }

    @Test
    void describeNamesKnownAndUnknownErrors() {
        assertThat(BgpError.describe(4, 0)).isEqualTo("4/0 Hold Timer Expired");
        assertThat(BgpError.describe(6, 7)).isEqualTo("6/7 Connection Collision Resolution");
        assertThat(BgpError.describe(6, 99)).isEqualTo("6/99 Cease");
        assertThat(BgpError.describe(42, 1)).isEqualTo("42/1 Unknown Error");
    }
}
