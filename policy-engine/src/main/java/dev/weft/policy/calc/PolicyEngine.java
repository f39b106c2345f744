package dev.weft.policy.calc;

import dev.weft.model.endpoint.EndpointId;
import dev.weft.model.endpoint.LocalEndpoint;
import dev.weft.model.filter.Action;
import dev.weft.model.filter.ChainName;
import dev.weft.model.filter.Direction;
import dev.weft.model.filter.EndpointChain;
import dev.weft.model.filter.PolicyChain;
import dev.weft.model.sync.DesiredState;
import dev.weft.policy.input.ClusterState;
import dev.weft.policy.input.LocalEndpointInfo;
import dev.weft.policy.input.NetworkPolicyInfo;
import dev.weft.policy.input.PodInfo;
import dev.weft.policy.input.PodRef;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes a node's desired NetworkPolicy dataplane from the cluster state: a pure, deterministic
 * full recompute (same objects in any order → {@code equals} results). Stateless and thread-safe.
 *
 * <p>Semantics ({@code networking.k8s.io/v1}):
 * <ul>
 *   <li>A Pod is isolated for ingress (egress) when a valid policy of its namespace selects it and
 *       has Ingress (Egress) in its effective policyTypes (omitted: Ingress, plus Egress when the
 *       policy has egress rules). Its endpoint then gets an {@link EndpointChain} for that direction
 *       referencing the {@link PolicyChain}s of all such policies, ordered by policy name; traffic
 *       is allowed if any of them allows it. A non-isolated direction has no chain: all allowed.
 *   <li>Peers, ports and named ports compile as described on {@code RuleCompiler}; IP sets as on
 *       {@code IpSetCalculator}.
 *   <li>Invalid policies are {@link Rejection rejected} individually (see {@code PolicyValidator});
 *       two policies with the same namespace/name are both rejected.
 *   <li>Only local endpoints with a known Pod are bound (an endpoint whose Pod object is not in the
 *       state yet is left out: the caller must wait for the Pod before binding).
 * </ul>
 */
public final class PolicyEngine {
    private PolicyEngine() {}

    /**
     * Computes the desired state of a node.
     *
     * @param state every Namespace, Pod and NetworkPolicy of the cluster
     * @param localEndpoints the Pods wired on this node; at most one per Pod
     * @return the desired state (only what the local endpoints need) and the rejected policies
     * @throws IllegalArgumentException if a Pod or a local endpoint appears twice
     */
    public static PolicyResult compute(ClusterState state, Collection<LocalEndpointInfo> localEndpoints) {
        Map<PodRef, LocalEndpointInfo> local = new HashMap<>();
        for (LocalEndpointInfo ep : localEndpoints) {
            if (local.put(ep.pod(), ep) != null) {
                throw new IllegalArgumentException("duplicate local endpoint for Pod " + ep.pod());
            }
        }
        ClusterIndex cluster = new ClusterIndex(state, local);
        List<Rejection> rejections = new ArrayList<>();
        Map<String, List<ValidPolicy>> policiesByNamespace = validate(state.policies(), rejections);

        IpSetCalculator sets = new IpSetCalculator(cluster);
        Map<ChainName, PolicyChain> policyChains = new TreeMap<>();
        List<EndpointChain> endpointChains = new ArrayList<>();
        List<LocalEndpoint> endpoints = new ArrayList<>();
        List<LocalEndpointInfo> sortedLocal = new ArrayList<>(local.values());
        sortedLocal.sort(Comparator.comparing((LocalEndpointInfo e) -> e.pod().namespace()).thenComparing(e -> e.pod().name()));
        for (LocalEndpointInfo ep : sortedLocal) {
            PodInfo pod = cluster.pod(ep.pod());
            if (pod == null) {
                continue;
            }
            List<ValidPolicy> selecting = new ArrayList<>();
            for (ValidPolicy p : policiesByNamespace.getOrDefault(pod.namespace(), List.of())) {
                if (p.podSelector().matches(pod.labels())) {
                    selecting.add(p);
                }
            }
            Optional<ChainName> ingress = endpointChain(pod, selecting, Direction.INGRESS, sets, policyChains, endpointChains);
            Optional<ChainName> egress = endpointChain(pod, selecting, Direction.EGRESS, sets, policyChains, endpointChains);
            TreeSet<InetAddress> ips = new TreeSet<>(ClusterIndex.ADDRESS_ORDER);
            ips.addAll(cluster.addresses(pod.ref()));
            endpoints.add(new LocalEndpoint(new EndpointId(pod.namespace(), pod.name()), ep.interfaceName(),
                    List.copyOf(ips), ingress, egress));
        }
        DesiredState desired = DesiredState.of(sets.sets(), policyChains.values(), endpointChains, endpoints);
        rejections.sort(Comparator.comparing(Rejection::policy).thenComparing(Rejection::reason));
        return new PolicyResult(desired, rejections);
    }

    private static Optional<ChainName> endpointChain(PodInfo pod, List<ValidPolicy> selecting, Direction direction,
                                                     IpSetCalculator sets, Map<ChainName, PolicyChain> policyChains,
                                                     List<EndpointChain> endpointChains) {
        List<ChainName> refs = new ArrayList<>();
        for (ValidPolicy p : selecting) {
            if (p.isolates(direction)) {
                ChainName name = ChainName.policy(p.namespace(), p.name(), direction);
                policyChains.computeIfAbsent(name, n -> RuleCompiler.compile(p, direction, sets));
                refs.add(name);
            }
        }
        if (refs.isEmpty()) {
            return Optional.empty();
        }
        ChainName name = ChainName.endpoint(pod.namespace(), pod.name(), direction);
        endpointChains.add(new EndpointChain(name, direction, refs, Action.DENY));
        return Optional.of(name);
    }

    /** Valid policies by namespace, each list in name order; invalid and duplicate ones go to {@code rejections}. */
    private static Map<String, List<ValidPolicy>> validate(List<NetworkPolicyInfo> policies, List<Rejection> rejections) {
        Map<String, List<NetworkPolicyInfo>> byKey = new TreeMap<>();
        for (NetworkPolicyInfo p : policies) {
            byKey.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p);
        }
        Map<String, List<ValidPolicy>> out = new HashMap<>();
        byKey.forEach((key, list) -> {
            if (list.size() > 1) {
                rejections.add(new Rejection(key, "defined " + list.size() + " times; namespace/name must be unique"));
                return;
            }
            try {
                ValidPolicy v = PolicyValidator.validate(list.get(0));
                out.computeIfAbsent(v.namespace(), n -> new ArrayList<>()).add(v);
            } catch (InvalidPolicyException e) {
                rejections.add(new Rejection(key, e.getMessage()));
            }
        });
        out.values().forEach(l -> l.sort(Comparator.comparing(ValidPolicy::name)));
        return out;
    }
}
