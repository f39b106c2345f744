package dev.weft.it.bgp.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.server.BgpSpeaker;
import dev.weft.bgp.server.PeerStatus;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * RFC 8538 (notification Graceful Restart) against GoBGP 3.10 with {@code [neighbors.graceful-restart
 * .config] notification-enabled = true} (GoBGP's name for it; its default is off).
 *
 * <ul>
 *   <li>The N bit is negotiated: GoBGP's {@code gobgp neighbor X -j} shows the Graceful Restart
 *       capability it sent ({@code local_cap}) and the one Weft sent ({@code remote_cap}) both with
 *       flag 0x4 (N; GoBGP keeps the capability's four flag bits R=0x8, N=0x4 apart from the time).
 *   <li>{@code gobgp neighbor X reset} sends CEASE 6/4 Administrative Reset — not a Hard Reset — so
 *       Weft keeps GoBGP's route (stale, {@code PeerStatus.gracefulRestart() = "restarting"}) while
 *       the session is down. GoBGP is not restarting, so its new OPEN has the F bit clear and Weft
 *       drops the stale route when the session is back (RFC 4724 §4.2), until GoBGP's UPDATE: that
 *       moment is reported, not asserted.
 *   <li>{@code removePeer} makes Weft send a Hard Reset (6/9 whose data is 6/3, RFC 8538 §3); GoBGP
 *       logs "received notification Code=6 Subcode=9 Data=[6 3]" and drops our route at once
 *       instead of keeping it stale for our 120 s Restart Time.
 * </ul>
 *
 * <p>Two control cases run the same steps with GoBGP's N bit off: no N in GoBGP's capability, the
 * 6/4 takes GoBGP's route out of Weft's Loc-RIB, and removePeer reaches GoBGP as a plain 6/3.
 *
 * <p>GoBGP stays Idle for 30 s after {@code reset} whatever {@code idle-hold-time-after-reset} says
 * (see {@link #reset}), so the first case takes about 35 s; the class about 50 s.
 *
 * <p>What GoBGP 3.10 does not do (seen here; {@code fsm.go} treats only NOTIFICATIONs it
 * <em>receives</em> gracefully): as the <em>sender</em> of the 6/4 it drops Weft's route at once
 * instead of keeping it stale as RFC 8538 §4 asks of both sides; {@link Reset#gobgpKeptOurRoute}
 * is printed, not asserted.
 */
class GoBgpNotificationGrTest {
    static final PeerSetup SETUP = PeerSetup.of(Family.IPV4).withGracefulRestart();
    static final int N_BIT = 0x4;

    @Test
    void aGracefulResetFromGoBgpKeepsItsRouteStaleAtWeft() throws Exception {
        try (Up up = Up.start(true)) {
            String neighbor = up.gobgp.neighborJson();
            assertThat(grFlags(neighbor, "local_cap") & N_BIT).as("GoBGP's N bit: %s", neighbor).isEqualTo(N_BIT);
            assertThat(grFlags(neighbor, "remote_cap") & N_BIT).as("Weft's N bit as GoBGP got it: %s", neighbor).isEqualTo(N_BIT);

            Reset r = reset(up.gobgp, up.weft, true);
            System.out.println("GoBgpNotificationGrTest, reset with N: " + r + "\n" + BirdHarness.tail(up.p.net.log("gobgpd")));
            assertThat(r.status.lastNotificationReceived()).as("GoBGP's CEASE (%s)", r.status).hasValueSatisfying(
                    n -> assertThat(n).startsWith("6/4"));
            assertThat(r.status.flaps()).isEqualTo(1);
            assertThat(r.status.state()).as("back after the reset: %s", r.status).isEqualTo("Established");
            assertThat(r.grStates).as("Weft kept GoBGP's route stale across the reset").contains("restarting");
            assertThat(r.missingWhileDown).as("GoBGP's route left Weft's Loc-RIB while the session was down").isFalse();
            up.p.awaitEstablishedWithRoutes(up.weft);
        }
    }

    @Test
    void removingThePeerSendsAHardResetAndGoBgpDropsOurRouteAtOnce() throws Exception {
        try (Up up = Up.start(true)) {
            // without the Hard Reset GoBGP (N on) would keep our route stale for our 120 s restart time
            assertThat(up.removePeerAndAwaitTheDrop()).as("GoBGP got a Hard Reset carrying 6/3")
                    .containsPattern("received notification\" Code=6 Data=\"\\[6 3\\]\" .*Subcode=9");
        }
    }

    @Test
    void withoutGoBgpsNBitItsResetDropsItsRouteAtWeft() throws Exception {
        try (Up up = Up.start(false)) {
            String neighbor = up.gobgp.neighborJson();
            assertThat(grFlags(neighbor, "local_cap") & N_BIT).as("GoBGP's N bit: %s", neighbor).isZero();

            // GoBGP stays Idle for 30 s after the reset: this case stops once the route is gone
            Reset r = reset(up.gobgp, up.weft, false);
            System.out.println("GoBgpNotificationGrTest, reset without N: " + r);
            assertThat(r.status.lastNotificationReceived()).hasValueSatisfying(n -> assertThat(n).startsWith("6/4"));
            assertThat(r.missingWhileDown).as("RFC 4724 §4: without N a NOTIFICATION ends the session, routes go").isTrue();
            assertThat(r.grStates).doesNotContain("restarting");
        }
    }

    @Test
    void withoutGoBgpsNBitRemovePeerIsAPlainCease() throws Exception {
        try (Up up = Up.start(false)) {
            assertThat(up.removePeerAndAwaitTheDrop()).as("a plain 6/3, no Hard Reset")
                    .containsPattern("received notification\" Code=6 Data=\"\\[\\]\" .*Subcode=3")
                    .doesNotContainPattern("received notification\" .*Subcode=9");
        }
    }

    /** GoBGP (N bit on or off) and a Weft speaker (BGP Identifier 10.252.0.2), Established, routes both ways. */
    record Up(DaemonPeering p, GoBgpHarness gobgp, BgpSpeaker weft) implements AutoCloseable {
        static Up start(boolean gracefulNotification) throws Exception {
            GoBgpHarness gobgp = new GoBgpHarness(gracefulNotification);
            DaemonPeering p = new DaemonPeering("gngr", gobgp, SETUP);
            try {
                BgpSpeaker weft = p.startWeft("10.252.0.2", c -> c);
                p.awaitEstablishedWithRoutes(weft);
                return new Up(p, gobgp, weft);
            } catch (Exception | Error e) {
                try {
                    p.close();
                } catch (Exception c) {
                    e.addSuppressed(c);
                }
                throw e;
            }
        }

        /** Weft removes GoBGP; returns gobgpd's log once GoBGP no longer has our route (10 s at most). */
        String removePeerAndAwaitTheDrop() throws InterruptedException {
            weft.removePeer(SETUP.family().daemonAddress());
            InteropNet.await(Duration.ofSeconds(10), () -> !gobgp.hasRouteFromWeft(SETUP.family().podBlock), gobgp::describe);
            return p.net.log("gobgpd");
        }

        @Override
        public void close() throws Exception {
            p.close();
        }
    }

    /**
     * The flag bits (R 0x8, N 0x4) of the Graceful Restart capability in GoBGP's {@code side}
     * ("local_cap": what GoBGP sent, "remote_cap": what it got) of {@code gobgp neighbor X -j}:
     * an {@code apipb.GracefulRestartCapability} message, base64, whose field 1 (varint) is the
     * flags and is left out when 0.
     */
    static int grFlags(String neighborJson, String side) {
        int at = neighborJson.indexOf("\"" + side + "\":[");
        assertThat(at).as("%s in %s", side, neighborJson).isNotNegative();
        Matcher m = Pattern.compile("GracefulRestartCapability\",\"value\":\"([^\"]*)\"")
                .matcher(neighborJson.substring(at, neighborJson.indexOf(']', at)));
        assertThat(m.find()).as("a Graceful Restart capability in %s of %s", side, neighborJson).isTrue();
        byte[] b = Base64.getDecoder().decode(m.group(1));
        return b.length >= 2 && b[0] == 0x08 ? b[1] : 0;
    }

    /**
     * What Weft saw around a {@code gobgp neighbor X reset}.
     *
     * @param status Weft's view of GoBGP when sampling stopped
     * @param grStates every {@link PeerStatus#gracefulRestart()} value seen
     * @param missingWhileDown GoBGP's route was missing from Weft's Loc-RIB at a sample while the
     *     session was not Established
     * @param missingOnceUp it was missing at a sample after the session was back (F bit clear)
     * @param gobgpKeptOurRoute GoBGP's RIB held our route at every sample while the session was down
     */
    record Reset(PeerStatus status, Set<String> grStates, boolean missingWhileDown, boolean missingOnceUp,
            boolean gobgpKeptOurRoute) {}

    /**
     * {@code gobgp neighbor <Weft> reset}, then samples Weft until the session is back (one flap,
     * Established) with GoBGP's route in Weft's Loc-RIB again ({@code untilBack}; at most 45 s:
     * GoBGP 3.10 stays Idle for 30 s after a reset, refusing Weft's connections — its
     * {@code idle-hold-time-after-reset} from gobgpd.toml is not applied, {@code gobgp neighbor X -j}
     * shows 30 with 1 configured), or until the route is gone from Weft's Loc-RIB (at most 10 s).
     */
    static Reset reset(GoBgpHarness gobgp, BgpSpeaker weft, boolean untilBack) throws InterruptedException {
        Set<String> grStates = new LinkedHashSet<>();
        boolean missingDown = false;
        boolean missingUp = false;
        boolean gobgpKept = true;
        gobgp.gobgp("neighbor", SETUP.family().speakerIp(), "reset");
        long end = System.nanoTime() + Duration.ofSeconds(untilBack ? 45 : 10).toNanos();
        PeerStatus s = DaemonPeering.status(weft);
        while (System.nanoTime() < end) {
            s = DaemonPeering.status(weft);
            grStates.add(s.gracefulRestart());
            boolean has = weft.locRib().containsKey(SETUP.family().daemonRoute);
            if (!s.state().equals("Established")) {
                missingDown |= !has;
                if (!has && !untilBack) {
                    break;
                }
                gobgpKept &= gobgp.hasRouteFromWeft(SETUP.family().podBlock);
            } else if (s.flaps() >= 1) {
                if (has) {
                    break;
                }
                missingUp = true;
            }
            Thread.sleep(5);
        }
        return new Reset(s, grStates, missingDown, missingUp, gobgpKept);
    }
}
