package dev.weft.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.net.IpPrefix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Test helper: the whole outcome of decoding one message (the message or the session-reset
 * error, plus every soft error), with assertions on the exact RFC 7606 result.
 */
final class Decoding {
    final BgpMessage message;
    final BgpWireException reset;
    final List<BgpWireException> soft;

    private Decoding(BgpMessage message, BgpWireException reset, List<BgpWireException> soft) {
        this.message = message;
        this.reset = reset;
        this.soft = soft;
    }

    static Decoding of(byte[] bytes, CodecOptions options) {
        List<BgpWireException> soft = new ArrayList<>();
        try {
            return new Decoding(Wire.decode(bytes, options, soft), null, soft);
        } catch (BgpWireException e) {
            return new Decoding(null, e, soft);
        }
    }

    /** An attribute TLV: flags, type, length (extended if the flags say so), value. */
    static String attr(int flags, int type, String valueHex) {
        byte[] v = Wire.hex(valueHex);
        String len = (flags & 0x10) != 0 ? String.format("%04x", v.length) : String.format("%02x", v.length);
        return String.format("%02x%02x", flags, type) + len + HexFormat.of().formatHex(v);
    }

    static byte[] updateHex(String withdrawn, String attributes, String nlri) {
        return Wire.update(Wire.hex(withdrawn), Wire.hex(attributes), Wire.hex(nlri));
    }

    static List<IpPrefix> prefixes(String... p) {
        return Arrays.stream(p).map(IpPrefix::parse).toList();
    }

    /** The message was rejected with a session reset carrying exactly this NOTIFICATION. */
    Decoding assertReset(BgpError error, byte[] data) {
        assertThat(message).as("no message after a session reset").isNull();
        assertThat(reset).as("session reset expected").isNotNull();
        assertThat(reset.handling()).isEqualTo(ErrorHandling.SESSION_RESET);
        assertThat(reset.code()).as("code").isEqualTo(error.code());
        assertThat(reset.subcode()).as("subcode").isEqualTo(error.subcode());
        assertThat(reset.data()).as("data").isEqualTo(data);
        return this;
    }

    /** Exactly one soft error, with this handling, NOTIFICATION code/subcode and data. */
    Decoding assertSoft(ErrorHandling handling, BgpError error, byte[] data) {
        assertThat(reset).as("no session reset").isNull();
        assertThat(soft).as("soft errors").hasSize(1);
        BgpWireException e = soft.get(0);
        assertThat(e.handling()).as("handling of " + e.getMessage()).isEqualTo(handling);
        assertThat(e.code()).as("code of " + e.getMessage()).isEqualTo(error.code());
        assertThat(e.subcode()).as("subcode of " + e.getMessage()).isEqualTo(error.subcode());
        if (data != null) {
            assertThat(e.data()).as("data").isEqualTo(data);
        }
        return this;
    }

    /** Decoded cleanly. */
    Decoding assertNoErrors() {
        assertThat(reset).as("no session reset").isNull();
        assertThat(soft).as("no soft errors").isEmpty();
        return this;
    }

    UpdateMessage update() {
        assertThat(message).isInstanceOf(UpdateMessage.class);
        return (UpdateMessage) message;
    }

    /** Treat-as-withdraw: the UPDATE withdraws exactly these prefixes and announces nothing. */
    Decoding assertWithdrawsOnly(List<IpPrefix> prefixes) {
        UpdateMessage u = update();
        assertThat(u.treatAsWithdraw()).as("treatAsWithdraw").isTrue();
        assertThat(u.allNlri()).isEmpty();
        assertThat(u.allWithdrawn()).containsExactlyInAnyOrderElementsOf(prefixes);
        assertThat(u.endOfRib()).as("never an End-of-RIB").isEmpty();
        return this;
    }

    static byte[] hex(String h) {
        return Wire.hex(h);
    }
}
