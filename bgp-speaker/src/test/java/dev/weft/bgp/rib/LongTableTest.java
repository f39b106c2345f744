package dev.weft.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.net.IpPrefix;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongTableTest {
    @Test
    void behavesLikeAHashMapUnderRandomPutsAndRemoves() {
        LongTable<Long> t = new LongTable<>();
        Map<Long, Long> ref = new HashMap<>();
        Random r = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            // clustered keys (shared low bits, like /32 keys) plus some random ones
            long k = r.nextBoolean() ? ((long) r.nextInt(5000) << 8 | 32) : r.nextLong();
            int op = r.nextInt(4);
            if (op == 0) {
                assertThat(t.remove(k)).isEqualTo(ref.remove(k));
            } else if (op == 1) {
                assertThat(t.putIfAbsent(k, (long) i)).isEqualTo(ref.putIfAbsent(k, (long) i));
            } else {
                assertThat(t.put(k, (long) i)).isEqualTo(ref.put(k, (long) i));
            }
        }
        assertThat(t.size()).isEqualTo(ref.size());
        ref.forEach((k, v) -> assertThat(t.get(k)).isEqualTo(v));
        Map<Long, Long> seen = new HashMap<>();
        t.forEach(seen::put);
        assertThat(seen).isEqualTo(ref);
    }

    @Test
    void prefixKeysRoundTrip() {
        for (String s : new String[] {"0.0.0.0/0", "10.1.0.0/16", "255.255.255.255/32", "100.64.3.7/32"}) {
            IpPrefix p = IpPrefix.parse(s);
            assertThat(PrefixTable.ipv4Prefix(PrefixTable.ipv4Key(p))).isEqualTo(p);
            assertThat(PrefixTable.ipv4Key(p)).isEqualTo(dev.weft.bgp.wire.Ipv4Prefixes.key(
                    dev.weft.common.net.IpAddresses.toInt((java.net.Inet4Address) p.address()), p.length()));
        }
        assertThat(PrefixTable.ipv4Key(IpPrefix.parse("10.0.0.0/8"))).isLessThan(PrefixTable.ipv4Key(IpPrefix.parse("10.0.0.0/9")));
    }

    @Test
    void prefixTableOfBothFamiliesStoresAndLists() {
        for (boolean v4 : new boolean[] {true, false}) {
            PrefixTable<String> t = PrefixTable.create(v4);
            IpPrefix a = IpPrefix.parse(v4 ? "10.1.0.0/24" : "2001:db8::/48");
            IpPrefix b = IpPrefix.parse(v4 ? "10.2.0.0/24" : "2001:db8:1::/48");
            t.put(a, "a");
            t.put(b, "b");
            assertThat(t.get(a)).isEqualTo("a");
            assertThat(t.remove(a)).isEqualTo("a");
            assertThat(t.get(a)).isNull();
            assertThat(t.keys()).containsExactly(b);
            assertThat(t.size()).isEqualTo(1);
        }
    }
}
