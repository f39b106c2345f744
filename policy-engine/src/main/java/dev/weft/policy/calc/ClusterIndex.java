package dev.weft.policy.calc;

import dev.weft.policy.input.ClusterState;
import dev.weft.policy.input.LocalEndpointInfo;
import dev.weft.policy.input.NamespaceInfo;
import dev.weft.policy.input.PodInfo;
import dev.weft.policy.input.PodRef;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Read-only lookups over one {@link ClusterState}: namespaces with their effective labels, Pods by
 * namespace in name order, and each Pod's effective addresses ({@code status.podIPs} plus what its
 * local endpoint was given at CNI ADD time).
 */
final class ClusterIndex {
    static final String NAME_LABEL = "kubernetes.io/metadata.name";
    /** Orders addresses IPv4 first, then by bytes. */
    static final Comparator<InetAddress> ADDRESS_ORDER = Comparator.<InetAddress>comparingInt(a -> a.getAddress().length)
            .thenComparing((a, b) -> Arrays.compareUnsigned(a.getAddress(), b.getAddress()));

    private final SortedMap<String, Map<String, String>> namespaceLabels = new TreeMap<>();
    private final Map<String, List<PodInfo>> podsByNamespace = new HashMap<>();
    private final Map<PodRef, PodInfo> pods = new HashMap<>();
    private final Map<PodRef, List<InetAddress>> addresses = new HashMap<>();

    ClusterIndex(ClusterState state, Map<PodRef, LocalEndpointInfo> local) {
        for (NamespaceInfo ns : state.namespaces()) {
            Map<String, String> labels = new HashMap<>(ns.labels());
            labels.put(NAME_LABEL, ns.name());
            namespaceLabels.put(ns.name(), Map.copyOf(labels));
        }
        for (PodInfo pod : state.pods()) {
            if (pods.put(pod.ref(), pod) != null) {
                throw new IllegalArgumentException("duplicate Pod " + pod.ref());
            }
            namespaceLabels.computeIfAbsent(pod.namespace(), n -> Map.of(NAME_LABEL, n));
            podsByNamespace.computeIfAbsent(pod.namespace(), n -> new ArrayList<>()).add(pod);
            TreeSet<InetAddress> ips = new TreeSet<>(ADDRESS_ORDER);
            ips.addAll(pod.ips());
            LocalEndpointInfo ep = local.get(pod.ref());
            if (ep != null) {
                ips.addAll(ep.ips());
            }
            addresses.put(pod.ref(), List.copyOf(ips));
        }
        podsByNamespace.values().forEach(list -> list.sort(Comparator.comparing(PodInfo::name)));
    }

    PodInfo pod(PodRef ref) {
        return pods.get(ref);
    }

    /** The Pod's effective addresses, IPv4 first; empty if it has none yet. */
    List<InetAddress> addresses(PodRef ref) {
        return addresses.getOrDefault(ref, List.of());
    }

    /** Pods of {@code namespace} in name order. */
    List<PodInfo> podsIn(String namespace) {
        return podsByNamespace.getOrDefault(namespace, List.of());
    }

    /** Pods in {@code scope}, in (namespace, name) order. */
    List<PodInfo> podsIn(PodScope scope) {
        List<PodInfo> out = new ArrayList<>();
        if (scope.namespace() != null) {
            addMatching(podsIn(scope.namespace()), scope.podSelector(), out);
            return out;
        }
        namespaceLabels.forEach((ns, labels) -> {
            if (scope.namespaceSelector().matches(labels)) {
                addMatching(podsIn(ns), scope.podSelector(), out);
            }
        });
        return out;
    }

    private static void addMatching(List<PodInfo> pods, Selector selector, List<PodInfo> out) {
        for (PodInfo pod : pods) {
            if (selector.matches(pod.labels())) {
                out.add(pod);
            }
        }
    }
}
