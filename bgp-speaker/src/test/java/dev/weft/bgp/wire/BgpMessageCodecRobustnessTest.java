package dev.weft.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated messages (seeded, reproducible): decoding either yields a message or a
 * {@link BgpWireException}, never another exception; decoded messages re-encode.
 */
class BgpMessageCodecRobustnessTest {
    static final List<byte[]> SEEDS = List.of(
            Wire.encode(OpenMessage.of(4200000000L, 90, IpAddresses.parseIpv4("10.0.0.1"), List.of(
                    Capability.MultiProtocol.IPV4_UNICAST, Capability.RouteRefresh.INSTANCE,
                    new Capability.FourOctetAs(4200000000L), new Capability.Unknown(70, new byte[] {1, 2}))),
                    CodecOptions.TWO_OCTET_AS),
            Wire.encode(new UpdateMessage(List.of(IpPrefix.parse("10.9.0.0/16")), List.of(
                    new PathAttribute.Origin(OriginType.IGP),
                    new PathAttribute.AsPath(List.of(AsPathSegment.sequence(65000L, 65001L), AsPathSegment.set(1L, 2L))),
                    new PathAttribute.NextHop(IpAddresses.parseIpv4("192.0.2.1")), new PathAttribute.MultiExitDisc(5),
                    new PathAttribute.LocalPref(100), new PathAttribute.AtomicAggregate(),
                    new PathAttribute.Communities(List.of(1L, 2L)), new PathAttribute.Unknown(0xc0, 99, new byte[] {1})),
                    List.of(IpPrefix.parse("10.1.2.0/24"), IpPrefix.parse("10.1.3.0/25"))), CodecOptions.FOUR_OCTET_AS),
            Wire.encode(NotificationMessage.of(BgpError.BAD_MESSAGE_LENGTH, new byte[] {0, 1}), CodecOptions.FOUR_OCTET_AS),
            Wire.encode(RouteRefreshMessage.IPV4_UNICAST, CodecOptions.FOUR_OCTET_AS));

    @Test
    void mutatedMessagesNeverThrowAnythingButProtocolErrors() {
        Random random = new Random(4271);
        int decoded = 0;
        int rejected = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b = SEEDS.get(i % SEEDS.size()).clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                int at = 19 + random.nextInt(b.length - 19); // keep the header: it is tested on its own
                b[at] = (byte) random.nextInt(256);
            }
            CodecOptions options = random.nextBoolean() ? CodecOptions.FOUR_OCTET_AS : CodecOptions.TWO_OCTET_AS;
            try {
                BgpMessage m = Wire.decode(b, options, new ArrayList<>());
                decoded++;
                byte[] again = Wire.encode(m, options);
                assertThat(Wire.decode(again, options, new ArrayList<>())).isNotNull();
            } catch (BgpWireException e) {
                rejected++;
            } catch (RuntimeException e) {
                fail("iteration " + i + ": " + java.util.HexFormat.of().formatHex(b), e);
            }
        }
        assertThat(decoded).isPositive();
        assertThat(rejected).isPositive();
    }

    @Test
    void truncatedBodiesAreProtocolErrors() {
        for (byte[] seed : SEEDS) {
            for (int len = 19; len < seed.length; len++) {
                byte[] b = java.util.Arrays.copyOf(seed, len);
                b[16] = (byte) (len >>> 8);
                b[17] = (byte) len;
                try {
                    Wire.decode(b, CodecOptions.FOUR_OCTET_AS, new ArrayList<>());
                } catch (BgpWireException e) {
                    assertThat(e.code()).isBetween(1, 3);
                } catch (RuntimeException e) {
                    fail("length " + len + ": " + java.util.HexFormat.of().formatHex(b), e);
                }
            }
        }
    }
}
