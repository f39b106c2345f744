package dev.weft.policy.input;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the policy engine needs of a Pod.
 *
 * @param namespace {@code metadata.namespace}
 * @param name {@code metadata.name}
 * @param labels {@code metadata.labels}
 * @param ips {@code status.podIPs} (empty until assigned)
 * @param nodeName {@code spec.nodeName}, or null when unscheduled
 * @param containerPorts every container's {@code ports}, in Pod order
 */
public record PodInfo(String namespace, String name, Map<String, String> labels, List<InetAddress> ips,
                      String nodeName, List<ContainerPort> containerPorts) {
    public PodInfo {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        ips = ips == null ? List.of() : List.copyOf(ips);
        containerPorts = containerPorts == null ? List.of() : List.copyOf(containerPorts);
    }

    /** This Pod's reference. */
    public PodRef ref() {
        return new PodRef(namespace, name);
    }
}
