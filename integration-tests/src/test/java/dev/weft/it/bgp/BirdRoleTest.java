package dev.weft.it.bgp;

import static dev.weft.it.bgp.BgpNetns.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.server.BgpRole;
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
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * BGP Role and Only-to-Customer (RFC 9234) against BIRD 2.0.12 ({@code local role ...;},
 * {@code require roles on;}): Weft (AS 65001) is BIRD's (AS 65000) provider. Matching roles come
 * up in strict mode; a wrong pair ends with 2/11 Role Mismatch; Weft marks what it sends to its
 * customer with OTC = 65001 (seen in BIRD as {@code BGP.otc}); a route BIRD sends with OTC — a
 * leak, forced with BIRD's export filter, which runs after BIRD's own OTC check — stays out of
 * Weft's Loc-RIB. Namespaces {@code weft-tb-rr}/{@code weft-tb-rn}.
 */
class BirdRoleTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final IpPrefix POD_BLOCK = IpPrefix.parse("10.244.1.0/24");
    static final IpPrefix BIRD_ROUTE = IpPrefix.parse("192.0.2.0/24");
    static final IpPrefix LEAK = IpPrefix.parse("198.51.100.0/24");

    BgpNetns net;
    Path ctl;
    BgpSpeaker speaker;

    @BeforeEach
    void setUp() throws Exception {
        net = new BgpNetns("r");
        ctl = net.dir.resolve("bird.ctl");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (speaker != null) {
            speaker.close();
        }
        net.close();
    }

    /** BIRD AS 65000 with {@code roleLines} in its BGP block; LEAK is exported with OTC 64999. */
    void startBird(String roleLines) throws Exception {
        Path conf = net.dir.resolve("bird.conf");
        Files.writeString(conf, """
                router id %s;
                log stderr all;
                protocol device {}
                protocol static s4 { ipv4; route %s blackhole; route %s blackhole; }
                protocol bgp node1 {
                  local %s as 65000;
                  neighbor %s as 65001;
                  hold time 9;
                  connect delay time 1;
                  connect retry time 1;
                  error wait time 1, 2;
                  %s
                  ipv4 { import all; export filter { if net = %s then bgp_otc = 64999; accept; }; };
                }
                """.formatted(BgpNetns.DAEMON_IP, BIRD_ROUTE, LEAK, BgpNetns.DAEMON_IP, BgpNetns.SPEAKER_IP, roleLines,
                LEAK));
        net.startInDaemonNs("bird", "bird", "-f", "-c", conf.toString(), "-s", ctl.toString(),
                "-P", net.dir.resolve("bird.pid").toString());
        await(WAIT, () -> Files.exists(ctl), () -> net.log("bird"));
    }

    String birdc(String... cmd) {
        String[] full = new String[cmd.length + 3];
        full[0] = "birdc";
        full[1] = "-s";
        full[2] = ctl.toString();
        System.arraycopy(cmd, 0, full, 3, cmd.length);
        return net.inDaemonNs(full);
    }

    /** BIRD's {@code show route <p> all}; empty while BIRD has no such route (birdc then exits 1). */
    String birdRoute(IpPrefix p) {
        try {
            return birdc("show", "route", p.toString(), "all");
        } catch (IllegalStateException e) {
            return "";
        }
    }

    /** Weft AS 65001, provider of BIRD, originating POD_BLOCK. */
    void startSpeaker(boolean strict) {
        SpeakerConfig config = SpeakerConfig.of(65001, IpAddresses.parseIpv4(BgpNetns.SPEAKER_IP))
                .withConnectRetry(Duration.ofMillis(200), Duration.ofSeconds(2));
        speaker = NetNs.callIn(net.speakerNsPath(), () -> BgpSpeaker.start(config));
        speaker.addPeer(BgpNetns.acceptAll(PeerConfig.of(IpAddresses.parse(BgpNetns.DAEMON_IP), 65000).withTimers(9, 0))
                .withRole(Optional.of(BgpRole.PROVIDER), strict));
        speaker.originate(POD_BLOCK);
    }

    PeerStatus status() {
        return speaker.peers().get(0);
    }

    @Test
    void matchingRolesComeUpOurRoutesAreMarkedAndALeakIsDropped() throws Exception {
        startBird("local role customer; require roles on;");
        startSpeaker(true);
        await(WAIT, () -> status().state().equals("Established"), () -> status() + "\n" + net.log("bird"));
        await(WAIT, () -> birdRoute(POD_BLOCK).contains("BGP.otc: 65001"),
                () -> birdc("show", "route", "all"));
        await(WAIT, () -> speaker.locRib().containsKey(BIRD_ROUTE), () -> speaker.locRib().toString());
        // the leak reached us (lastError says so) and was made ineligible (RFC 9234 §5)
        await(WAIT, () -> status().lastError().filter(e -> e.contains("route leak")).isPresent(), () -> status().toString());
        assertThat(speaker.locRib()).containsOnlyKeys(BIRD_ROUTE);
        assertThat(status().prefixesReceived()).isEqualTo(1);
        assertThat(birdc("show", "protocols", "all", "node1")).contains("Established");
        System.out.println("BIRD (customer, strict) route from Weft:\n" + birdRoute(POD_BLOCK));
    }

    @Test
    void weftMarksItsExportsEvenWhenBirdHasNoRole() throws Exception {
        startBird("");
        startSpeaker(false);
        await(WAIT, () -> status().state().equals("Established"), () -> status() + "\n" + net.log("bird"));
        // BIRD without a role adds no OTC: this one is ours (RFC 9234 §5 egress to a customer)
        await(WAIT, () -> birdRoute(POD_BLOCK).contains("BGP.otc: 65001"),
                () -> birdc("show", "route", "all"));
        await(WAIT, () -> speaker.locRib().containsKey(BIRD_ROUTE), () -> speaker.locRib().toString());
        await(WAIT, () -> status().lastError().filter(e -> e.contains("route leak")).isPresent(), () -> status().toString());
        assertThat(speaker.locRib()).doesNotContainKey(LEAK);
        System.out.println("BIRD (no role) route from Weft:\n" + birdRoute(POD_BLOCK));
    }

    @Test
    void aMismatchedPairGetsRoleMismatch() throws Exception {
        startBird("local role peer;");
        startSpeaker(false);
        await(WAIT, () -> net.log("bird").contains("Role mismatch"), () -> net.log("bird"));
        await(WAIT, () -> status().lastNotificationSent().filter(n -> n.startsWith("2/11")).isPresent()
                || status().lastNotificationReceived().filter(n -> n.startsWith("2/11")).isPresent(), () -> status().toString());
        assertThat(status().state()).isNotEqualTo("Established");
        assertThat(status().flaps()).isZero();
        System.out.println("BIRD log (role mismatch):\n" + net.log("bird"));
        System.out.println("Weft status: " + status());
    }
}
