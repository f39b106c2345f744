package dev.weft.it.bgp;

import static dev.weft.it.bgp.BgpNetns.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.server.BgpSpeaker;
import dev.weft.bgp.server.PeerConfig;
import dev.weft.bgp.server.PeerStatus;
import dev.weft.bgp.server.SpeakerConfig;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import dev.weft.netlink.NetNs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Interop with FRR 8.4 (zebra + bgpd started directly, private sockets) and an active speaker. */
class FrrInteropTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final IpPrefix POD_BLOCK = IpPrefix.parse("10.244.3.0/24");
    static final IpPrefix FRR_ROUTE = IpPrefix.parse("198.18.0.0/24");

    BgpNetns net;
    Path d;
    BgpSpeaker speaker;

    @BeforeEach
    void setUp() throws Exception {
        net = new BgpNetns("f");
        d = net.dir;
        Files.writeString(d.resolve("zebra.conf"), "hostname weft-tb-frr\nlog file " + d.resolve("zebra.log") + "\n");
        Files.writeString(d.resolve("bgpd.conf"), """
                frr defaults datacenter
                hostname weft-tb-frr
                log file %s/bgpd.log
                router bgp 65000
                 bgp router-id %s
                 no bgp ebgp-requires-policy
                 no bgp network import-check
                 neighbor %s remote-as 65003
                 neighbor %s timers 3 9
                 neighbor %s timers connect 1
                 address-family ipv4 unicast
                  network %s
                 exit-address-family
                exit
                """.formatted(d, BgpNetns.DAEMON_IP, BgpNetns.SPEAKER_IP, BgpNetns.SPEAKER_IP, BgpNetns.SPEAKER_IP, FRR_ROUTE));
        BgpNetns.sh("chown", "-R", "frr:frr", d.toString());
        net.startInDaemonNs("zebra", "/usr/lib/frr/zebra", "--vty_socket", d.toString(), "-z", d + "/zserv.api",
                "-i", d + "/zebra.pid", "-f", d + "/zebra.conf", "-u", "frr", "-g", "frr");
        await(WAIT, () -> Files.exists(d.resolve("zserv.api")), () -> net.log("zebra"));
        net.startInDaemonNs("bgpd", "/usr/lib/frr/bgpd", "--vty_socket", d.toString(), "-z", d + "/zserv.api",
                "-i", d + "/bgpd.pid", "-f", d + "/bgpd.conf", "-u", "frr", "-g", "frr");
        await(WAIT, () -> Files.exists(d.resolve("bgpd.vty")), () -> net.log("bgpd"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (speaker != null) {
            speaker.close();
        }
        net.close();
    }

    String vtysh(String command) {
        return net.inDaemonNs("vtysh", "--vty_socket", d.toString(), "-c", command);
    }

    PeerStatus status() {
        return speaker.peers().get(0);
    }

    @Test
    void exchangesRoutesWithFrr() throws Exception {
        SpeakerConfig config = SpeakerConfig.of(65003, IpAddresses.parseIpv4(BgpNetns.SPEAKER_IP))
                .withConnectRetry(Duration.ofMillis(200), Duration.ofSeconds(2));
        speaker = NetNs.callIn(net.speakerNsPath(), () -> BgpSpeaker.start(config));
        speaker.originate(POD_BLOCK);
        speaker.addPeer(BgpNetns.acceptAll(PeerConfig.of(IpAddresses.parse(BgpNetns.DAEMON_IP), 65000).withTimers(9, 0)));
        await(WAIT, () -> status().state().equals("Established"), () -> status() + "\n" + net.log("bgpd"));

        await(WAIT, () -> vtysh("show bgp ipv4 unicast").contains(POD_BLOCK.toString()), () -> vtysh("show bgp ipv4 unicast"));
        String route = vtysh("show bgp ipv4 unicast " + POD_BLOCK);
        assertThat(route).contains("65003").contains(BgpNetns.SPEAKER_IP);

        await(WAIT, () -> speaker.locRib().containsKey(FRR_ROUTE), () -> speaker.locRib().toString());
        assertThat(speaker.locRib().get(FRR_ROUTE).asPath()).containsExactly(65000L);
        assertThat(speaker.locRib().get(FRR_ROUTE).nextHop().getHostAddress()).isEqualTo(BgpNetns.DAEMON_IP);

        speaker.withdrawOriginated(POD_BLOCK);
        await(WAIT, () -> !vtysh("show bgp ipv4 unicast").contains(POD_BLOCK.toString()), () -> vtysh("show bgp ipv4 unicast"));

        speaker.close();
        speaker = null;
        // FRR 8.4 negotiates RFC 8538's N bit: Weft's 6/2 arrives as Hard Reset, shown as
        // "(Cease/Administrative Shutdown/Hard Reset)"
        await(WAIT, () -> vtysh("show bgp neighbors " + BgpNetns.SPEAKER_IP)
                .contains("Notification received (Cease/Administrative Shutdown"),
                () -> vtysh("show bgp neighbors " + BgpNetns.SPEAKER_IP));
    }
}
