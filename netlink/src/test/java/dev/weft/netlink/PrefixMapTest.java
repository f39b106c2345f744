package dev.weft.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.net.IpPrefix;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link PrefixMap}, {@link RouteChanges}: compact keys, probing with deletes, IPv6 side. */
class PrefixMapTest {
    static IpPrefix p(String s) {
        return IpPrefix.parse(s);
    }

    @Test
    void ipv4KeysRoundTripAndOrderLikeTheRib() {
        for (String s : List.of("0.0.0.0/0", "10.1.2.0/24", "255.255.255.255/32", "128.0.0.0/1", "100.64.0.1/32")) {
            long k = PrefixMap.ipv4Key(p(s));
            assertThat(k).isNotNegative();
            assertThat(PrefixMap.ipv4Prefix(k)).isEqualTo(p(s));
        }
        assertThat(PrefixMap.ipv4Key(0x0a010200, 24)).isEqualTo(0x0a01020018L);
        assertThat(PrefixMap.ipv4Key(0xffffffff, 32)).isEqualTo(0xffffffff20L);
    }

    @Test
    void badKeysAreRefused() {
        assertThatThrownBy(() -> PrefixMap.ipv4Key(0, 33)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("33");
        assertThatThrownBy(() -> PrefixMap.ipv4Key(p("fd00::/64"))).isInstanceOf(IllegalArgumentException.class);
        PrefixMap<String> m = new PrefixMap<>();
        assertThatThrownBy(() -> m.putIpv4(-1L, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.putIpv4(0x0a00000021L, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.put(p("10.0.0.0/8"), null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new RouteChanges().removeIpv4(0x0a00000021L))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(m.isEmpty()).isTrue();
    }

    @Test
    void behavesLikeAHashMapUnderRandomPutsAndRemoves() {
        Random rnd = new Random(7);
        PrefixMap<Integer> m = new PrefixMap<>();
        Map<IpPrefix, Integer> ref = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            // a small address space, so removes hit present keys and probe runs collide
            IpPrefix pre = IpPrefix.of(dev.weft.common.net.IpAddresses.fromIpv4Int(rnd.nextInt(5000) << 8),
                    24 + rnd.nextInt(2));
            if (rnd.nextInt(3) == 0) {
                assertThat(m.remove(pre)).isEqualTo(ref.remove(pre));
            } else {
                assertThat(m.put(pre, i)).isEqualTo(ref.put(pre, i));
            }
        }
        assertThat(m.size()).isEqualTo(ref.size());
        Map<IpPrefix, Integer> seen = new HashMap<>();
        m.forEach((k, v) -> assertThat(seen.put(k, v)).isNull());
        assertThat(seen).isEqualTo(ref);
        ref.forEach((k, v) -> assertThat(m.get(k)).isEqualTo(v));
        m.clear();
        assertThat(m.size()).isZero();
        assertThat(m.get(p("0.0.0.0/0"))).isNull();
    }

    @Test
    void ipv6PrefixesLiveBesideIpv4Ones() {
        PrefixMap<String> m = new PrefixMap<>();
        m.put(p("fd00::/64"), "six");
        m.put(p("10.0.0.0/8"), "four");
        m.put(p("0.0.0.0/0"), "default");
        assertThat(m.size()).isEqualTo(3);
        assertThat(m.get(p("fd00::/64"))).isEqualTo("six");
        assertThat(m.get(p("0.0.0.0/0"))).isEqualTo("default");
        assertThat(m.getIpv4(PrefixMap.ipv4Key(p("10.0.0.0/8")))).isEqualTo("four");
        assertThat(m.containsKey(p("10.0.0.0/9"))).isFalse();
        Map<IpPrefix, String> six = new HashMap<>();
        m.forEachIpv6(six::put);
        assertThat(six).containsOnlyKeys(p("fd00::/64"));
        assertThat(m.remove(p("fd00::/64"))).isEqualTo("six");
        assertThat(m.removeIpv4(PrefixMap.ipv4Key(p("0.0.0.0/0")))).isEqualTo("default");
        assertThat(m.size()).isEqualTo(1);
    }

    @Test
    void routeChangesKeepOrderAndFamilies() {
        List<NextHop> hops = List.of(NextHop.via(dev.weft.common.net.IpAddresses.parse("10.0.0.1")));
        RouteChanges c = new RouteChanges();
        for (int i = 0; i < 100; i++) {
            c.putIpv4(PrefixMap.ipv4Key(0x64400000 + i, 32), hops);
        }
        c.remove(p("100.64.0.5/32")).put(p("fd00::/64"), List.of(NextHop.via(dev.weft.common.net.IpAddresses.parse("fd00::1"))));
        assertThat(c.size()).isEqualTo(102);
        assertThat(c.ipv4Count()).isEqualTo(101);
        assertThat(c.ipv4Hops(100)).isNull();
        assertThat(PrefixMap.ipv4Prefix(c.ipv4Key(100))).isEqualTo(p("100.64.0.5/32"));
        assertThat(c.ipv4Hops(0)).isSameAs(hops);
        assertThat(c.ipv6Prefix(0)).isEqualTo(p("fd00::/64"));
    }
}
