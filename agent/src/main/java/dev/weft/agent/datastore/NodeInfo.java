package dev.weft.agent.datastore;

import dev.weft.common.net.IpPrefix;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What Weft needs of a Kubernetes {@code Node}.
 *
 * @param name {@code metadata.name}
 * @param labels {@code metadata.labels}
 * @param asNumber the node's own AS from the annotation {@value #ASN_ANNOTATION}, if set
 * @param podCidrs {@code spec.podCIDRs} (or the single {@code spec.podCIDR}), in order
 * @param internalIp the first {@code status.addresses} entry of type {@code InternalIP}: the
 *     node's BGP router ID (IPv4) and next hop
 */
public record NodeInfo(
        String name,
        Map<String, String> labels,
        Optional<Long> asNumber,
        List<IpPrefix> podCidrs,
        Optional<InetAddress> internalIp) {

    /** Annotation carrying a per-node AS number, overriding BGPConfiguration {@code asNumber}. */
    public static final String ASN_ANNOTATION = "weft.dev/bgp-asn";

    public NodeInfo {
        labels = Map.copyOf(labels);
        podCidrs = List.copyOf(podCidrs);
    }
}
