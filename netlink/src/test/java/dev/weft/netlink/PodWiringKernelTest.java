package dev.weft.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import dev.weft.model.route.RouteSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Routed Pod wiring as DESIGN.md "Pod wiring" describes it, in two namespaces: {@code weft-tn-host}
 * (the node) and {@code weft-tn-pod}. Host side veth {@code wft<hash>} with proxy ARP and a
 * {@code <podIP>/32} route; Pod side {@code eth0} with its /32 and a default route via
 * 169.254.1.1. Checked with ping.
 */
@Tag("kernel")
class PodWiringKernelTest {
    static final int WEFT = 87;
    static final String HOST_VETH = "wft5e1f00d";
    static final String POD_IP = "10.244.7.5";
    static final String HOST_IP = "10.99.9.1";
    TestNetns host;
    TestNetns pod;

    @BeforeEach
    void setUp() {
        assumeTrue(TestNetns.isRoot(), "kernel tests need root");
        TestNetns.cleanupLeftovers();
        host = TestNetns.create("host");
        pod = TestNetns.create("pod");
        // The node's own address, and a default route elsewhere, so that 169.254.1.1 is routable
        // through another device: proxy ARP answers only for such targets.
        host.ip("link", "add", "uplink0", "type", "veth", "peer", "name", "uplink1"); // no dummy module here
        host.ip("link", "set", "uplink0", "up");
        host.ip("link", "set", "uplink1", "up");
        host.ip("addr", "add", HOST_IP + "/32", "dev", "lo");
        host.ip("route", "add", "default", "dev", "uplink0");
    }

    @AfterEach
    void tearDown() {
        if (pod != null) {
            pod.close();
        }
        if (host != null) {
            host.close();
        }
    }

    /** Wires the Pod: veth created in the host with a temporary peer name, moved, renamed eth0. */
    void wire(Netlink hostNl, boolean onlink) {
        hostNl.createVethPair(HOST_VETH, "tmp5e1f00d", 1450, null);
        hostNl.moveLinkToNetns("tmp5e1f00d", pod.path());
        assertThat(hostNl.link("tmp5e1f00d")).isEmpty();

        try (Netlink podNl = Netlink.openIn(pod.path())) {
            podNl.renameLink("tmp5e1f00d", "eth0");
            podNl.addAddress("eth0", IpAddresses.parse(POD_IP), 32);
            podNl.addAddress("eth0", IpAddresses.parse(POD_IP), 32); // idempotent
            podNl.setLinkUp("eth0");
            InetGateway.install(podNl, onlink);
        }
        NetNs.runIn(host.path(), () -> {
            Netlink.setSysctl("net.ipv4.ip_forward", "1");
            Netlink.setSysctl("net/ipv4/conf/" + HOST_VETH + "/proxy_arp", "1");
            Netlink.setSysctl("net/ipv4/neigh/" + HOST_VETH + "/proxy_delay", "0");
        });
        hostNl.setLinkUp(HOST_VETH);
        hostNl.replaceRoute(RouteSpec.dev(IpPrefix.parse(POD_IP + "/32"), HOST_VETH), WEFT);
    }

    /** The Pod's gateway: 169.254.1.1 either onlink, or via a scope-link /32 route first. */
    static final class InetGateway {
        static void install(Netlink podNl, boolean onlink) {
            RouteSpec dflt = new RouteSpec(IpPrefix.parse("0.0.0.0/0"), Optional.of(IpAddresses.parse("169.254.1.1")),
                    Optional.of("eth0"), RouteSpec.MAIN_TABLE);
            if (!onlink) {
                podNl.replaceRoute(RouteSpec.dev(IpPrefix.parse("169.254.1.1/32"), "eth0"), WEFT);
            }
            podNl.replaceRoute(dflt, WEFT, onlink);
        }
    }

