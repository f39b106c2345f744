package dev.weft.bgp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.bgp.wire.BgpWireException;
import dev.weft.bgp.wire.Capability;
import dev.weft.bgp.wire.NotificationMessage;
import dev.weft.bgp.wire.OpenMessage;
import dev.weft.common.net.IpAddresses;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** BGP Role in the OPEN exchange (RFC 9234 §4): our capability, the pair check, strict mode. */
class RoleCheckTest {
    static final int PROVIDER = Capability.Role.PROVIDER;
    static final int RS = Capability.Role.ROUTE_SERVER;
    static final int RS_CLIENT = Capability.Role.ROUTE_SERVER_CLIENT;
    static final int CUSTOMER = Capability.Role.CUSTOMER;
    static final int PEER = Capability.Role.PEER;

    static SessionConfig ebgp(int role, boolean strict) {
        return new SessionConfig(65002, IpAddresses.parseIpv4("10.0.0.2"), 65001, 90, 30).withRole(role, strict);
    }

    static OpenMessage open(long as, Integer... roles) {
        List<Capability> caps = new ArrayList<>(List.of(Capability.MultiProtocol.IPV4_UNICAST));
        for (Integer r : roles) {
            caps.add(new Capability.Role(r));
        }
        return OpenMessage.of(as, 90, IpAddresses.parseIpv4("10.0.0.1"), caps);
    }

    static void assertMismatch(OpenMessage open, SessionConfig config) {
        assertThatThrownBy(() -> OpenValidator.validate(open, config)).isInstanceOfSatisfying(BgpWireException.class, e -> {
            assertThat(e.code()).isEqualTo(2);
            assertThat(e.subcode()).isEqualTo(11);
            assertThat(e.toNotification()).isEqualTo(new NotificationMessage(2, 11, new byte[0]));
        });
    }

    /** Every (ours, theirs) pair: only the five of RFC 9234 §4.2 are accepted. */
    @ParameterizedTest
    @CsvSource({"0,3,true", "3,0,true", "1,2,true", "2,1,true", "4,4,true",
        "0,0,false", "0,1,false", "0,2,false", "0,4,false", "1,0,false", "1,1,false", "1,3,false", "1,4,false",
        "2,0,false", "2,2,false", "2,3,false", "2,4,false", "3,1,false", "3,2,false", "3,3,false", "3,4,false",
        "4,0,false", "4,1,false", "4,2,false", "4,3,false", "0,5,false", "4,255,false"})
    void onlyMatchingPairsComeUp(int ours, int theirs, boolean ok) throws Exception {
        if (ok) {
            assertThat(OpenValidator.validate(open(65001, theirs), ebgp(ours, false)).peerAs()).isEqualTo(65001);
            assertThat(OpenValidator.validate(open(65001, theirs), ebgp(ours, true)).peerAs()).isEqualTo(65001);
        } else {
            assertMismatch(open(65001, theirs), ebgp(ours, false));
        }
    }

    @Test
    void noRoleCapabilityIsFineUnlessStrict() throws Exception {
        assertThat(OpenValidator.validate(open(65001), ebgp(CUSTOMER, false)).peerAs()).isEqualTo(65001);
        assertMismatch(open(65001), ebgp(CUSTOMER, true));
    }

    @Test
    void severalRoleCapabilitiesMustAgree() throws Exception {
        assertThat(OpenValidator.validate(open(65001, PEER, PEER), ebgp(PEER, true)).peerAs()).isEqualTo(65001);
        assertMismatch(open(65001, PEER, CUSTOMER), ebgp(PEER, false));
        assertMismatch(open(65001, CUSTOMER, PEER), ebgp(PROVIDER, false));
    }

    @Test
    void withoutOurRoleOrOnIbgpThePeersRoleIsIgnored() throws Exception {
        SessionConfig none = new SessionConfig(65002, IpAddresses.parseIpv4("10.0.0.2"), 65001, 90, 30);
        assertThat(OpenValidator.validate(open(65001, PROVIDER, CUSTOMER), none).peerAs()).isEqualTo(65001);
        SessionConfig ibgp = new SessionConfig(65001, IpAddresses.parseIpv4("10.0.0.2"), 65001, 90, 30).withRole(PROVIDER, true);
        assertThat(ibgp.roleApplies()).isFalse();
        assertThat(OpenValidator.validate(open(65001, PROVIDER), ibgp).peerAs()).isEqualTo(65001);
        assertThat(OpenValidator.validate(open(65001), ibgp).peerAs()).isEqualTo(65001);
    }

    @Test
    void ourOpenCarriesTheRoleOnEbgpOnly() {
        assertThat(ebgp(RS, false).localOpen().role()).contains(RS);
        assertThat(ebgp(RS_CLIENT, true).localOpen().capabilities()).filteredOn(Capability.Role.class::isInstance)
                .containsExactly(new Capability.Role(RS_CLIENT));
        assertThat(new SessionConfig(65002, IpAddresses.parseIpv4("10.0.0.2"), 65001, 90, 30).localOpen().role()).isEmpty();
        assertThat(new SessionConfig(65001, IpAddresses.parseIpv4("10.0.0.2"), 65001, 90, 30).withRole(PEER, false)
                .localOpen().role()).isEmpty();
    }

    @Test
    void restartedCopyKeepsTheRole() {
        SessionConfig c = ebgp(PEER, true).withRestarted(true).withRestarted(false);
        assertThat(c.localRole()).isEqualTo(PEER);
        assertThat(c.strictRole()).isTrue();
        assertThat(c.restarted()).isFalse();
    }

    @Test
    void roleOutOfRangeIsRefused() {
        assertThatThrownBy(() -> ebgp(256, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ebgp(-2, false)).isInstanceOf(IllegalArgumentException.class);
    }
}
