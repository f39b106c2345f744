package dev.weft.model.filter;

import java.util.List;
import java.util.Objects;

/**
 * The check of one direction of one isolated local endpoint: consult {@code policyChains} in
 * order; the packet is allowed as soon as one of them allows it; otherwise {@code defaultAction}.
 * An endpoint that is not isolated in a direction has no chain for it.
 *
 * <p>Suggested iptables rendering (mark bit A reserved for "allowed"):
 * <pre>
 * -A WEFT-TO-xxx -j MARK --set-xmark 0/A
 * -A WEFT-TO-xxx -j WEFT-PI-p1
 * -A WEFT-TO-xxx -m mark --mark A/A -j RETURN
 * ... (per policy chain)
 * -A WEFT-TO-xxx -j DROP
 * </pre>
 *
 * @param name {@link ChainName#endpoint(String, String, Direction)}
 * @param direction INGRESS (traffic to the endpoint) or EGRESS (from it)
 * @param policyChains policy chains of {@code direction}, ordered by (namespace, policy name); never empty
 * @param defaultAction applied when no policy chain allowed: {@link Action.Deny}
 */
public record EndpointChain(ChainName name, Direction direction, List<ChainName> policyChains, Action defaultAction) {
    public EndpointChain {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(direction, "direction");
        policyChains = List.copyOf(policyChains);
        Objects.requireNonNull(defaultAction, "defaultAction");
        if (policyChains.isEmpty()) {
            throw new IllegalArgumentException("endpoint chain " + name + " references no policy chain");
        }
    }
}
