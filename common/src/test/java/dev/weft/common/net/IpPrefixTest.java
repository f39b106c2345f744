package dev.weft.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IpPrefixTest {
    @Test
    void parsesAndPrintsIpv4() {
        IpPrefix p = IpPrefix.parse("10.244.1.0/24");
        assertThat(p.length()).isEqualTo(24);
        assertThat(p.toString()).isEqualTo("10.244.1.0/24");
        assertThat(p.isIpv4()).isTrue();
        assertThat(p.wireLength()).isEqualTo(3);
    }

    @Test
    void rejectsHostBitsUnlessLenient() {
        assertThatThrownBy(() -> IpPrefix.parse("10.244.1.7/24")).hasMessageContaining("host bits");
        assertThat(IpPrefix.parseLenient("10.244.1.7/24")).isEqualTo(IpPrefix.parse("10.244.1.0/24"));
    }

    @Test
    void rejectsBadText() {
        assertThatThrownBy(() -> IpPrefix.parse("10.244.1.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpPrefix.parse("300.1.1.0/24")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpPrefix.parse("example.com/24")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpPrefix.parse("10.0.0.0/")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void containsAndOrders() {
        IpPrefix p = IpPrefix.parse("10.244.0.0/16");
        assertThat(p.contains(IpAddresses.parse("10.244.3.4"))).isTrue();
        assertThat(p.contains(IpAddresses.parse("10.245.0.1"))).isFalse();
        assertThat(p.contains(IpPrefix.parse("10.244.1.0/24"))).isTrue();
        assertThat(IpPrefix.parse("10.0.0.0/8")).isLessThan(IpPrefix.parse("10.0.0.0/9"));
        assertThat(IpPrefix.parse("255.0.0.0/8")).isLessThan(IpPrefix.parse("::/0"));
    }

    @Test
    void ipv6() {
        IpPrefix p = IpPrefix.parse("fd00:10:244:1::/64");
        assertThat(p.isIpv6()).isTrue();
        assertThat(p.contains(IpAddresses.parse("fd00:10:244:1::5"))).isTrue();
        assertThat(IpPrefix.parse("0.0.0.0/0").contains(IpAddresses.parse("1.2.3.4"))).isTrue();
    }
}
