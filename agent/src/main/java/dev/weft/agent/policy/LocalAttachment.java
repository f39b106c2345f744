package dev.weft.agent.policy;

import dev.weft.agent.cni.RoutedPodNetworkDriver;
import dev.weft.ipam.Lease;
import dev.weft.policy.input.LocalEndpointInfo;
import dev.weft.policy.input.PodRef;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Pod interface wired on this node, identified as CNI identifies attachments (CNI SPEC §3:
 * container ID + interface name), with the endpoint the policy engine binds.
 *
 * @param containerId {@code CNI_CONTAINERID}
 * @param ifName {@code CNI_IFNAME} (inside the Pod)
 * @param endpoint the Pod, its host-side interface and its addresses
 */
public record LocalAttachment(String containerId, String ifName, LocalEndpointInfo endpoint) {
    public LocalAttachment {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(ifName, "ifName");
        Objects.requireNonNull(endpoint, "endpoint");
    }

    /** {@code containerId/ifName}. */
    public String key() {
        return containerId + "/" + ifName;
    }

    /**
     * The attachments recorded by IPAM (after an agent restart the CNI server is not told again
     * about Pods it wired before): one per (container ID, interface) with a Pod identity, with its
     * host-side interface name as {@link RoutedPodNetworkDriver#hostIfName} derives it. Leases without
     * a Pod namespace/name (not Kubernetes Pods) are skipped.
     */
    public static List<LocalAttachment> fromLeases(Collection<Lease> leases) {
        Map<String, List<Lease>> byAttachment = new LinkedHashMap<>();
        for (Lease l : leases) {
            byAttachment.computeIfAbsent(l.owner().containerId() + "/" + l.owner().ifName(), k -> new ArrayList<>()).add(l);
        }
        List<LocalAttachment> out = new ArrayList<>();
        for (List<Lease> ls : byAttachment.values()) {
            var owner = ls.get(0).owner();
            if (owner.podNamespace() == null || owner.podNamespace().isEmpty() || owner.podName() == null
                    || owner.podName().isEmpty()) {
                continue;
            }
            List<InetAddress> ips = ls.stream().map(Lease::address).toList();
            out.add(new LocalAttachment(owner.containerId(), owner.ifName(), new LocalEndpointInfo(
                    new PodRef(owner.podNamespace(), owner.podName()),
                    RoutedPodNetworkDriver.hostIfName(owner.containerId(), owner.ifName()), ips)));
        }
        return out;
    }
}
