package dev.weft.agent.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import dev.weft.netlink.FibRoute;
import dev.weft.netlink.NextHop;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class FibPlannerTest {
    static IpPrefix p(String s) {
        return IpPrefix.parse(s);
    }

    static InetAddress a(String s) {
        return IpAddresses.parse(s);
    }

    /** eth0 holds 10.0.0.0/24 and fd00::/64; eth1 holds 10.0.1.0/24 and fd01::/64. */
    static final Function<InetAddress, Optional<String>> DEVICES = ip -> {
        for (var e : Map.of("10.0.0.0/24", "eth0", "fd00::/64", "eth0", "10.0.1.0/24", "eth1", "fd01::/64", "eth1").entrySet()) {
            if (p(e.getKey()).contains(ip)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    };

    static FibPlanner.Plan plan(Map<IpPrefix, FibPlanner.Learned> learned) {
        return FibPlanner.plan(learned, DEVICES);
    }

    @Test
    void ecmpSetBecomesOneMultipathRoute() {
        var learned = Map.of(p("10.9.0.0/24"), new FibPlanner.Learned(List.of(a("10.0.0.1"), a("10.0.1.1")), a("10.0.0.1")));
        assertThat(plan(learned).routes()).containsExactly(FibRoute.via(p("10.9.0.0/24"), List.of(a("10.0.0.1"), a("10.0.1.1"))));
        var single = Map.of(p("10.9.0.0/24"), new FibPlanner.Learned(List.of(a("10.0.0.1")), a("10.0.0.1")));
        assertThat(plan(single).routes()).singleElement().satisfies(r -> assertThat(r.isMultipath()).isFalse());
    }

    @Test
    void ipv6GlobalNextHopNeedsNoDeviceAndLinkLocalGetsTheSessionsInterface() {
        Map<IpPrefix, FibPlanner.Learned> learned = new LinkedHashMap<>();
        learned.put(p("fd10::/64"), new FibPlanner.Learned(List.of(a("fd00::1")), a("fd00::1")));
        learned.put(p("fd11::/64"), new FibPlanner.Learned(List.of(a("fe80::1")), a("fd01::1")));
        assertThat(plan(learned).routes()).containsExactly(
                FibRoute.of(p("fd10::/64"), List.of(NextHop.via(a("fd00::1")))),
                FibRoute.of(p("fd11::/64"), List.of(NextHop.via(a("fe80::1"), "eth1"))));
    }

    @Test
    void ipv4PrefixWithIpv6NextHopGetsADevice() {
        var learned = Map.of(p("10.9.0.0/24"), new FibPlanner.Learned(List.of(a("fd00::1")), a("fd00::1")));
        assertThat(plan(learned).routes()).containsExactly(FibRoute.of(p("10.9.0.0/24"), List.of(NextHop.via(a("fd00::1"), "eth0"))));
    }

    @Test
    void unusableNextHopsAreLeftOutAndAPrefixWithoutAnyIsReported() {
        Map<IpPrefix, FibPlanner.Learned> learned = new LinkedHashMap<>();
        // an IPv4 next hop for an IPv6 prefix is unusable; the other one still works
        learned.put(p("fd12::/64"), new FibPlanner.Learned(List.of(a("10.0.0.1"), a("fd00::1")), a("fd00::1")));
        // link-local next hop learned over a session whose interface is unknown
        learned.put(p("fd13::/64"), new FibPlanner.Learned(List.of(a("fe80::9")), a("fd99::9")));
        learned.put(p("10.9.9.0/24"), new FibPlanner.Learned(List.of(a("0.0.0.0")), a("10.0.0.1")));
        FibPlanner.Plan plan = plan(learned);
        assertThat(plan.routes()).containsExactly(FibRoute.of(p("fd12::/64"), List.of(NextHop.via(a("fd00::1")))));
        assertThat(plan.skipped()).containsOnlyKeys(p("fd13::/64"), p("10.9.9.0/24"));
        assertThat(plan.skipped().get(p("fd13::/64"))).contains("fe80::9");
    }

    @Test
    void duplicateNextHopsCollapse() {
        var learned = Map.of(p("10.9.0.0/24"), new FibPlanner.Learned(List.of(a("10.0.0.1"), a("10.0.0.1")), a("10.0.0.1")));
        assertThat(plan(learned).routes()).containsExactly(FibRoute.via(p("10.9.0.0/24"), List.of(a("10.0.0.1"))));
    }
}
