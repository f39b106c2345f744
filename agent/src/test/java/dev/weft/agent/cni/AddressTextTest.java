package dev.weft.agent.cni;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressTextTest {
    @ParameterizedTest
    @CsvSource({
        "10.244.1.2, 10.244.1.2",
        "::, ::",
        "::1, ::1",
        "fe80:0:0:0:0:0:0:1, fe80::1",
        "fd00:250:2:0:0:0:0:2, fd00:250:2::2",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "1:0:0:0:0:0:0:0, 1::",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1"
    })
    void rfc5952Text(String in, String expected) {
        assertThat(AddressText.of(IpAddresses.parse(in))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"::/0, ::/0", "0.0.0.0/0, 0.0.0.0/0", "fd00:250:2::/120, fd00:250:2::/120"})
    void prefixText(String in, String expected) {
        assertThat(AddressText.of(IpPrefix.parse(in))).isEqualTo(expected);
    }
}
