package dev.weft.it.bgp.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.server.BgpSpeaker;
import dev.weft.bgp.server.PeerStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Interop finding O2 with BIRD 2 as the dominant speaker: Weft's BGP Identifier (10.252.0.0) is
 * lower than BIRD's (10.252.0.1), the opposite of the matrix, so when both connect at once BIRD
 * keeps the connection it initiated and Weft must keep the same one ({@code CollisionResolver}: a
 * young Established session is compared like OpenConfirm). Weft is restarted several times against
 * the same BIRD (both active, 1 s connect delay), which is when simultaneous connects happen; after
 * each start the session must come up once and stay up: no flap, both routes in place.
 */
class BirdCollisionTest {
    @Test
    void weftWithTheLowerIdentifierAgreesWithBirdOnEverySimultaneousOpen() throws Exception {
        PeerSetup setup = PeerSetup.of(Family.IPV4).withGracefulRestart();
        try (DaemonPeering p = new DaemonPeering("bcol", new BirdHarness(), setup)) {
            for (int round = 0; round < 4; round++) {
                int r = round;
                BgpSpeaker weft = p.startWeft("10.252.0.0", c -> c);
                p.awaitEstablishedWithRoutes(weft);
                // a collision resolved the wrong way shows up within a second or two as a flap
                InteropNet.holdsFor(Duration.ofSeconds(3), () -> {
                    PeerStatus s = DaemonPeering.status(weft);
                    return s.state().equals("Established") && s.flaps() == 0 && p.daemon.established()
                            && weft.locRib().containsKey(setup.family().daemonRoute);
                }, () -> "round " + r + ": " + DaemonPeering.status(weft) + "\n" + p.daemon.describe());
                assertThat(DaemonPeering.status(weft).flaps()).isZero();
                p.stopWeft(weft);
                InteropNet.await(AbstractInteropMatrix.WAIT, () -> !p.daemon.established(), p.daemon::describe);
            }
        }
    }
}
