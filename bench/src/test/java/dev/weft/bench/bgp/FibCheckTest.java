package dev.weft.bench.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import dev.weft.model.route.RouteSpec;
import dev.weft.netlink.KernelRoute;
import dev.weft.netlink.NextHop;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The end-of-run FIB check against the benchmark table. */
class FibCheckTest {
    private static final InetAddress SENDER = IpAddresses.parse("10.0.0.1");
    private static final InetAddress OTHER = IpAddresses.parse("10.0.0.3");

    private static KernelRoute route(IpPrefix p, InetAddress via, int protocol) {
        return new KernelRoute(new RouteSpec(p, Optional.of(via), Optional.of("wbb-r0"), RouteSpec.MAIN_TABLE), protocol,
                0, 0, false, 1);
    }

    private static List<KernelRoute> table(int n, int protocol) {
        List<KernelRoute> out = new ArrayList<>();
        out.add(new KernelRoute(new RouteSpec(IpPrefix.parse("10.0.0.0/30"), Optional.empty(), Optional.of("wbb-r0"),
                RouteSpec.MAIN_TABLE), 2, 0, 253, false, 1)); // the connected route: ignored
        for (int i = 0; i < n; i++) {
            out.add(route(BenchUpdates.prefix(i), SENDER, protocol));
        }
        return out;
    }

    @Test
    void theWholeTableViaTheSenderIsOk() {
        FibCheck c = FibCheck.of(table(2000, 12), 2000, SENDER);
        assertThat(c.ok()).isTrue();
        assertThat(c.good()).isEqualTo(2000);
        assertThat(c.missing()).isZero();
        assertThat(c.protocols()).isEqualTo(Map.of(12, 2000));
        assertThat(c.toString()).startsWith("ok: 2000 of 2000");
    }

    @Test
    void aMissingRouteFails() {
        List<KernelRoute> t = table(2000, 87);
        t.remove(1234);
        FibCheck c = FibCheck.of(t, 2000, SENDER);
        assertThat(c.ok()).isFalse();
        assertThat(c.missing()).isEqualTo(1);
        assertThat(c.toString()).startsWith("FAIL");
    }

    @Test
    void aWrongNextHopAMultipathRouteADuplicateAndAStrayRouteFail() {
        List<KernelRoute> t = table(100, 186);
        t.set(5, route(BenchUpdates.prefix(4), OTHER, 186));
        FibCheck wrong = FibCheck.of(t, 100, SENDER);
        assertThat(wrong.wrongNextHop()).isEqualTo(1);
        assertThat(wrong.ok()).isFalse();

        t = table(100, 186);
        IpPrefix p = BenchUpdates.prefix(7);
        t.set(8, new KernelRoute(new RouteSpec(p, Optional.of(SENDER), Optional.empty(), RouteSpec.MAIN_TABLE), 186, 0, 0,
                false, 2, List.of(NextHop.via(SENDER), NextHop.via(OTHER))));
        assertThat(FibCheck.of(t, 100, SENDER).wrongNextHop()).isEqualTo(1);

        t = table(100, 186);
        t.add(route(BenchUpdates.prefix(3), SENDER, 186)); // e.g. a second metric
        FibCheck dup = FibCheck.of(t, 100, SENDER);
        assertThat(dup.duplicates()).isEqualTo(1);
        assertThat(dup.ok()).isFalse();

        t = table(100, 186);
        t.add(route(BenchUpdates.prefix(100), SENDER, 186)); // one beyond the table
        t.add(route(IpPrefix.parse("100.64.0.0/24"), SENDER, 186)); // an aggregate in the range
        t.add(route(IpPrefix.parse("192.0.2.0/24"), SENDER, 186)); // outside the range: not ours to judge
        FibCheck stray = FibCheck.of(t, 100, SENDER);
        assertThat(stray.outside()).isEqualTo(2);
        assertThat(stray.good()).isEqualTo(100);
        assertThat(stray.ok()).isFalse();
    }
}
