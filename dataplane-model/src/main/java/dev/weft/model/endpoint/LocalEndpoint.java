package dev.weft.model.endpoint;

import dev.weft.model.filter.ChainName;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A Pod wired on this node and the chains that police it. A renderer dispatches traffic leaving
 * the Pod ({@code -i interfaceName}) to {@code egressChain} and traffic to it ({@code -o
 * interfaceName}) to {@code ingressChain}; an empty chain means "not isolated in that direction:
 * allow".
 *
 * @param id the Pod
 * @param interfaceName host-side interface ({@code wft<hash>}, ≤ 15 characters)
 * @param ips the Pod's addresses (IPv4 and/or IPv6), sorted; traffic from the interface with another
 *     source address is not this endpoint's (anti-spoofing is the renderer's choice)
 * @param ingressChain the endpoint's ingress {@link dev.weft.model.filter.EndpointChain}, if isolated for ingress
 * @param egressChain the endpoint's egress {@link dev.weft.model.filter.EndpointChain}, if isolated for egress
 */
public record LocalEndpoint(EndpointId id, String interfaceName, List<InetAddress> ips,
                            Optional<ChainName> ingressChain, Optional<ChainName> egressChain) {
    public LocalEndpoint {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(interfaceName, "interfaceName");
        if (interfaceName.isEmpty() || interfaceName.length() > 15) {
            throw new IllegalArgumentException("interface name '" + interfaceName + "' must have 1-15 characters");
        }
        ips = List.copyOf(ips);
        Objects.requireNonNull(ingressChain, "ingressChain");
        Objects.requireNonNull(egressChain, "egressChain");
    }
}
