/**
 * The Kubernetes datastore ({@code --datastore kubernetes}): fabric8 {@code SharedIndexInformer}s
 * for Node, Pod, Namespace, NetworkPolicy, the Weft CRDs and the Secrets BGPPeer passwords refer
 * to, adapted into the same validated {@link dev.weft.agent.datastore.ClusterState} snapshots the
 * directory datastore produces ({@link dev.weft.agent.datastore.ResourceParser} is the one code
 * path after the adapter); plus the BGPPeer status reporter.
 */
package dev.weft.agent.datastore.kube;
