package dev.weft.bgp.server;

import dev.weft.bgp.rib.RoleRules;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;

/**
 * The Only-to-Customer ingress procedure of RFC 9234 §5, applied to each UPDATE of one session
 * before it reaches the RIB (all prefixes of an UPDATE share its attributes, so this is per
 * UPDATE, never per prefix):
 * <ul>
 *   <li>a route leak ({@link RoleRules#ingressLeak}: OTC from a customer or route-server client,
 *       or from a peer with a value other than the peer's AS) is made ineligible by turning the
 *       UPDATE into withdrawals of everything it announced or withdrew, the RFC 7606
 *       treat-as-withdraw form ({@link UpdateMessage#treatAsWithdraw(List)});
 *   <li>from a provider, peer or route server, a route without OTC gets OTC = the peer's AS;
 *   <li>a received OTC is kept in the RIB's form ({@link RoleRules#toRibForm}), so it is passed
 *       on unchanged (it is optional transitive) — on sessions without a role too, which costs one
 *       look at the attribute list of an UPDATE that announces something.
 * </ul>
 * Our role comes from {@link PeerConfig#role()} and applies on eBGP sessions only. RIB thread.
 */
final class OtcIngress {
    private final int localRole;
    private final long peerAs;
    private long leaks;

    /**
     * @param localRole our role on the session ({@code Capability.Role} value), or
     *     {@link RoleRules#NONE}
     * @param peerAs the peer's AS
     */
    OtcIngress(int localRole, long peerAs) {
        this.localRole = localRole;
        this.peerAs = peerAs;
    }

    /** The UPDATE to hand to the RIB instead of {@code u} ({@code u} itself if nothing changes). */
    UpdateMessage apply(UpdateMessage u) {
        if (u.treatAsWithdraw() || (u.nlri().isEmpty() && u.mpReach().isEmpty())) {
            return u; // withdrawals only: no route to judge
        }
        List<PathAttribute> attributes = u.attributes();
        if (localRole == RoleRules.NONE) {
            List<PathAttribute> rib = RoleRules.toRibForm(attributes, -1);
            return rib == attributes ? u : new UpdateMessage(u.withdrawn(), rib, u.nlri());
        }
        long otc = RoleRules.otc(attributes);
        if (otc >= 0 && RoleRules.ingressLeak(localRole, peerAs, otc)) {
            leaks++;
            List<IpPrefix> all = new ArrayList<>(u.allWithdrawn());
            all.addAll(u.allNlri());
            return UpdateMessage.treatAsWithdraw(all);
        }
        List<PathAttribute> rib = RoleRules.toRibForm(attributes, RoleRules.ingressAddsOtc(localRole) ? peerAs : -1);
        return rib == attributes ? u : new UpdateMessage(u.withdrawn(), rib, u.nlri());
    }

    /** How many UPDATEs were route leaks (RFC 9234 §5) so far. */
    long leaks() {
        return leaks;
    }
}
