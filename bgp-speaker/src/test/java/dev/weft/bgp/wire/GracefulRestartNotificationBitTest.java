package dev.weft.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The N bit of the Graceful Restart capability (RFC 8538 §2) on the wire. */
class GracefulRestartNotificationBitTest {
    static final List<Capability.GracefulRestart.Family> V4 = List.of(
            new Capability.GracefulRestart.Family(AddressFamily.IPV4_UNICAST, true));

    static String encode(Capability c) {
        ByteBuf b = Unpooled.buffer();
        try {
            CapabilityCodec.encode(c, b);
            return ByteBufUtil.hexDump(b);
        } finally {
            b.release();
        }
    }

    static Capability decode(String hex) throws BgpWireException {
        ByteBuf b = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex));
        try {
            List<Capability> out = new ArrayList<>();
            CapabilityCodec.decodeAll(b, out);
            assertThat(out).hasSize(1);
            return out.get(0);
        } finally {
            b.release();
        }
    }

    @Test
    void theNBitIsTheSecondBitOfTheFlags() throws Exception {
        // code 64, length 6, flags R=0 N=1 + time 120 (0x4078), IPv4 unicast with F
        assertThat(encode(new Capability.GracefulRestart(false, 120, V4, true))).isEqualTo("4006" + "4078" + "00010180");
        assertThat(encode(new Capability.GracefulRestart(true, 120, V4, true))).isEqualTo("4006" + "c078" + "00010180");
        assertThat(encode(new Capability.GracefulRestart(true, 120, V4))).isEqualTo("4006" + "8078" + "00010180");
    }

    @Test
    void decodingReadsTheNBitAndIgnoresTheReservedBits() throws Exception {
        assertThat(decode("4006" + "4078" + "00010180")).isEqualTo(new Capability.GracefulRestart(false, 120, V4, true));
        assertThat(decode("4006" + "c078" + "00010180")).isEqualTo(new Capability.GracefulRestart(true, 120, V4, true));
        // reserved bits 0x3000 set: ignored (RFC 4724 §3, RFC 8538 §2)
        assertThat(decode("4006" + "3078" + "00010180")).isEqualTo(new Capability.GracefulRestart(false, 120, V4, false));
        assertThat(decode("4002" + "4fff")).isEqualTo(new Capability.GracefulRestart(false, 4095, List.of(), true));
    }

    @Test
    void roundTripsEveryCombination() throws Exception {
        for (boolean r : new boolean[] {false, true}) {
            for (boolean n : new boolean[] {false, true}) {
                Capability.GracefulRestart gr = new Capability.GracefulRestart(r, 300, V4, n);
                assertThat(decode(encode(gr))).isEqualTo(gr);
            }
        }
    }
}
