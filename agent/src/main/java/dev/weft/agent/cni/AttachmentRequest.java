package dev.weft.agent.cni;

import dev.weft.common.net.IpPrefix;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What to wire for one CNI attachment (CNI SPEC §3: identified by container ID + interface name).
 *
 * @param containerId {@code CNI_CONTAINERID}
 * @param ifName interface name inside the Pod ({@code CNI_IFNAME}, usually {@code eth0})
 * @param netns the Pod's network namespace file ({@code CNI_NETNS})
 * @param podNamespace {@code K8S_POD_NAMESPACE}, or ""
 * @param podName {@code K8S_POD_NAME}, or ""
 * @param addresses the Pod's addresses as host prefixes ({@code /32}, {@code /128}) from IPAM, IPv4 first
 * @param mtu MTU of both veth ends, bytes
 */
public record AttachmentRequest(String containerId, String ifName, Path netns, String podNamespace, String podName,
        List<IpPrefix> addresses, int mtu) {
    public AttachmentRequest {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(ifName, "ifName");
        Objects.requireNonNull(netns, "netns");
        Objects.requireNonNull(podNamespace, "podNamespace");
        Objects.requireNonNull(podName, "podName");
        addresses = List.copyOf(addresses);
    }
}
