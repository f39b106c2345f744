package dev.weft.agent.datastore;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable snapshot of everything the datastore holds, after validation. Compared with
 * {@code equals} to decide whether anything changed.
 *
 * @param nodes Nodes by name
 * @param bgpConfigurations BGPConfiguration objects by name
 * @param bgpPeers BGPPeer objects by name
 * @param resources every other recognised object (Pod, Namespace, NetworkPolicy, IPPool) by kind,
 *     then by {@link Resource#key()}, kept as JSON trees for the modules that consume them
 * @param rejections objects and files that were refused, with the reason
 */
public record ClusterState(
        Map<String, NodeInfo> nodes,
        Map<String, BgpConfigurationSpec> bgpConfigurations,
        Map<String, BgpPeerSpec> bgpPeers,
        Map<String, Map<String, Resource>> resources,
        List<Rejection> rejections) {

    public ClusterState {
        nodes = Map.copyOf(nodes);
        bgpConfigurations = Map.copyOf(bgpConfigurations);
        bgpPeers = Map.copyOf(bgpPeers);
        resources = Map.copyOf(resources);
        rejections = List.copyOf(rejections);
    }

    /** The empty state (nothing read yet). */
    public static ClusterState empty() {
        return new ClusterState(Map.of(), Map.of(), Map.of(), Map.of(), List.of());
    }

    /** The cluster-wide {@code default} BGPConfiguration, if present. */
    public Optional<BgpConfigurationSpec> defaultBgpConfiguration() {
        return Optional.ofNullable(bgpConfigurations.get(BgpConfigurationSpec.DEFAULT_NAME));
    }

    /** The objects of one kind (e.g. {@code Pod}) by key; empty if none. */
    public Map<String, Resource> resources(String kind) {
        return resources.getOrDefault(kind, Map.of());
    }
}
