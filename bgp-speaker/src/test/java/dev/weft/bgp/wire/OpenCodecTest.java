package dev.weft.bgp.wire;

import static dev.weft.bgp.wire.Wire.decode;
import static dev.weft.bgp.wire.Wire.hex;
import static dev.weft.bgp.wire.Wire.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OpenCodecTest {

    static void assertOpenError(String body, BgpError error, String data) {
        assertThatThrownBy(() -> decode(message(1, hex(body)), CodecOptions.TWO_OCTET_AS))
                .isInstanceOfSatisfying(BgpWireException.class, e -> {
                    assertThat(e.code()).isEqualTo(error.code());
                    assertThat(e.subcode()).isEqualTo(error.subcode());
                    assertThat(e.data()).isEqualTo(hex(data));
                });
    }

    @Test
    void unsupportedVersionCarriesLargestSupportedVersion() {
        assertOpenError("03 fde9 005a 0a000001 00", BgpError.UNSUPPORTED_VERSION_NUMBER, "0004");
        assertOpenError("05 fde9 005a 0a000001 00", BgpError.UNSUPPORTED_VERSION_NUMBER, "0004");
    }

    @Test
    void optionalParameterOtherThanCapabilitiesIsUnsupported() {
        assertOpenError("04 fde9 005a 0a000001 04 01 02 0000", BgpError.UNSUPPORTED_OPTIONAL_PARAMETER, "");
    }

    @Test
    void malformedOptionalParametersAreUnspecificOpenErrors() {
        // parameter length overruns the optional parameters
        assertOpenError("04 fde9 005a 0a000001 03 02 05 00", BgpError.OPEN_UNSPECIFIC, "");
        // optional parameters length disagrees with the message
        assertOpenError("04 fde9 005a 0a000001 05 02 00", BgpError.OPEN_UNSPECIFIC, "");
        // capability overruns its parameter
        assertOpenError("04 fde9 005a 0a000001 04 02 02 0105", BgpError.OPEN_UNSPECIFIC, "");
        // multiprotocol capability of the wrong length
        assertOpenError("04 fde9 005a 0a000001 05 02 03 0101 00", BgpError.OPEN_UNSPECIFIC, "");
        // 4-octet AS capability of the wrong length
        assertOpenError("04 fde9 005a 0a000001 04 02 02 4100", BgpError.OPEN_UNSPECIFIC, "");
    }

    @Test
    void severalCapabilityParametersAreMerged() throws Exception {
        OpenMessage open = (OpenMessage) decode(message(1, hex("04 5ba0 0000 0a000001 0e 02 06 01040001 0001 02 04 49 02 0001")),
                CodecOptions.TWO_OCTET_AS);
        assertThat(open.families()).containsExactly(AddressFamily.IPV4_UNICAST);
        assertThat(open.capabilities()).contains(new Capability.Unknown(0x49, hex("0001")));
    }

    @Test
    void unknownCapabilitiesAreKept() throws Exception {
        OpenMessage open = (OpenMessage) decode(message(1, hex("04 fde9 00b4 0a000001 08 02 06 4902 c078 0200")),
                CodecOptions.TWO_OCTET_AS);
        assertThat(open.capabilities()).containsExactly(new Capability.Unknown(0x49, hex("c078")), Capability.RouteRefresh.INSTANCE);
        assertThat(open.supportsRouteRefresh()).isTrue();
        assertThat(open.fourOctetAs()).isEmpty();
        assertThat(open.effectiveAs()).isEqualTo(65001);
    }
}
