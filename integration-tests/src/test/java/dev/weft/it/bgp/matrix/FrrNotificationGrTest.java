package dev.weft.it.bgp.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.server.BgpSpeaker;
import dev.weft.bgp.server.PeerStatus;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * RFC 8538 (notification Graceful Restart) against FRR 8.4 with {@code bgp graceful-restart
 * notification} (set explicitly; FRR's default depends on its version) and {@code no bgp
 * hard-administrative-reset}, so that {@code clear bgp} makes FRR send a plain CEASE 6/4
 * Administrative Reset — a graceful NOTIFICATION with N — and Weft must keep FRR's route (stale)
 * through the reset instead of dropping it; removing
 * the peer makes Weft send a Hard Reset (6/9 carrying 6/3), after which FRR drops Weft's route at
 * once instead of keeping it stale.
 */
class FrrNotificationGrTest {
    static final PeerSetup SETUP = PeerSetup.of(Family.IPV4).withGracefulRestart();

    /**
     * FRR with the N bit on, the F bit set and {@code clear bgp} as a graceful 6/4 (before Weft
     * connects).
     */
    static void configure(FrrHarness frr) {
        // preserve-fw-state: FRR sets the F bit, else (RFC 4724 §4.2) its stale routes must go the
        // moment the new session is up, before FRR re-announces them
        String out = frr.vtysh("configure terminal", "router bgp " + SETUP.daemonAs(), "bgp graceful-restart notification",
                "no bgp hard-administrative-reset", "bgp graceful-restart preserve-fw-state");
        assertThat(out).as("vtysh").doesNotContainIgnoringCase("unknown command");
    }

    @Test
    void aGracefulNotificationFromFrrKeepsItsRoutesStaleAtWeft() throws Exception {
        FrrHarness frr = new FrrHarness();
        try (DaemonPeering p = new DaemonPeering("fngr", frr, SETUP)) {
            configure(frr);
            BgpSpeaker weft = p.startWeft("10.252.0.2", c -> c);
            p.awaitEstablishedWithRoutes(weft);
            Set<String> grStates = new HashSet<>();
            frr.vtysh("clear bgp " + SETUP.family().speakerIp());
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            boolean missing = false;
            PeerStatus s = DaemonPeering.status(weft);
            while (System.nanoTime() < end) {
                s = DaemonPeering.status(weft);
                grStates.add(s.gracefulRestart());
                missing |= !weft.locRib().containsKey(SETUP.family().daemonRoute);
                if (s.flaps() >= 1 && s.state().equals("Established") && s.gracefulRestart().equals("helper")) {
                    break;
                }
                Thread.sleep(5);
            }
            assertThat(s.lastNotificationReceived()).as("FRR's CEASE (%s)", s).hasValueSatisfying(
                    n -> assertThat(n).startsWith("6/4"));
            assertThat(s.flaps()).isEqualTo(1);
            assertThat(grStates).as("Weft kept FRR's routes stale across the reset").containsAnyOf("restarting", "stale");
            assertThat(missing).as("FRR's route left Weft's Loc-RIB during the reset").isFalse();
            p.awaitEstablishedWithRoutes(weft);
        }
    }

    @Test
    void removingThePeerSendsAHardResetAndFrrDropsOurRouteAtOnce() throws Exception {
        FrrHarness frr = new FrrHarness();
        try (DaemonPeering p = new DaemonPeering("fngr", frr, SETUP)) {
            configure(frr);
            BgpSpeaker weft = p.startWeft("10.252.0.2", c -> c);
            p.awaitEstablishedWithRoutes(weft);
            weft.removePeer(SETUP.family().daemonAddress());
            // without the Hard Reset FRR would keep our route stale for our 120 s restart time
            InteropNet.await(Duration.ofSeconds(10), () -> !frr.hasRouteFromWeft(SETUP.family().podBlock), frr::describe);
            String neighbor = frr.vtysh("show bgp neighbors " + SETUP.family().speakerIp() + " json");
            assertThat(neighbor).as("FRR saw a Hard Reset carrying 6/3").contains("\"lastNotificationHardReset\":true")
                    .contains("Peer De-configured");
        }
    }
}
