package dev.weft.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import dev.weft.model.route.RouteSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Routes in a real kernel: a namespace {@code weft-tn-rt} with a veth pair v0/v1, 10.99.0.1/24 and
 * fd99::1/64 on v0; the Netlink socket is opened on a thread that setns()'d into it.
 */
@Tag("kernel")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteKernelTest {
    static final int WEFT = 87;
    TestNetns ns;
    Netlink nl;

    @BeforeAll
    void setUp() {
        assumeTrue(TestNetns.isRoot(), "kernel tests need root");
        TestNetns.cleanupLeftovers();
        ns = TestNetns.create("rt");
        ns.ip("link", "add", "v0", "type", "veth", "peer", "name", "v1");
        ns.ip("addr", "add", "10.99.0.1/24", "dev", "v0");
        ns.ip("-6", "addr", "add", "fd99::1/64", "dev", "v0", "nodad");
        ns.ip("link", "set", "v0", "up");
        ns.ip("link", "set", "v1", "up");
        nl = Netlink.openIn(ns.path());
    }

    @AfterAll
    void tearDown() {
        if (nl != null) {
            nl.close();
        }
        if (ns != null) {
            ns.close();
        }
    }

    @BeforeEach
    void flushOurRoutes() {
        ns.ip("route", "flush", "proto", "87");
        ns.ip("-6", "route", "flush", "proto", "87");
    }

    static IpPrefix p(String s) {
        return IpPrefix.parse(s);
    }

    @Test
    void replaceAddsAGatewayRouteWithOurProtocolAndReplacesItsGateway() {
        nl.replaceRoute(RouteSpec.via(p("10.9.0.0/24"), IpAddresses.parse("10.99.0.2")), WEFT);
        assertThat(ns.ip("route", "show", "proto", "87")).contains("10.9.0.0/24 via 10.99.0.2 dev v0");

        nl.replaceRoute(RouteSpec.via(p("10.9.0.0/24"), IpAddresses.parse("10.99.0.3")), WEFT);
        assertThat(ns.ip("route", "show", "proto", "87").strip()).startsWith("10.9.0.0/24 via 10.99.0.3 dev v0")
                .doesNotContain("10.99.0.2").hasLineCount(1);
    }

    @Test
    void deviceRouteGetsScopeLink() {
        nl.replaceRoute(RouteSpec.dev(p("10.8.0.5/32"), "v0"), WEFT);
        assertThat(ns.ip("route", "show", "proto", "87")).contains("10.8.0.5 dev v0 scope link");
    }

    @Test
    void listReturnsOurRoutesWithDeviceAndProtocolAndSkipsNothingOfOthers() {
        nl.replaceRoute(RouteSpec.via(p("10.9.1.0/24"), IpAddresses.parse("10.99.0.2")), WEFT);
        List<KernelRoute> all = nl.listRoutes(Netlink.AF_INET, RouteSpec.MAIN_TABLE);
        assertThat(all).anySatisfy(k -> {
            assertThat(k.spec()).isEqualTo(new RouteSpec(p("10.9.1.0/24"), Optional.of(IpAddresses.parse("10.99.0.2")),
                    Optional.of("v0"), 254));
            assertThat(k.protocol()).isEqualTo(WEFT);
            assertThat(k.nexthops()).isEqualTo(1);
        });
        // the connected route the kernel made for 10.99.0.1/24 (proto kernel = 2)
        assertThat(all).anySatisfy(k -> {
            assertThat(k.spec().destination()).isEqualTo(p("10.99.0.0/24"));
            assertThat(k.protocol()).isEqualTo(2);
            assertThat(k.scope()).isEqualTo(253);
        });
        assertThat(nl.listRoutes(Netlink.AF_INET, 254, WEFT)).extracting(k -> k.spec().destination())
                .containsExactly(p("10.9.1.0/24"));
    }

    @Test
    void deleteRemovesTheRouteAndIsIdempotent() {
        RouteSpec r = RouteSpec.via(p("10.9.2.0/24"), IpAddresses.parse("10.99.0.2"));
        nl.replaceRoute(r, WEFT);
        nl.deleteRoute(r, WEFT);
        assertThat(ns.ip("route", "show", "proto", "87")).isEmpty();
        nl.deleteRoute(r, WEFT); // absent: no error
        nl.deleteRoute(RouteSpec.dev(p("10.9.3.0/24"), "no-such-dev"), WEFT); // device absent: no error
    }

    @Test
    void deleteWithOurProtocolLeavesAForeignRouteAlone() {
        ns.ip("route", "add", "10.9.4.0/24", "via", "10.99.0.2", "proto", "static");
        nl.deleteRoute(RouteSpec.via(p("10.9.4.0/24"), IpAddresses.parse("10.99.0.2")), WEFT);
        assertThat(ns.ip("route", "show", "10.9.4.0/24")).contains("proto static");
        ns.ip("route", "del", "10.9.4.0/24");
    }

    @Test
    void ipv6RoutesViaGatewayAndDevice() {
        nl.replaceRoute(RouteSpec.via(p("fd10::/64"), IpAddresses.parse("fd99::2")), WEFT);
        nl.replaceRoute(RouteSpec.dev(p("fd11::5/128"), "v0"), WEFT);
        String shown = ns.ip("-6", "route", "show", "proto", "87");
        assertThat(shown).contains("fd10::/64 via fd99::2 dev v0").contains("fd11::5 dev v0");
        assertThat(nl.listRoutes(Netlink.AF_INET6, 254, WEFT)).extracting(KernelRoute::priority).containsOnly(1024);
        nl.deleteRoute(RouteSpec.via(p("fd10::/64"), IpAddresses.parse("fd99::2")), WEFT);
        assertThat(ns.ip("-6", "route", "show", "proto", "87")).doesNotContain("fd10::");
    }

    @Test
    void routesInANonMainTable() {
        RouteSpec r = new RouteSpec(p("10.9.5.0/24"), Optional.of(IpAddresses.parse("10.99.0.2")), Optional.empty(), 1000);
        nl.replaceRoute(r, WEFT);
        assertThat(ns.ip("route", "show", "table", "1000", "proto", "87")).contains("10.9.5.0/24 via 10.99.0.2 dev v0");
        assertThat(nl.listRoutes(Netlink.AF_INET, 1000)).singleElement().satisfies(k -> assertThat(k.satisfies(r)).isTrue());
        assertThat(nl.listRoutes(Netlink.AF_INET, 254, WEFT)).isEmpty();
        nl.deleteRoute(r, WEFT);
        assertThat(nl.listRoutes(Netlink.AF_INET, 1000)).isEmpty();
        assertThat(nl.listRoutes(Netlink.AF_INET, 4242)).isEmpty(); // a table that never existed
    }

    @Test
    void onlinkGatewayRouteNeedsNoConnectedRoute() {
        nl.replaceRoute(new RouteSpec(p("10.9.6.0/24"), Optional.of(IpAddresses.parse("169.254.1.1")),
                Optional.of("v0"), 254), WEFT, true);
        assertThat(ns.ip("route", "show", "proto", "87")).contains("10.9.6.0/24 via 169.254.1.1 dev v0").contains("onlink");
        assertThat(nl.listRoutes(Netlink.AF_INET, 254, WEFT)).singleElement().satisfies(k -> assertThat(k.onlink()).isTrue());
    }

    @Test
    void unknownDeviceIsAClearError() {
        assertThatThrownBy(() -> nl.replaceRoute(RouteSpec.dev(p("10.9.7.0/24"), "nope0"), WEFT))
                .isInstanceOf(NetlinkException.class)
                .hasMessageContaining("no such device 'nope0'").hasMessageContaining("10.9.7.0/24")
                .extracting(e -> ((NetlinkException) e).errno()).isEqualTo(NetlinkException.ENODEV);
    }

    @Test
    void unreachableGatewayIsAClearErrorWithTheKernelsText() {
        assertThatThrownBy(() -> nl.replaceRoute(RouteSpec.via(p("10.9.8.0/24"), IpAddresses.parse("192.0.2.1")), WEFT))
                .isInstanceOf(NetlinkException.class)
                .hasMessageContaining("RTM_NEWROUTE 10.9.8.0/24 via 192.0.2.1")
                .hasMessageContaining("Nexthop has invalid gateway")
                .satisfies(e -> assertThat(((NetlinkException) e).errno()).isPositive());
        assertThat(ns.ip("route", "show", "proto", "87")).isEmpty();
        // the socket still works after an error
        nl.replaceRoute(RouteSpec.via(p("10.9.8.0/24"), IpAddresses.parse("10.99.0.2")), WEFT);
        assertThat(ns.ip("route", "show", "proto", "87")).contains("10.9.8.0/24");
    }

    @Test
    void mixedFamiliesAndBadProtocolAreRejectedBeforeTheKernel() {
        assertThatThrownBy(() -> nl.replaceRoute(RouteSpec.via(p("10.9.9.0/24"), IpAddresses.parse("fd99::2")), WEFT))
                .isInstanceOf(NetlinkException.class).hasMessageContaining("not of the destination's address family");
        assertThatThrownBy(() -> nl.replaceRoute(RouteSpec.dev(p("10.9.9.0/24"), "v0"), 300))
                .isInstanceOf(NetlinkException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> nl.listRoutes(7, 254)).isInstanceOf(NetlinkException.class);
    }

    @Test
    void oneInstanceSharedByThreadsNeverMixesUpReplies() throws Exception {
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.ConcurrentLinkedQueue<Throwable> errors = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int t = 0; t < 4; t++) {
            int base = t;
            threads.add(new Thread(() -> {
                try {
                    for (int i = 0; i < 50; i++) {
                        nl.replaceRoute(RouteSpec.dev(p("10.7." + base + "." + i + "/32"), "v0"), WEFT);
                        assertThat(nl.link("v0")).isPresent();
                        nl.listRoutes(Netlink.AF_INET, 254, WEFT);
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(errors).isEmpty();
        assertThat(nl.listRoutes(Netlink.AF_INET, 254, WEFT)).hasSize(200);
        assertThat(ns.ip("route", "show", "proto", "87").lines()).hasSize(200);
    }

    @Test
    void aReplyLargerThanTheBufferFailsOnceThenTheSocketRecovers() {
        try (NetlinkSocket small = NetNs.callIn(ns.path(), () -> NetlinkSocket.open(256))) {
            assertThatThrownBy(() -> small.dump(LinkCodec.dump(), "RTM_GETLINK dump"))
                    .isInstanceOf(NetlinkException.class).hasMessageContaining("did not fit the 256-byte receive buffer")
                    .satisfies(e -> assertThat(((NetlinkException) e).errno()).isEqualTo(NetlinkException.ENOBUFS));
            // the rest of the abandoned dump is drained; the grown buffer holds the next replies
            List<String> names = small.dump(LinkCodec.dump(), "RTM_GETLINK dump").stream()
                    .map(LinkCodec::decode).flatMap(Optional::stream).map(LinkInfo::name).toList();
            assertThat(names).containsExactlyInAnyOrder("lo", "v0", "v1");
            assertThat(small.execute(LinkCodec.getByName("v0"), "RTM_GETLINK v0")).hasSize(1);
        }
    }

    @Test
    void aClosedSocketFailsCleanly() {
        Netlink other = Netlink.openIn(ns.path());
        other.close();
        assertThatThrownBy(() -> other.listRoutes(Netlink.AF_INET, 254))
                .isInstanceOf(NetlinkException.class).hasMessageContaining("closed");
    }
}
