package dev.weft.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import dev.weft.model.route.RouteSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** {@link NetNs#callInPrivate}: a namespace of its own, invisible to the host, gone with its last socket. */
class PrivateNetNsKernelTest {
    static final int PROTOCOL = 87;

    @Test
    void workRunsInAFreshNamespaceThatTheHostDoesNotSee() throws Exception {
        String hostNs = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
        String[] seen = new String[1];
        try (Netlink nl = NetNs.callInPrivate(() -> {
            seen[0] = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
            return Netlink.open();
        })) {
            assertThat(seen[0]).startsWith("net:[").isNotEqualTo(hostNs);
            // a new namespace: loopback only
            assertThat(nl.links()).extracting(LinkInfo::name).containsExactly("lo");
            // what is made there stays there, and routes can be written and read back in it
            nl.createVethPair("wpv0", "wpv1", 0, null);
            nl.setLinkUp("wpv0");
            nl.setLinkUp("wpv1");
            nl.addAddress("wpv0", IpAddresses.parse("10.255.0.1"), 24);
            nl.replaceRoute(new RouteSpec(IpPrefix.parse("198.18.0.0/24"), Optional.of(IpAddresses.parse("10.255.0.2")),
                    Optional.empty(), RouteSpec.MAIN_TABLE), PROTOCOL);
            assertThat(nl.listRoutes(Netlink.AF_INET, RouteSpec.MAIN_TABLE, PROTOCOL)).hasSize(1);
            try (Netlink host = Netlink.open()) {
                assertThat(host.link("wpv0")).isEmpty();
                assertThat(host.listRoutes(Netlink.AF_INET, RouteSpec.MAIN_TABLE, PROTOCOL))
                        .noneMatch(r -> r.spec().destination().equals(IpPrefix.parse("198.18.0.0/24")));
            }
        }
        // the calling thread never left the host's namespace
        assertThat(Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString()).isEqualTo(hostNs);
    }

    @Test
    void failuresOfTheWorkReachTheCaller() {
        assertThatThrownBy(() -> NetNs.callInPrivate(() -> {
            throw new java.io.IOException("checked");
        })).isInstanceOf(CompletionException.class).hasCauseInstanceOf(java.io.IOException.class);
        assertThatThrownBy(() -> NetNs.callInPrivate(() -> List.of().get(0)))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
