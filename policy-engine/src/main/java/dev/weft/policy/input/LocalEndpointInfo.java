package dev.weft.policy.input;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * A Pod wired on this node (known from the CNI ADD, possibly before the Pod's {@code status.podIPs}
 * is published).
 *
 * @param pod the Pod
 * @param interfaceName host-side interface name (≤ 15 characters)
 * @param ips the addresses the Pod was given
 */
public record LocalEndpointInfo(PodRef pod, String interfaceName, List<InetAddress> ips) {
    public LocalEndpointInfo {
        Objects.requireNonNull(pod, "pod");
        Objects.requireNonNull(interfaceName, "interfaceName");
        ips = ips == null ? List.of() : List.copyOf(ips);
    }
}
