package dev.weft.agent.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.datastore.BgpPeerSpec;
import dev.weft.agent.datastore.ClusterState;
import dev.weft.agent.datastore.DirectoryDatastore;
import dev.weft.bgp.server.BgpRole;
import dev.weft.bgp.server.PeerConfig;
import dev.weft.common.net.IpAddresses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BGPPeer {@code role}/{@code strictRole} (RFC 9234) from YAML to the speaker's {@link PeerConfig}. */
class BgpPeerRoleTest {
    @TempDir
    Path dir;

    ClusterState read(String yaml) throws IOException {
        Files.writeString(dir.resolve("objects.yaml"), yaml);
        return DirectoryDatastore.read(dir);
    }

    @Test
    void roleAndStrictModeMapOntoThePeerConfig() throws IOException {
        ClusterState s = read("""
                kind: BGPPeer
                metadata: {name: upstream}
                spec: {peerIP: 172.31.1.1, asNumber: 65000, role: customer, strictRole: true}
                ---
                kind: BGPPeer
                metadata: {name: ix}
                spec: {peerIP: 172.31.1.2, asNumber: 65002, role: rs-client}
                ---
                kind: BGPPeer
                metadata: {name: plain}
                spec: {peerIP: 172.31.1.3, asNumber: 65003}
                """);
        assertThat(s.rejections()).isEmpty();
        PeerConfig upstream = RoutingPlanner.peerConfig(s.bgpPeers().get("upstream"));
        assertThat(upstream.role()).contains(BgpRole.CUSTOMER);
        assertThat(upstream.strictRole()).isTrue();
        PeerConfig ix = RoutingPlanner.peerConfig(s.bgpPeers().get("ix"));
        assertThat(ix.role()).contains(BgpRole.RS_CLIENT);
        assertThat(ix.strictRole()).isFalse();
        PeerConfig plain = RoutingPlanner.peerConfig(s.bgpPeers().get("plain"));
        assertThat(plain.role()).isEmpty();
        assertThat(plain).isEqualTo(PeerConfig.of(IpAddresses.parse("172.31.1.3"), 65003).withTimers(90, 30)
                .withPassive(false).withRole(Optional.empty(), false)
                .withGracefulRestartTime(BgpPeerSpec.DEFAULT_RESTART_TIME));
    }

    @Test
    void everyRoleNameIsABgpRole() {
        for (String name : BgpPeerSpec.ROLES) {
            assertThat(BgpRole.parse(name).configName()).isEqualTo(name);
        }
    }

    @Test
    void unknownRolesAndStrictWithoutRoleAreRejectedPerObject() throws IOException {
        ClusterState s = read("""
                kind: BGPPeer
                metadata: {name: bad-role}
                spec: {peerIP: 10.0.0.1, asNumber: 65000, role: transit}
                ---
                kind: BGPPeer
                metadata: {name: strict-alone}
                spec: {peerIP: 10.0.0.2, asNumber: 65000, strictRole: true}
                ---
                kind: BGPPeer
                metadata: {name: strict-text}
                spec: {peerIP: 10.0.0.3, asNumber: 65000, role: peer, strictRole: "yes"}
                ---
                kind: BGPPeer
                metadata: {name: ok}
                spec: {peerIP: 10.0.0.4, asNumber: 65000, role: peer, strictRole: false}
                """);
        assertThat(s.bgpPeers()).containsOnlyKeys("ok");
        assertThat(s.rejections()).hasSize(3);
        assertThat(s.rejections().toString()).contains("spec.role 'transit'", "spec.strictRole needs spec.role",
                "spec.strictRole must be true or false");
    }
}
