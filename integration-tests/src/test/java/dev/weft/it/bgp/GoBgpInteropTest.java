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

/**
 * Interop with GoBGP: gobgpd in one namespace actively connecting to a passive
 * {@link BgpSpeaker} in the other.
 */
class GoBgpInteropTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String API_PORT = "50151";
    static final IpPrefix POD_BLOCK = IpPrefix.parse("10.244.2.0/24");
    static final IpPrefix GOBGP_ROUTE = IpPrefix.parse("203.0.113.0/24");

    BgpNetns net;
    BgpSpeaker speaker;

    @BeforeEach
    void setUp() throws Exception {
        net = new BgpNetns("g");
        Path conf = net.dir.resolve("gobgpd.toml");
        Files.writeString(conf, """
                [global.config]
                  as = 65000
                  router-id = "%s"
                  port = 179
                  local-address-list = ["%s"]
                [[neighbors]]
                  [neighbors.config]
                    neighbor-address = "%s"
                    peer-as = 65002
                  [neighbors.timers.config]
                    connect-retry = 1
                    hold-time = 9
                    keepalive-interval = 3
                """.formatted(BgpNetns.DAEMON_IP, BgpNetns.DAEMON_IP, BgpNetns.SPEAKER_IP));
        net.startInDaemonNs("gobgpd", "gobgpd", "-f", conf.toString(), "--api-hosts", "127.0.0.1:" + API_PORT, "-p",
                "--pprof-disable");
        await(WAIT, () -> gobgpOk("global"), () -> net.log("gobgpd"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (speaker != null) {
            speaker.close();
        }
        net.close();
    }

    boolean gobgpOk(String... args) {
        try {
            gobgp(args);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    String gobgp(String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "gobgp";
        full[1] = "-p";
        full[2] = API_PORT;
        System.arraycopy(args, 0, full, 3, args.length);
        return net.inDaemonNs(full);
    }

    PeerStatus status() {
        return speaker.peers().get(0);
    }

    @Test
    void passiveSpeakerExchangesRoutesWithGobgp() throws Exception {
        SpeakerConfig config = SpeakerConfig.of(65002, IpAddresses.parseIpv4(BgpNetns.SPEAKER_IP))
                .withConnectRetry(Duration.ofMillis(200), Duration.ofSeconds(2));
        speaker = NetNs.callIn(net.speakerNsPath(), () -> BgpSpeaker.start(config));
        speaker.addPeer(BgpNetns.acceptAll(PeerConfig.of(IpAddresses.parse(BgpNetns.DAEMON_IP), 65000).withPassive(true)));
        assertThat(status().state()).isEqualTo("Active");
        speaker.originate(POD_BLOCK);
        gobgp("global", "rib", "add", GOBGP_ROUTE.toString());

        await(WAIT, () -> status().state().equals("Established"), () -> status() + "\n" + net.log("gobgpd"));
        await(WAIT, () -> gobgp("neighbor").contains("Establ"), () -> gobgp("neighbor"));
        await(WAIT, () -> gobgp("global", "rib").contains(POD_BLOCK.toString()), () -> gobgp("global", "rib"));
        String rib = gobgp("global", "rib", POD_BLOCK.toString());
        assertThat(rib).contains(BgpNetns.SPEAKER_IP).contains("65002");

        await(WAIT, () -> speaker.locRib().containsKey(GOBGP_ROUTE), () -> speaker.locRib().toString());
        assertThat(speaker.locRib().get(GOBGP_ROUTE).asPath()).containsExactly(65000L);
        assertThat(speaker.locRib().get(GOBGP_ROUTE).nextHop().getHostAddress()).isEqualTo(BgpNetns.DAEMON_IP);

        gobgp("global", "rib", "del", GOBGP_ROUTE.toString());
        await(WAIT, () -> speaker.locRib().isEmpty(), () -> speaker.locRib().toString());

        speaker.withdrawOriginated(POD_BLOCK);
        await(WAIT, () -> !gobgp("global", "rib").contains(POD_BLOCK.toString()), () -> gobgp("global", "rib"));

        speaker.removePeer(IpAddresses.parse(BgpNetns.DAEMON_IP));
        await(WAIT, () -> !gobgp("neighbor").contains("Establ"), () -> gobgp("neighbor"));
    }
}
