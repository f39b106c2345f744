package dev.weft.policy.input;

import java.util.Collection;
import java.util.List;

/**
 * A snapshot of everything the policy engine reads from the datastore. Order is irrelevant: the
 * engine's output is the same for any order of the same objects.
 *
 * @param namespaces all Namespaces (a Pod's namespace missing here is treated as existing with only
 *     its {@code kubernetes.io/metadata.name} label)
 * @param pods all Pods (of every node: peers are cluster-wide)
 * @param policies all NetworkPolicies
 */
public record ClusterState(List<NamespaceInfo> namespaces, List<PodInfo> pods, List<NetworkPolicyInfo> policies) {
    public ClusterState {
        namespaces = List.copyOf(namespaces);
        pods = List.copyOf(pods);
        policies = List.copyOf(policies);
    }

    /** A snapshot of any collections. */
    public static ClusterState of(Collection<NamespaceInfo> namespaces, Collection<PodInfo> pods,
                                  Collection<NetworkPolicyInfo> policies) {
        return new ClusterState(List.copyOf(namespaces), List.copyOf(pods), List.copyOf(policies));
    }
}