    @Test
    void withoutADefaultRouteAHostScopeGatewayOnLoAnswersAndIsNeverTheSource() {
        host.ip("route", "del", "default");
        try (Netlink hostNl = Netlink.openIn(host.path())) {
            hostNl.addAddress("lo", IpAddresses.parse("169.254.1.1"), 32, AddressScope.HOST);
            hostNl.addAddress("lo", IpAddresses.parse("169.254.1.1"), 32, AddressScope.HOST); // idempotent
            wire(hostNl, true);
        }
        assertThat(host.ip("-4", "addr", "show", "dev", "lo")).contains("inet 169.254.1.1/32 scope host lo");
        assertThat(pod.exec("ping", "-c1", "-W2", HOST_IP)).isZero();
        // The node reaches the Pod from its own address, not from the gateway address.
        assertThat(host.ip("route", "get", POD_IP)).doesNotContain("169.254.1.1").contains("src " + HOST_IP);
    }

    @Test
    void wiredPodIsReachableBothWaysWithAnOnlinkDefaultRoute() {
        try (Netlink hostNl = Netlink.openIn(host.path())) {
            wire(hostNl, true);
            assertThat(pod.ip("route", "show")).contains("default via 169.254.1.1 dev eth0 proto weft onlink");
            assertThat(host.ip("route", "show", "proto", "87")).contains(POD_IP + " dev " + HOST_VETH + " scope link");
            assertThat(host.exec("ping", "-c1", "-W1", POD_IP)).isZero();
            assertThat(pod.exec("ping", "-c1", "-W1", HOST_IP)).isZero();
        }
    }

    @Test
    void wiredPodIsReachableWithAScopeLinkGatewayRoute() {
        try (Netlink hostNl = Netlink.openIn(host.path())) {
            wire(hostNl, false);
            assertThat(pod.ip("route", "show")).contains("169.254.1.1 dev eth0 proto weft scope link")
                    .contains("default via 169.254.1.1 dev eth0 proto weft");
            assertThat(pod.exec("ping", "-c1", "-W1", HOST_IP)).isZero();
        }
    }

    @Test
    void ipv6PodWithALinkLocalGatewayIsReachable() {
        NetNs.runIn(pod.path(), () -> Netlink.setSysctl("net.ipv6.conf.default.accept_dad", "0"));
        NetNs.runIn(host.path(), () -> Netlink.setSysctl("net.ipv6.conf.default.accept_dad", "0"));
        host.ip("-6", "addr", "add", "fd99::1/128", "dev", "lo");
        try (Netlink hostNl = Netlink.openIn(host.path())) {
            hostNl.createVethPair(HOST_VETH, "eth0", 1450, pod.path());
            hostNl.addAddress(HOST_VETH, IpAddresses.parse("fe80::1"), 64);
            hostNl.setLinkUp(HOST_VETH);
            hostNl.replaceRoute(RouteSpec.dev(IpPrefix.parse("fd00:244::5/128"), HOST_VETH), WEFT);
            RouteSpec dflt = new RouteSpec(IpPrefix.parse("::/0"), Optional.of(IpAddresses.parse("fe80::1")),
                    Optional.of("eth0"), RouteSpec.MAIN_TABLE);
            try (Netlink podNl = Netlink.openIn(pod.path())) {
                podNl.addAddress("eth0", IpAddresses.parse("fd00:244::5"), 128);
                podNl.setLinkUp("eth0");
                podNl.replaceRoute(dflt, WEFT);
                assertThat(podNl.listRoutes(Netlink.AF_INET6, 254, WEFT)).singleElement()
                        .satisfies(k -> assertThat(k.satisfies(dflt)).isTrue());
            }
            assertThat(pod.ip("-6", "route", "show", "default")).contains("default via fe80::1 dev eth0 proto weft");
            assertThat(host.exec("ping", "-6", "-c1", "-W2", "fd00:244::5")).isZero();
        }
    }

