package dev.weft.bgp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.bgp.fsm.State;
import dev.weft.bgp.server.CollisionResolver.Connection;
import dev.weft.bgp.server.CollisionResolver.Outcome;
import dev.weft.bgp.session.NegotiatedSession;
import dev.weft.bgp.wire.AddressFamily;
import dev.weft.bgp.wire.Capability;
import dev.weft.common.net.IpAddresses;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The decision table of {@link CollisionResolver} (RFC 4271 §6.8, RFC 6286 §2.3, RFC 4724 §4.2). */
class CollisionResolverTest {
    final CollisionResolver resolver = new CollisionResolver(IpAddresses.parseIpv4("10.0.0.5"), 65001);
    static final Duration YOUNG = Duration.ofSeconds(1);
    static final Duration OLD = Duration.ofSeconds(91);

    static NegotiatedSession n(String id, long as, boolean gr, boolean restartState) {
        return new NegotiatedSession(as, IpAddresses.parseIpv4(id), 90, 30, true, true, List.of(AddressFamily.IPV4_UNICAST),
                false, false, gr ? Optional.of(new Capability.GracefulRestart(restartState, 60, List.of())) : Optional.empty());
    }

    static Connection in(State s) {
        return new Connection(s, false);
    }

    static Connection out(State s) {
        return new Connection(s, true);
    }

    @Test
    void openConfirmCollisionKeepsTheConnectionTheDominantSpeakerInitiated() {
        // peer higher: keep the peer's (inbound) connection
        assertThat(resolver.resolve(in(State.OPEN_SENT), n("10.0.0.9", 65000, false, false),
                out(State.OPEN_CONFIRM), n("10.0.0.9", 65000, false, false), Duration.ZERO)).isEqualTo(Outcome.KEEP_NEW);
        assertThat(resolver.resolve(out(State.OPEN_SENT), n("10.0.0.9", 65000, false, false),
                in(State.OPEN_CONFIRM), n("10.0.0.9", 65000, false, false), Duration.ZERO)).isEqualTo(Outcome.KEEP_OTHER);
        // we are higher: keep ours (outbound)
        assertThat(resolver.resolve(in(State.OPEN_SENT), n("10.0.0.1", 65000, false, false),
                out(State.OPEN_CONFIRM), n("10.0.0.1", 65000, false, false), Duration.ZERO)).isEqualTo(Outcome.KEEP_OTHER);
        // same direction: the newer replaces the older
        assertThat(resolver.resolve(in(State.OPEN_SENT), n("10.0.0.1", 65000, false, false),
                in(State.OPEN_CONFIRM), n("10.0.0.1", 65000, false, false), Duration.ZERO)).isEqualTo(Outcome.KEEP_NEW);
    }

    @Test
    void equalIdentifiersAreDecidedByTheAsNumber() {
        // RFC 6286 §2.3: equal identifiers (eBGP), the higher AS is dominant
        assertThat(resolver.weAreDominant(IpAddresses.parseIpv4("10.0.0.5"), 65000)).isTrue();
        assertThat(resolver.weAreDominant(IpAddresses.parseIpv4("10.0.0.5"), 65002)).isFalse();
        // unsigned comparison of identifiers
        assertThat(resolver.weAreDominant(IpAddresses.parseIpv4("200.0.0.1"), 65000)).isFalse();
    }

    @Test
    void theRestartStateBitAlwaysMeansARestartWhenGracefulRestartWasNegotiated() {
        assertThat(resolver.resolve(in(State.OPEN_SENT), n("10.0.0.1", 65000, true, true),
                out(State.ESTABLISHED), n("10.0.0.1", 65000, true, false), YOUNG)).isEqualTo(Outcome.PEER_RESTARTED);
        // without Graceful Restart on the Established session the bit means nothing
        assertThat(resolver.resolve(in(State.OPEN_SENT), n("10.0.0.1", 65000, true, true),
                out(State.ESTABLISHED), n("10.0.0.1", 65000, false, false), OLD)).isEqualTo(Outcome.KEEP_OTHER);
    }

    @Test
    void aYoungEstablishedSessionIsComparedAsInOpenConfirm() {
        assertThat(resolver.resolve(in(State.OPEN_SENT), n("10.0.0.9", 65000, true, false),
                out(State.ESTABLISHED), n("10.0.0.9", 65000, true, false), YOUNG)).isEqualTo(Outcome.KEEP_NEW);
        assertThat(resolver.resolve(in(State.OPEN_SENT), n("10.0.0.1", 65000, true, false),
                out(State.ESTABLISHED), n("10.0.0.1", 65000, true, false), YOUNG)).isEqualTo(Outcome.KEEP_OTHER);
        assertThat(resolver.resolve(in(State.OPEN_SENT), n("10.0.0.9", 65000, false, false),
                out(State.ESTABLISHED), n("10.0.0.9", 65000, false, false), YOUNG)).isEqualTo(Outcome.KEEP_NEW);
    }

    @Test
    void anOldEstablishedSessionMeansRestartWithGracefulRestartAndWinsWithout() {
        assertThat(resolver.resolve(in(State.OPEN_SENT), n("10.0.0.9", 65000, true, false),
                out(State.ESTABLISHED), n("10.0.0.9", 65000, true, false), OLD)).isEqualTo(Outcome.PEER_RESTARTED);
        assertThat(resolver.resolve(in(State.OPEN_SENT), n("10.0.0.9", 65000, false, false),
                out(State.ESTABLISHED), n("10.0.0.9", 65000, false, false), OLD)).isEqualTo(Outcome.KEEP_OTHER);
    }

    @Test
    void aSecondConnectionInTheSameDirectionIsNeverASimultaneousOpen() {
        // young but same direction: the peer gave up its old connection
        assertThat(resolver.resolve(in(State.OPEN_SENT), n("10.0.0.9", 65000, true, false),
                in(State.ESTABLISHED), n("10.0.0.9", 65000, true, false), YOUNG)).isEqualTo(Outcome.PEER_RESTARTED);
        assertThat(resolver.resolve(in(State.OPEN_SENT), n("10.0.0.9", 65000, false, false),
                in(State.ESTABLISHED), n("10.0.0.9", 65000, false, false), YOUNG)).isEqualTo(Outcome.KEEP_OTHER);
    }

    @Test
    void otherStatesAreNoCollision() {
        assertThatThrownBy(() -> resolver.resolve(in(State.OPEN_SENT), n("10.0.0.9", 65000, false, false),
                out(State.OPEN_SENT), n("10.0.0.9", 65000, false, false), OLD)).isInstanceOf(IllegalArgumentException.class);
    }
}
