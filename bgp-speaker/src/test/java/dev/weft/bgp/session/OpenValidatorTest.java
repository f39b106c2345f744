package dev.weft.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.bgp.wire.BgpWireException;
import dev.weft.bgp.wire.Capability;
import dev.weft.bgp.wire.OpenMessage;
import dev.weft.common.net.IpAddresses;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenValidatorTest {
    static final SessionConfig IBGP = new SessionConfig(65001, IpAddresses.parseIpv4("10.0.0.2"), 65001, 90, 30);

    @Test
    void holdTimeIsTheSmallerAndKeepaliveAThird() throws Exception {
        NegotiatedSession n = OpenValidator.validate(OpenMessage.of(65001, 9, IpAddresses.parseIpv4("10.0.0.1"), List.of()), IBGP);
        assertThat(n.holdTimeSeconds()).isEqualTo(9);
        assertThat(n.keepaliveSeconds()).isEqualTo(3);
        assertThat(n.fourOctetAs()).isFalse();
        n = OpenValidator.validate(OpenMessage.of(65001, 240, IpAddresses.parseIpv4("10.0.0.1"), List.of()), IBGP);
        assertThat(n.holdTimeSeconds()).isEqualTo(90);
        assertThat(n.keepaliveSeconds()).isEqualTo(30);
        n = OpenValidator.validate(OpenMessage.of(65001, 3, IpAddresses.parseIpv4("10.0.0.1"), List.of()), IBGP);
        assertThat(n.keepaliveSeconds()).isEqualTo(1);
    }

    @Test
    void fourOctetPeerAsComesFromTheCapability() throws Exception {
        SessionConfig c = new SessionConfig(65001, IpAddresses.parseIpv4("10.0.0.2"), 4200000000L, 90, 0);
        OpenMessage open = OpenMessage.of(4200000000L, 90, IpAddresses.parseIpv4("10.0.0.1"),
                List.of(new Capability.FourOctetAs(4200000000L), Capability.RouteRefresh.INSTANCE));
        NegotiatedSession n = OpenValidator.validate(open, c);
        assertThat(n.peerAs()).isEqualTo(4200000000L);
        assertThat(n.fourOctetAs()).isTrue();
        assertThat(n.routeRefresh()).isTrue();
        // a 2-octet speaker can only say AS_TRANS: that is not the configured AS
        assertThatThrownBy(() -> OpenValidator.validate(OpenMessage.of(4200000000L, 90, IpAddresses.parseIpv4("10.0.0.1"),
                List.of()), c)).isInstanceOfSatisfying(BgpWireException.class, e -> assertThat(e.subcode()).isEqualTo(2));
    }

    @Test
    void ourOwnIdentifierIsRejectedOnIbgpOnly() throws Exception {
        OpenMessage sameId = OpenMessage.of(65001, 90, IpAddresses.parseIpv4("10.0.0.2"), List.of());
        assertThatThrownBy(() -> OpenValidator.validate(sameId, IBGP))
                .isInstanceOfSatisfying(BgpWireException.class, e -> assertThat(e.subcode()).isEqualTo(3));
        SessionConfig ebgp = new SessionConfig(65002, IpAddresses.parseIpv4("10.0.0.2"), 65001, 90, 30);
        assertThat(OpenValidator.validate(sameId, ebgp).peerAs()).isEqualTo(65001);
    }

    @Test
    void ipv4UnicastAmongOtherFamiliesIsFine() throws Exception {
        OpenMessage open = OpenMessage.of(65001, 90, IpAddresses.parseIpv4("10.0.0.1"),
                List.of(Capability.MultiProtocol.IPV6_UNICAST, Capability.MultiProtocol.IPV4_UNICAST));
        assertThat(OpenValidator.validate(open, IBGP).holdTimeSeconds()).isEqualTo(90);
    }
}