    @Test
    void linksAndAddressesReadBackAsWritten() {
        try (Netlink hostNl = Netlink.openIn(host.path())) {
            wire(hostNl, true);
            LinkInfo h = hostNl.link(HOST_VETH).orElseThrow();
            assertThat(h.mtu()).isEqualTo(1450);
            assertThat(h.up()).isTrue();
            assertThat(h.kind()).contains("veth");
            assertThat(h.mac()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
            assertThat(hostNl.links()).extracting(LinkInfo::name).contains("lo", "uplink0", HOST_VETH);
            assertThat(host.ip("link", "show", HOST_VETH)).contains(h.mac());

            try (Netlink podNl = Netlink.openIn(pod.path())) {
                LinkInfo e = podNl.link("eth0").orElseThrow();
                assertThat(e.mtu()).isEqualTo(1450);
                assertThat(e.up()).isTrue();
                assertThat(podNl.addresses("eth0")).filteredOn(a -> a.address().getAddress().length == 4).containsExactly(
                        new LinkAddress(e.index(), IpAddresses.parse(POD_IP), 32));
                podNl.addAddress("eth0", IpAddresses.parse("fd00:244::5"), 128);
                assertThat(pod.ip("-6", "addr", "show", "dev", "eth0")).contains("fd00:244::5/128 scope global nodad")
                        .doesNotContainPattern("fd00:244::5/128[^\\n]*tentative");
                podNl.deleteAddress("eth0", IpAddresses.parse("fd00:244::5"), 128);
                podNl.deleteAddress("eth0", IpAddresses.parse("fd00:244::5"), 128); // absent: fine
                assertThat(pod.ip("-6", "addr", "show", "dev", "eth0")).doesNotContain("fd00:244::5");
                podNl.setMtu("eth0", 1400);
                assertThat(podNl.link("eth0").orElseThrow().mtu()).isEqualTo(1400);
                podNl.setLinkDown("eth0");
                assertThat(pod.ip("link", "show", "eth0")).doesNotContain(",UP");
                assertThat(podNl.addresses("nope0")).isEmpty();
            }
        }
    }

    @Test
    void vethPeerCanBeCreatedDirectlyInThePodNamespace() {
        try (Netlink hostNl = Netlink.openIn(host.path())) {
            hostNl.createVethPair(HOST_VETH, "eth0", 0, pod.path());
            assertThat(hostNl.link(HOST_VETH)).isPresent();
            assertThat(hostNl.link("eth0")).isEmpty();
            assertThat(pod.ip("link", "show", "eth0")).contains("eth0@");
            assertThatThrownBy(() -> hostNl.createVethPair(HOST_VETH, "other0", 0, null))
                    .isInstanceOf(NetlinkException.class)
                    .satisfies(e -> assertThat(((NetlinkException) e).errno()).isEqualTo(NetlinkException.EEXIST));
        }
    }

    @Test
    void deleteRemovesBothEndsAndToleratesAnAlreadyDeletedNamespace() {
        try (Netlink hostNl = Netlink.openIn(host.path())) {
            wire(hostNl, true);
            hostNl.deleteLink(HOST_VETH);
            assertThat(hostNl.link(HOST_VETH)).isEmpty();
            assertThat(pod.ip("link", "show")).doesNotContain("eth0");
            assertThat(host.ip("route", "show", "proto", "87")).isEmpty(); // the kernel dropped the /32 with the device
            hostNl.deleteLink(HOST_VETH); // absent: fine

            wire(hostNl, true);
            Path podPath = pod.path();
            pod.close(); // the runtime deleted the namespace first: the veth dies with it
            pod = null;
            hostNl.deleteLink(HOST_VETH);
            hostNl.deleteRoute(RouteSpec.dev(IpPrefix.parse(POD_IP + "/32"), HOST_VETH), WEFT);
            assertThat(hostNl.link(HOST_VETH)).isEmpty();
            assertThatThrownBy(() -> Netlink.openIn(podPath)).isInstanceOf(NetlinkException.class)
                    .satisfies(e -> assertThat(((NetlinkException) e).errno()).isEqualTo(NetlinkException.ENOENT));
            assertThatThrownBy(() -> hostNl.moveLinkToNetns("lo", podPath)).isInstanceOf(NetlinkException.class);
        }
    }

    @Test
    void badLinkRequestsAreClearErrors() {
        try (Netlink hostNl = Netlink.openIn(host.path())) {
            assertThatThrownBy(() -> hostNl.setLinkUp("nope0")).isInstanceOf(NetlinkException.class)
                    .hasMessageContaining("no such device 'nope0'");
            assertThatThrownBy(() -> hostNl.createVethPair("this-name-is-too-long", "x", 0, null))
                    .isInstanceOf(NetlinkException.class).hasMessageContaining("longer than 15 bytes");
            hostNl.createVethPair("wftbad0", "wftbad1", 0, null);
            hostNl.setLinkUp("wftbad0");
            assertThatThrownBy(() -> hostNl.renameLink("wftbad0", "wftbad1")).isInstanceOf(NetlinkException.class)
                    .satisfies(e -> assertThat(((NetlinkException) e).errno()).isEqualTo(NetlinkException.EEXIST));
            assertThatThrownBy(() -> hostNl.setMtu("wftbad0", 10)).isInstanceOf(NetlinkException.class)
                    .satisfies(e -> assertThat(((NetlinkException) e).errno()).isEqualTo(NetlinkException.EINVAL));
            assertThatThrownBy(() -> hostNl.addAddress("wftbad0", IpAddresses.parse("10.0.0.1"), 40))
                    .isInstanceOf(NetlinkException.class);
            assertThatThrownBy(() -> hostNl.createVethPair("wftbad3", "wftbad4", 0, Path.of("/var/run/netns/weft-tn-absent")))
                    .isInstanceOf(NetlinkException.class)
                    .satisfies(e -> assertThat(((NetlinkException) e).errno()).isEqualTo(NetlinkException.ENOENT));
            assertThat(hostNl.link("wftbad3")).isEmpty();
            hostNl.deleteLink("wftbad0");
            assertThat(hostNl.links()).extracting(LinkInfo::name).doesNotContain("wftbad0", "wftbad1");
        }
    }

    @Test
    void sysctlsAreWrittenInTheCallingThreadsNamespaceOnly() {
        String rootForward = Netlink.getSysctl("net.ipv4.ip_forward");
        String other = rootForward.equals("1") ? "0" : "1";
        NetNs.runIn(pod.path(), () -> Netlink.setSysctl("net.ipv4.ip_forward", other));
        assertThat(pod.execOut("sysctl", "-n", "net.ipv4.ip_forward").strip()).isEqualTo(other);
        assertThat(NetNs.callIn(pod.path(), () -> Netlink.getSysctl("net.ipv4.ip_forward"))).isEqualTo(other);
        assertThat(Netlink.getSysctl("net.ipv4.ip_forward")).isEqualTo(rootForward);
        // a key that exists only inside the host namespace
        NetNs.runIn(host.path(), () -> Netlink.setSysctl("net/ipv4/conf/uplink0/proxy_arp", "1"));
        assertThat(host.execOut("sysctl", "-n", "net.ipv4.conf.uplink0.proxy_arp").strip()).isEqualTo("1");
        assertThatThrownBy(() -> Netlink.setSysctl("net/ipv4/conf/uplink0/proxy_arp", "1"))
                .isInstanceOf(NetlinkException.class)
                .satisfies(e -> assertThat(((NetlinkException) e).errno()).isEqualTo(NetlinkException.ENOENT));
    }

    @Test
    void netnsCallsReturnResultsRethrowAndLeaveTheCallerWhereItWas() throws Exception {
        String mine = java.nio.file.Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
        String podNs = NetNs.callIn(pod.path(),
                () -> java.nio.file.Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString());
        assertThat(podNs).isNotEqualTo(mine);
        // nested: a thread started inside the host namespace enters the pod one and comes back
        List<String> seen = NetNs.callIn(host.path(), () -> List.of(
                java.nio.file.Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString(),
                NetNs.callIn(pod.path(), () -> java.nio.file.Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString())));
        assertThat(seen.get(1)).isEqualTo(podNs);
        assertThat(seen.get(0)).isNotIn(mine, podNs);
        assertThat(java.nio.file.Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString()).isEqualTo(mine);

        assertThatThrownBy(() -> NetNs.callIn(pod.path(), () -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThatThrownBy(() -> NetNs.callIn(pod.path(), () -> {
            throw new java.io.IOException("checked");
        })).isInstanceOf(java.util.concurrent.CompletionException.class).hasRootCauseMessage("checked");
        assertThatThrownBy(() -> NetNs.callIn(Path.of("/etc/hostname"), () -> 1))
                .isInstanceOf(NetlinkException.class).hasMessageContaining("not a network namespace")
                .satisfies(e -> assertThat(((NetlinkException) e).errno()).isEqualTo(NetlinkException.EINVAL));
        assertThatThrownBy(() -> NetNs.callIn(Path.of("/var/run/netns/weft-tn-absent"), () -> 1))
                .isInstanceOf(NetlinkException.class)
                .satisfies(e -> assertThat(((NetlinkException) e).errno()).isEqualTo(NetlinkException.ENOENT));
    }
}
