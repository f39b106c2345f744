package dev.weft.bgp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.bgp.wire.Capability;
import dev.weft.common.net.IpAddresses;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link BgpRole} names and codes (RFC 9234 §4.1) and {@link PeerConfig#withRole}. */
class BgpRoleTest {
    @Test
    void codesAreTheCapabilityValuesAndPairsAreSymmetric() {
        assertThat(BgpRole.PROVIDER.code()).isEqualTo(Capability.Role.PROVIDER);
        assertThat(BgpRole.RS.code()).isEqualTo(Capability.Role.ROUTE_SERVER);
        assertThat(BgpRole.RS_CLIENT.code()).isEqualTo(Capability.Role.ROUTE_SERVER_CLIENT);
        assertThat(BgpRole.CUSTOMER.code()).isEqualTo(Capability.Role.CUSTOMER);
        assertThat(BgpRole.PEER.code()).isEqualTo(Capability.Role.PEER);
        for (BgpRole r : BgpRole.values()) {
            assertThat(r.expectedPeerRole().expectedPeerRole()).isEqualTo(r);
        }
        assertThat(BgpRole.PROVIDER.expectedPeerRole()).isEqualTo(BgpRole.CUSTOMER);
        assertThat(BgpRole.RS.expectedPeerRole()).isEqualTo(BgpRole.RS_CLIENT);
        assertThat(BgpRole.PEER.expectedPeerRole()).isEqualTo(BgpRole.PEER);
    }

    @Test
    void namesParseIncludingBirdSpellings() {
        for (BgpRole r : BgpRole.values()) {
            assertThat(BgpRole.parse(r.configName())).isEqualTo(r);
        }
        assertThat(BgpRole.parse("RS_CLIENT")).isEqualTo(BgpRole.RS_CLIENT);
        assertThat(BgpRole.parse("rs_server")).isEqualTo(BgpRole.RS);
        assertThatThrownBy(() -> BgpRole.parse("transit")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("provider, rs, rs-client, customer or peer");
    }

    @Test
    void peerConfigDefaultsToNoRoleAndRefusesStrictWithoutOne() {
        PeerConfig plain = PeerConfig.of(IpAddresses.parse("10.0.0.1"), 65000);
        assertThat(plain.role()).isEmpty();
        assertThat(plain.strictRole()).isFalse();
        PeerConfig strict = plain.withRole(Optional.of(BgpRole.CUSTOMER), true);
        assertThat(strict.role()).contains(BgpRole.CUSTOMER);
        assertThat(strict.withTimers(9, 3).withPassive(true).strictRole()).as("withers keep the role").isTrue();
        assertThat(strict.toString()).contains("role=Optional[customer]", "strictRole=true");
        assertThatThrownBy(() -> plain.withRole(Optional.empty(), true)).isInstanceOf(IllegalArgumentException.class);
    }
}
