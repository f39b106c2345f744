package dev.weft.bgp.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.net.IpAddresses;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LocalNextHops}: IPv6 next hops come from the calling thread's {@code if_inet6}
 * (finding F2: the JDK reads the main thread's namespace), link-local only for a directly
 * connected peer (RFC 2545 §3).
 */
class LocalNextHopsTest {

    static final Inet4Address LOOPBACK = IpAddresses.parseIpv4("127.0.0.1");
    static final Inet4Address ROUTER_ID = IpAddresses.parseIpv4("192.0.2.1");

    @TempDir
    Path dir;

    /** An if_inet6 as the kernel writes it, giving the interface {@code lo} a global and a link-local address. */
    Path ifInet6(String... extra) throws Exception {
        StringBuilder b = new StringBuilder("00000000000000000000000000000001 01 80 10 80       lo\n");
        b.append("fd770003000000000000000000000002 01 40 00 80       lo\n");
        b.append("fe800000000000000000000000000002 01 40 20 80       lo\n");
        for (String e : extra) {
            b.append(e).append('\n');
        }
        b.append("garbage line\n");
        Path p = dir.resolve("if_inet6");
        Files.writeString(p, b);
        return p;
    }

    @Test
    void ipv4SessionGetsTheGlobalIpv6AddressOfItsInterfaceFromTheGivenIfInet6() throws Exception {
        LocalNextHops hops = LocalNextHops.of(LOOPBACK, IpAddresses.parseIpv4("127.0.0.2"), ROUTER_ID, Optional.empty(), ifInet6());

        assertThat(hops.ipv4()).isEqualTo(LOOPBACK);
        assertThat(hops.ipv6()).contains((Inet6Address) InetAddress.getByName("fd77:3::2"));
        // 127.0.0.2 is on lo's 127.0.0.0/8: directly connected, so the link-local one too (RFC 2545 §3)
        assertThat(hops.linkLocal()).contains((Inet6Address) InetAddress.getByName("fe80::2"));
    }

    @Test
    void aPeerOffLinkGetsNoLinkLocalNextHop() throws Exception {
        LocalNextHops hops = LocalNextHops.of(LOOPBACK, IpAddresses.parseIpv4("198.51.100.7"), ROUTER_ID, Optional.empty(), ifInet6());

        assertThat(hops.ipv6()).contains((Inet6Address) InetAddress.getByName("fd77:3::2"));
        assertThat(hops.linkLocal()).isEmpty();
    }

    @Test
    void tentativeDeprecatedAndOtherInterfacesAddressesAreNotUsed() throws Exception {
        Path p = dir.resolve("if_inet6");
        Files.writeString(p, "fd770003000000000000000000000009 01 40 00 c0       lo\n"   // tentative
                + "fd770003000000000000000000000008 01 40 00 a0       lo\n"            // deprecated
                + "fd770004000000000000000000000001 07 40 00 80    veth0\n");          // other interface
        LocalNextHops hops = LocalNextHops.of(LOOPBACK, IpAddresses.parseIpv4("127.0.0.2"), ROUTER_ID, Optional.empty(), p);

        assertThat(hops.ipv6()).isEmpty();
        assertThat(hops.linkLocal()).isEmpty();
    }

    @Test
    void configuredIpv6NextHopWins() throws Exception {
        Inet6Address configured = (Inet6Address) InetAddress.getByName("2001:db8::1");
        LocalNextHops hops = LocalNextHops.of(LOOPBACK, IpAddresses.parseIpv4("127.0.0.2"), ROUTER_ID, Optional.of(configured), ifInet6());

        assertThat(hops.ipv6()).contains(configured);
    }

    @Test
    void ipv6SessionFindsItsInterfaceInIfInet6AndTakesItsIpv4Address() throws Exception {
        Inet6Address local = (Inet6Address) InetAddress.getByName("fd77:3::2");
        LocalNextHops hops = LocalNextHops.of(local, InetAddress.getByName("fd77:3::1"), ROUTER_ID, Optional.empty(), ifInet6());

        assertThat(hops.ipv6()).contains(local);
        assertThat(hops.ipv4()).isEqualTo(LOOPBACK);
        assertThat(hops.linkLocal()).contains((Inet6Address) InetAddress.getByName("fe80::2"));
    }

    @Test
    void noSessionAddressFallsBackToTheRouterId() throws Exception {
        LocalNextHops hops = LocalNextHops.of(null, null, ROUTER_ID, Optional.empty(), ifInet6());

        assertThat(hops.ipv4()).isEqualTo(ROUTER_ID);
        assertThat(hops.ipv6()).isEmpty();
    }

    @Test
    void unreadableIfInet6FallsBackToTheJdk() {
        LocalNextHops hops = LocalNextHops.of(LOOPBACK, IpAddresses.parseIpv4("127.0.0.2"), ROUTER_ID, Optional.empty(),
                dir.resolve("missing"));

        assertThat(hops.ipv4()).isEqualTo(LOOPBACK);
    }

    @Test
    void theDefaultSourceIsTheCallingThreadsView() {
        assertThat(LocalNextHops.THREAD_IF_INET6.toString()).isEqualTo("/proc/thread-self/net/if_inet6");
        assertThat(LocalNextHops.readIfInet6(LocalNextHops.THREAD_IF_INET6)).isPresent();
    }
}
