package dev.weft.bgp.session;

import dev.weft.bgp.wire.AddressFamily;
import dev.weft.bgp.wire.BgpError;
import dev.weft.bgp.wire.BgpWireException;
import dev.weft.bgp.wire.Capability;
import dev.weft.bgp.wire.OpenMessage;
import dev.weft.common.net.IpAddresses;
import java.util.List;
import java.util.Optional;

/**
 * Checks a received OPEN against the session configuration and negotiates the session
 * (RFC 4271 §6.2, RFC 5492 §5, RFC 6286 §2.2, RFC 6793 §4, RFC 9234 §4.2).
 */
public final class OpenValidator {
    private OpenValidator() {}

    /**
     * Validates {@code open} (the codec already checked the version and optional parameters).
     *
     * @throws BgpWireException 2/2 if the AS is not {@code config.peerAs()}; 2/3 for a zero BGP
     *     Identifier, or our own one on an iBGP session; 2/6 for a hold time of 1 or 2 seconds;
     *     2/7 (data: our first Multiprotocol capability) if no address family is shared
     *     (RFC 5492 §5); 2/11 Role Mismatch with a BGP Role configured on an eBGP session
     *     ({@link RoleCheck}: a wrong pair, several different Role capabilities, none in strict mode)
     */
    public static NegotiatedSession validate(OpenMessage open, SessionConfig config) throws BgpWireException {
        long peerAs = open.effectiveAs();
        if (peerAs != config.peerAs()) {
            throw new BgpWireException(BgpError.BAD_PEER_AS, null, "peer AS " + peerAs + ", expected " + config.peerAs());
        }
        int id = IpAddresses.toInt(open.bgpIdentifier());
        if (id == 0 || (!config.ebgp() && open.bgpIdentifier().equals(config.routerId()))) {
            throw new BgpWireException(BgpError.BAD_BGP_IDENTIFIER, null, "BGP identifier "
                    + open.bgpIdentifier().getHostAddress());
        }
        if (open.holdTime() == 1 || open.holdTime() == 2) {
            throw new BgpWireException(BgpError.UNACCEPTABLE_HOLD_TIME, null, "hold time " + open.holdTime());
        }
        RoleCheck.check(open, config); // RFC 9234 §4.2
        // RFC 4760 §8: a peer without Multiprotocol capabilities carries IPv4 unicast only
        List<AddressFamily> offered = open.families().isEmpty() ? List.of(AddressFamily.IPV4_UNICAST) : open.families();
        List<AddressFamily> families = config.families().stream().filter(offered::contains).toList();
        if (families.isEmpty()) {
            AddressFamily ours = config.families().get(0);
            throw new BgpWireException(BgpError.UNSUPPORTED_CAPABILITY, new byte[] {1, 4, (byte) (ours.afi() >>> 8),
                    (byte) ours.afi(), 0, (byte) ours.safi()}, "no address family in common with the peer");
        }
        int hold = Math.min(config.holdTimeSeconds(), open.holdTime());
        int keepalive = 0;
        if (hold > 0) {
            keepalive = Math.max(1, hold / 3);
            if (config.keepaliveSeconds() > 0) {
                keepalive = Math.min(keepalive, config.keepaliveSeconds());
            }
        }
        boolean gr = config.gracefulRestartTimeSeconds() > 0;
        // RFC 8538 §2: the N bit is in effect only if both sides set it; NegotiatedSession keeps it
        // set in the peer's capability only then
        Optional<Capability.GracefulRestart> peerGr = gr ? open.gracefulRestart().map(g -> g.notification()
                && !config.gracefulNotification() ? new Capability.GracefulRestart(g.restartState(),
                        g.restartTimeSeconds(), g.families(), false) : g) : Optional.empty();
        return new NegotiatedSession(peerAs, open.bgpIdentifier(), hold, keepalive, open.fourOctetAs().isPresent(),
                open.supportsRouteRefresh(), families, open.supportsEnhancedRouteRefresh(), open.supportsExtendedMessage(),
                peerGr);
    }
}
