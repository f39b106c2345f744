package dev.weft.bgp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.bgp.wire.AddressFamily;
import dev.weft.bgp.wire.BgpError;
import dev.weft.bgp.wire.Capability;
import dev.weft.bgp.wire.NotificationMessage;
import dev.weft.bgp.wire.OriginType;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Prefix limits per address family (RFC 4486 §4): each family's Adj-RIB-In is counted on its own;
 * the CEASE 6/1 names the AFI/SAFI that overflowed and its limit. EmbeddedChannels, RIB inline.
 */
class MaxPrefixPerFamilyTest extends PeerControllerFixture {
    /** Established with IPv4 and IPv6 unicast; what we sent so far is read. */
    EmbeddedChannel establish(PeerConfig config) {
        EmbeddedChannel ch = establish(controller(config), open(Capability.MultiProtocol.IPV6_UNICAST));
        sent(ch);
        return ch;
    }

    /** An UPDATE from the peer announcing IPv4 {@code prefixes}. */
    static UpdateMessage v4(String... prefixes) {
        return announce(prefixes);
    }

    static UpdateMessage v6(String... prefixes) {
        return new UpdateMessage(List.of(), List.of(new PathAttribute.Origin(OriginType.IGP),
                PathAttribute.AsPath.sequence(List.of(65000L)), new PathAttribute.MpReachNlri(AddressFamily.IPV6_UNICAST,
                        List.of(IpAddresses.parse("fd00::9")), Arrays.stream(prefixes).map(IpPrefix::parse).toList())),
                List.of());
    }

    static NotificationMessage cease(int afi, int limit) {
        return NotificationMessage.of(BgpError.MAXIMUM_PREFIXES_REACHED, new byte[] {0, (byte) afi, 1, 0, 0, 0, (byte) limit});
    }

    @Test
    void theOldWitherLimitsEachFamilyOnItsOwn() {
        EmbeddedChannel ch = establish(peer().withMaxPrefixes(2, Optional.empty()));
        ch.writeInbound(v4("192.0.2.0/24", "198.51.100.0/24"), v6("fd00:1::/64", "fd00:2::/64"));
        loop.runPendingTasks();
        assertThat(ch.isOpen()).as("4 prefixes in all, 2 per family: within the limit").isTrue();
        assertThat(rib.locRib()).hasSize(4);
        ch.writeInbound(v6("fd00:3::/64"));
        loop.runPendingTasks();
        assertThat(sent(ch)).containsExactly(cease(2, 2));
        assertThat(ch.isOpen()).isFalse();
        assertThat(rib.locRib()).isEmpty();
    }

    @Test
    void aFamilyLimitAloneLeavesTheOtherFamilyUnlimited() {
        EmbeddedChannel ch = establish(peer().withMaxPrefixes(AddressFamily.IPV6_UNICAST, 1));
        ch.writeInbound(v4("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"), v6("fd00:1::/64"));
        loop.runPendingTasks();
        assertThat(ch.isOpen()).isTrue();
        ch.writeInbound(v6("fd00:2::/64"));
        loop.runPendingTasks();
        assertThat(sent(ch)).containsExactly(cease(2, 1));
    }

    @Test
    void aFamilyLimitOverridesTheCommonOne() {
        EmbeddedChannel ch = establish(peer().withMaxPrefixes(10, Optional.empty())
                .withMaxPrefixes(AddressFamily.IPV4_UNICAST, 1));
        ch.writeInbound(v6("fd00:1::/64", "fd00:2::/64", "fd00:3::/64"));
        loop.runPendingTasks();
        assertThat(ch.isOpen()).isTrue();
        ch.writeInbound(v4("192.0.2.0/24", "198.51.100.0/24"));
        loop.runPendingTasks();
        assertThat(sent(ch)).containsExactly(cease(1, 1));
    }

    @Test
    void aFamilyLimitOfZeroTurnsTheCommonLimitOffForThatFamily() {
        EmbeddedChannel ch = establish(peer().withMaxPrefixes(1, Optional.empty())
                .withMaxPrefixes(AddressFamily.IPV4_UNICAST, 0));
        ch.writeInbound(v4("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"));
        loop.runPendingTasks();
        assertThat(ch.isOpen()).isTrue();
        ch.writeInbound(v6("fd00:1::/64", "fd00:2::/64"));
        loop.runPendingTasks();
        assertThat(sent(ch)).containsExactly(cease(2, 1));
    }

    @Test
    void limitsAreCheckedInTheConfig() {
        PeerConfig c = peer().withMaxPrefixes(5, Optional.empty()).withMaxPrefixes(AddressFamily.IPV6_UNICAST, 7);
        assertThat(c.maxPrefixes(AddressFamily.IPV4_UNICAST)).isEqualTo(5);
        assertThat(c.maxPrefixes(AddressFamily.IPV6_UNICAST)).isEqualTo(7);
        assertThat(c.toString()).contains("maxPrefixesPerFamily=");
        assertThatThrownBy(() -> peer().withMaxPrefixes(AddressFamily.IPV4_UNICAST, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ipv4-unicast");
        assertThat(peer().maxPrefixes(AddressFamily.IPV4_UNICAST)).isZero();
    }
}
