package dev.weft.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {
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
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "2001:DB8:0:0:0:0:0:0A, 2001:db8::a"
    })
    void rfc5952Text(String in, String expected) {
        assertThat(IpAddresses.toText(IpAddresses.parse(in))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"::/0, ::/0", "0.0.0.0/0, 0.0.0.0/0", "fd00:250:2:0:0:0:0:0/120, fd00:250:2::/120"})
    void prefixTextIsCanonical(String in, String expected) {
        assertThat(IpPrefix.parse(in).toString()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01234.1.1.1", "a.b.c.d", "host.example", "1::g"})
    void rejectsWhatIsNotALiteral(String text) {
        assertThatThrownBy(() -> IpAddresses.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ipv4IntRoundTrip() {
        assertThat(IpAddresses.toInt(IpAddresses.parseIpv4("10.244.255.1"))).isEqualTo(0x0af4ff01);
        assertThat(IpAddresses.fromIpv4Int(0xffffffff)).isEqualTo(IpAddresses.parse("255.255.255.255"));
    }
}
