package dev.weft.model.ipset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpSetTest {

    @Test
    void idIsAHashOfTheDefinitionAndKernelNamesFitIpsetsLimit() {
        IpSetId id = IpSetId.ofDefinition("pods ns=x pod={}");
        assertThat(id).isEqualTo(IpSetId.ofDefinition("pods ns=x pod={}")).isNotEqualTo(IpSetId.ofDefinition("pods ns=y pod={}"));
        assertThat(id.hash()).hasSize(20).matches("[a-z2-7]+");
        assertThat(id.kernelName(IpFamily.V4)).isEqualTo("weft-4-" + id.hash()).hasSize(27);
        assertThat(id.kernelName(IpFamily.V6)).startsWith("weft-6-");
        assertThatThrownBy(() -> new IpSetId("UPPER")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void contentHashIsBase32OfSha256() {
        // SHA-256("") = e3b0c442 98fc1c14 ...; base32 of e3 b0 c4 42 98 = "4oymiquy"
        assertThat(ContentHash.base32("", 8)).isEqualTo("4oymiquy");
    }

    @Test
    void membersAreDeduplicatedSortedAndMustFitTheType() {
        IpSet set = IpSet.of(IpSetType.HASH_NET, "net", List.of(
                new IpSetMember.Net(IpPrefix.parse("10.0.0.0/8"), false),
                new IpSetMember.Net(IpPrefix.parse("fd00::/8"), false),
                new IpSetMember.Net(IpPrefix.parse("10.1.0.0/16"), true),
                new IpSetMember.Net(IpPrefix.parse("10.0.0.0/8"), false)));
        assertThat(set.members()).extracting(IpSetMember::ipsetText).containsExactly("10.0.0.0/8", "10.1.0.0/16 nomatch", "fd00::/8");
        assertThat(set.members(IpFamily.V6)).extracting(IpSetMember::ipsetText).containsExactly("fd00::/8");
        assertThatThrownBy(() -> IpSet.of(IpSetType.HASH_IP, "x", List.of(new IpSetMember.Net(IpPrefix.parse("10.0.0.0/8"), false))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit a hash:ip set");
    }

    @Test
    void ipv6TextIsRfc5952Canonical() {
        assertThat(new IpSetMember.Address(IpAddresses.parse("fd00:0:0:0:0:0:0:1")).ipsetText()).isEqualTo("fd00::1");
        assertThat(new IpSetMember.Address(IpAddresses.parse("2001:db8:0:0:1:0:0:1")).ipsetText()).isEqualTo("2001:db8::1:0:0:1");
        assertThat(new IpSetMember.Address(IpAddresses.parse("2001:db8:0:1:1:1:1:1")).ipsetText()).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(new IpSetMember.Address(IpAddresses.parse("::")).ipsetText()).isEqualTo("::");
        assertThat(new IpSetMember.Address(IpAddresses.parse("1::")).ipsetText()).isEqualTo("1::");
    }

    @Test
    void memberTextIsIpsetSyntaxAndKernelLimitsAreEnforced() {
        assertThat(new IpSetMember.AddressPort(IpAddresses.parse("10.0.0.1"), Protocol.SCTP, 81).ipsetText()).isEqualTo("10.0.0.1,sctp:81");
        assertThatThrownBy(() -> new IpSetMember.Net(IpPrefix.parse("0.0.0.0/0"), false)).hasMessageContaining("/0");
        assertThatThrownBy(() -> new IpSetMember.AddressPort(IpAddresses.parse("10.0.0.1"), Protocol.TCP, 0)).hasMessageContaining("out of range");
        assertThat(Protocol.fromKubernetes("UDP")).contains(Protocol.UDP);
        assertThat(Protocol.fromKubernetes("udp")).isEmpty();
    }
}
