package dev.weft.ipam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IpamTest {
    @TempDir
    Path dir;

    private Ipam ipam(String... cidrs) {
        return Ipam.open(dir, List.of(cidrs).stream().map(IpPrefix::parse).toList());
    }

    private static String ip(Allocation a) {
        return a.leases().get(0).address().getHostAddress();
    }

    @Test
    void skipsNetworkAndFirstHostAndAllocatesNextFit() {
        Ipam ipam = ipam("10.0.0.0/24");
        assertThat(ip(ipam.allocate(LeaseOwner.of("a", "eth0")))).isEqualTo("10.0.0.2");
        assertThat(ip(ipam.allocate(LeaseOwner.of("b", "eth0")))).isEqualTo("10.0.0.3");
        assertThat(ipam.release("a", "eth0")).hasSize(1);
        // next-fit: the freed .2 is not reused at once
        assertThat(ip(ipam.allocate(LeaseOwner.of("c", "eth0")))).isEqualTo("10.0.0.4");
    }

    @Test
    void firstHostUsableWhenNotReserved() {
        Ipam ipam = Ipam.open(dir, List.of(IpPrefix.parse("10.0.0.0/30")), false);
        assertThat(ip(ipam.allocate(LeaseOwner.of("a", "eth0")))).isEqualTo("10.0.0.1");
        assertThat(ip(ipam.allocate(LeaseOwner.of("b", "eth0")))).isEqualTo("10.0.0.2");
        assertThatThrownBy(() -> ipam.allocate(LeaseOwner.of("c", "eth0"))).isInstanceOf(IpamExhaustedException.class);
    }

    @Test
    void neverHandsOutBroadcast() {
        Ipam ipam = ipam("10.0.0.0/29"); // .2 - .6 usable
        for (int i = 0; i < 5; i++) {
            assertThat(ip(ipam.allocate(LeaseOwner.of("c" + i, "eth0")))).isEqualTo("10.0.0." + (i + 2));
        }
        assertThatThrownBy(() -> ipam.allocate(LeaseOwner.of("x", "eth0")))
                .isInstanceOf(IpamExhaustedException.class)
                .hasMessageContaining("no free IPv4 address in [10.0.0.0/29]")
                .hasMessageContaining("5 leased");
    }

    @Test
    void wrapsAroundToTheOnlyFreeAddress() {
        Ipam ipam = ipam("10.0.0.0/29");
        for (int i = 0; i < 5; i++) {
            ipam.allocate(LeaseOwner.of("c" + i, "eth0"));
        }
        ipam.release("c1", "eth0"); // frees .3
        assertThat(ip(ipam.allocate(LeaseOwner.of("n", "eth0")))).isEqualTo("10.0.0.3");
        assertThat(ipam.freeAddresses()).isZero();
    }

    @Test
    void dualStackGetsOneAddressPerFamilyAndFailedFamilyRollsBack() {
        Ipam ipam = ipam("fd00::/126", "10.0.0.0/30");
        Allocation a = ipam.allocate(LeaseOwner.of("a", "eth0"));
        assertThat(a.leases()).extracting(l -> l.address().getHostAddress())
                .containsExactly("10.0.0.2", "fd00:0:0:0:0:0:0:2");
        // IPv4 exhausted now; the IPv6 lease of a second owner must not be kept
        assertThatThrownBy(() -> ipam.allocate(LeaseOwner.of("b", "eth0"))).isInstanceOf(IpamExhaustedException.class);
        assertThat(ipam.leases()).hasSize(2);
    }

    @Test
    void severalCidrsOfOneFamilyFormOneRangeSet() {
        Ipam ipam = ipam("10.0.0.0/30", "10.0.1.0/30");
        assertThat(ip(ipam.allocate(LeaseOwner.of("a", "eth0")))).isEqualTo("10.0.0.2");
        assertThat(ip(ipam.allocate(LeaseOwner.of("b", "eth0")))).isEqualTo("10.0.1.2");
        assertThatThrownBy(() -> ipam.allocate(LeaseOwner.of("c", "eth0"))).isInstanceOf(IpamExhaustedException.class);
    }

    @Test
    void hostPrefixCidrHasItsOneAddress() {
        Ipam ipam = ipam("10.9.9.9/32");
        assertThat(ip(ipam.allocate(LeaseOwner.of("a", "eth0")))).isEqualTo("10.9.9.9");
    }

    @Test
    void sameAttachmentGetsSameAddressBack() {
        Ipam ipam = ipam("10.0.0.0/24");
        Allocation first = ipam.allocate(new LeaseOwner("cid", "eth0", "x", "a"));
        Allocation again = ipam.allocate(new LeaseOwner("cid", "eth0", "x", "a"));
        assertThat(first.existing()).isFalse();
        assertThat(again.existing()).isTrue();
        assertThat(again.leases()).isEqualTo(first.leases());
        // another interface of the same container is another attachment
        assertThat(ip(ipam.allocate(LeaseOwner.of("cid", "net1")))).isEqualTo("10.0.0.3");
    }

    @Test
    void releaseOfUnknownAttachmentIsEmptyAndReleaseIsIdempotent() {
        Ipam ipam = ipam("10.0.0.0/24");
        assertThat(ipam.release("nope", "eth0")).isEmpty();
        ipam.allocate(LeaseOwner.of("cid", "eth0"));
        assertThat(ipam.release("cid", "eth1")).isEmpty();
        assertThat(ipam.release("cid", "eth0")).hasSize(1);
        assertThat(ipam.release("cid", "eth0")).isEmpty();
        assertThat(ipam.leases()).isEmpty();
    }

    @Test
    void leasesArePersistedWithOwnerAndSeenByAnotherInstance() throws Exception {
        ipam("10.0.0.0/24").allocate(new LeaseOwner("cid-1", "eth0", "x", "a"));
        Ipam other = ipam("10.0.0.0/24");
        assertThat(other.leases()).containsExactly(new Lease(IpAddresses.parse("10.0.0.2"),
                IpPrefix.parse("10.0.0.0/24"), new LeaseOwner("cid-1", "eth0", "x", "a")));
        assertThat(Files.readString(dir.resolve("10.0.0.2"))).isEqualTo(
                "weft-lease/1\ncontainerId=cid-1\nifName=eth0\npodNamespace=x\npodName=a\ncidr=10.0.0.0/24\n");
        assertThat(Files.readString(dir.resolve("last_reserved_ip.4")).trim()).isEqualTo("10.0.0.2");
        assertThat(other.find("cid-1", "eth0")).hasSize(1);
        assertThat(other.find("cid-1", "eth9")).isEmpty();
    }

    @Test
    void unreadableLeaseFileKeepsItsAddressOccupied() throws Exception {
        Files.writeString(dir.resolve("10.0.0.2"), "garbage", StandardCharsets.UTF_8);
        Ipam ipam = ipam("10.0.0.0/24");
        assertThat(ip(ipam.allocate(LeaseOwner.of("a", "eth0")))).isEqualTo("10.0.0.3");
        assertThat(ipam.leases()).hasSize(1);
    }

    @Test
    void staleTempFilesFromACrashAreRemoved() throws Exception {
        Files.writeString(dir.resolve(".tmp-10.0.0.2-dead"), "weft-lease/1\ncontai");
        Ipam ipam = ipam("10.0.0.0/24");
        ipam.allocate(LeaseOwner.of("a", "eth0"));
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("lock", "10.0.0.2", "last_reserved_ip.4");
        }
    }

    @Test
    void twoInstancesOnOneStoreSeeEachOthersChanges() {
        Ipam a = ipam("10.0.0.0/29");
        Ipam b = ipam("10.0.0.0/29");
        assertThat(ip(a.allocate(LeaseOwner.of("a1", "eth0")))).isEqualTo("10.0.0.2");
        assertThat(ip(b.allocate(LeaseOwner.of("b1", "eth0")))).isEqualTo("10.0.0.3"); // b's view is refreshed
        assertThat(ip(a.allocate(LeaseOwner.of("a2", "eth0")))).isEqualTo("10.0.0.4"); // and a's
        assertThat(b.release("a1", "eth0")).hasSize(1);
        assertThat(a.find("a1", "eth0")).isEmpty();
        assertThat(a.leases()).hasSize(2);
    }

    @Test
    void lastReservedOutsideTheCidrsIsIgnored() throws Exception {
        Files.writeString(dir.resolve("last_reserved_ip.4"), "192.168.0.9\n");
        assertThat(ip(ipam("10.0.0.0/24").allocate(LeaseOwner.of("a", "eth0")))).isEqualTo("10.0.0.2");
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> LeaseOwner.of("-bad", "eth0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("container ID");
        assertThatThrownBy(() -> LeaseOwner.of("ok", "this-name-is-too-long")).hasMessageContaining("interface name");
        assertThatThrownBy(() -> LeaseOwner.of("ok", "a/b")).hasMessageContaining("interface name");
        assertThatThrownBy(() -> new LeaseOwner("ok", "eth0", "x\ny", "")).hasMessageContaining("podNamespace");
        assertThatThrownBy(() -> ipam()).hasMessageContaining("no Pod CIDRs");
        assertThatThrownBy(() -> ipam("10.0.0.0/16", "10.0.1.0/24")).hasMessageContaining("overlapping");
    }
}
