package dev.weft.bgp.session;

import dev.weft.bgp.wire.BgpError;
import dev.weft.bgp.wire.BgpWireException;
import dev.weft.bgp.wire.Capability;
import dev.weft.bgp.wire.OpenMessage;

/**
 * The BGP Role check of a received OPEN (RFC 9234 §4.2). Applies only when we have a role on an
 * eBGP session ({@link SessionConfig#roleApplies()}); a peer's Role capability is otherwise
 * ignored.
 *
 * <ul>
 *   <li>Several Role capabilities: all the same value counts as one; different values are a
 *       Role Mismatch.
 *   <li>The allowed pairs (ours, the peer's): provider–customer, customer–provider, rs–rs-client,
 *       rs-client–rs, peer–peer. Any other announced role (values ≥ 5 included) is a Role Mismatch.
 *   <li>No Role capability: fine, unless in strict mode (then Role Mismatch).
 * </ul>
 * Role Mismatch is OPEN Message Error subcode 11 (NOTIFICATION 2/11), without data.
 */
final class RoleCheck {
    private RoleCheck() {}

    /**
     * @throws BgpWireException 2/11 Role Mismatch as described in the class Javadoc
     */
    static void check(OpenMessage open, SessionConfig config) throws BgpWireException {
        if (!config.roleApplies()) {
            return;
        }
        int peerRole = -1;
        for (Capability c : open.capabilities()) {
            if (c instanceof Capability.Role r) {
                if (peerRole >= 0 && peerRole != r.role()) {
                    throw mismatch("several Role capabilities with different values: " + name(peerRole) + ", "
                            + name(r.role()));
                }
                peerRole = r.role();
            }
        }
        if (peerRole < 0) {
            if (config.strictRole()) {
                throw mismatch("no Role capability from the peer (strict mode; our role " + name(config.localRole()) + ")");
            }
            return;
        }
        if (peerRole != expectedPeerRole(config.localRole())) {
            throw mismatch("our role " + name(config.localRole()) + ", the peer's " + name(peerRole));
        }
    }

    /** The role the peer must have when ours is {@code local} (RFC 9234 §4.2); -1 for an unknown value. */
    static int expectedPeerRole(int local) {
        return switch (local) {
            case Capability.Role.PROVIDER -> Capability.Role.CUSTOMER;
            case Capability.Role.CUSTOMER -> Capability.Role.PROVIDER;
            case Capability.Role.ROUTE_SERVER -> Capability.Role.ROUTE_SERVER_CLIENT;
            case Capability.Role.ROUTE_SERVER_CLIENT -> Capability.Role.ROUTE_SERVER;
            case Capability.Role.PEER -> Capability.Role.PEER;
            default -> -1;
        };
    }

    /** The role's name for messages: provider, rs, rs-client, customer, peer, or its number. */
    static String name(int role) {
        return switch (role) {
            case Capability.Role.PROVIDER -> "provider";
            case Capability.Role.ROUTE_SERVER -> "rs";
            case Capability.Role.ROUTE_SERVER_CLIENT -> "rs-client";
            case Capability.Role.CUSTOMER -> "customer";
            case Capability.Role.PEER -> "peer";
            default -> String.valueOf(role);
        };
    }

    private static BgpWireException mismatch(String why) {
        return new BgpWireException(BgpError.ROLE_MISMATCH, null, "Role Mismatch: " + why + " (RFC 9234 §4.2)");
    }
}
