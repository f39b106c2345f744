package dev.weft.agent.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.agent.datastore.Resource;
import dev.weft.common.net.IpAddresses;
import dev.weft.policy.input.ClusterState;
import dev.weft.policy.input.ContainerPort;
import dev.weft.policy.input.IpBlockInfo;
import dev.weft.policy.input.LabelSelector;
import dev.weft.policy.input.LabelSelectorRequirement;
import dev.weft.policy.input.NamespaceInfo;
import dev.weft.policy.input.NetworkPolicyInfo;
import dev.weft.policy.input.PeerInfo;
import dev.weft.policy.input.PodInfo;
import dev.weft.policy.input.PortInfo;
import dev.weft.policy.input.RuleInfo;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapter from Kubernetes objects to the policy engine's input records ({@code
 * dev.weft.policy.input}). Objects go through fabric8's typed models ({@link Pod}, {@link
 * Namespace}, {@link NetworkPolicy}; Jackson {@code treeToValue} for the directory datastore), so
 * the same conversion serves fabric8 informers.
 *
 * <ul>
 *   <li><b>Pods</b>: {@code metadata.labels}, {@code status.podIPs} (else {@code status.podIP}),
 *       {@code spec.nodeName}, every {@code spec.containers[].ports[]} (name, containerPort,
 *       protocol). Pods with {@code spec.hostNetwork: true} and Pods in phase {@code Succeeded} or
 *       {@code Failed} are left out (no network of their own / their IP may already belong to a new
 *       Pod), as the policy engine's design asks.
 *   <li><b>Namespaces</b>: {@code metadata.labels} plus {@code kubernetes.io/metadata.name=<name>},
 *       which the API server sets on every namespace.
 *   <li><b>NetworkPolicies</b>: {@code policyTypes} absent or {@code []} → null (omitted: the engine
 *       defaults it); {@code ingress}/{@code egress}/{@code from}/{@code to}/{@code ports} absent
 *       and {@code []} both → no entries (Go {@code omitempty}), while {@code [{}]} stays one empty
 *       rule (allow all); an absent peer selector stays null and {@code {}} becomes the empty
 *       selector; {@code port} as number or name (IntOrString); {@code endPort}; CIDRs, protocols,
 *       operators and policy types stay raw strings so that the engine validates them.
 * </ul>
 * An object that cannot even be converted (wrong JSON types, an unparseable Pod IP) becomes an
 * {@link InputRejection} (logged as a warning once per conversion); all others keep going.
 * Stateless and thread-safe.
 */
public final class PolicyInputs {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyInputs.class);
    /** The label the API server puts on every namespace (Kubernetes ≥ 1.22). */
    public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private PolicyInputs() {}

    /**
     * The policy engine's input and what could not be converted.
     *
     * @param state Namespaces, Pods (policy-governed ones only) and NetworkPolicies
     * @param rejections objects left out, in input order
     */
    public record Result(ClusterState state, List<InputRejection> rejections) {
        public Result {
            rejections = List.copyOf(rejections);
        }
    }

    /** Converts the Pods, Namespaces and NetworkPolicies of a directory-datastore state. */
    public static Result fromDatastore(dev.weft.agent.datastore.ClusterState state) {
        List<Resource> all = new ArrayList<>();
        all.addAll(state.resources("Namespace").values());
        all.addAll(state.resources("Pod").values());
        all.addAll(state.resources("NetworkPolicy").values());
        return fromResources(all);
    }

    /**
     * Converts resources; kinds other than {@code Pod}, {@code Namespace} and {@code NetworkPolicy}
     * are ignored. The namespace of a namespaced object is the {@link Resource}'s (the datastore
     * defaults it to {@code default}).
     */
    public static Result fromResources(Collection<Resource> resources) {
        return fromResources(resources, PolicyInputs::convert);
    }

    /** {@link #fromResources(Collection)} with a per-object conversion (e.g. a memoising one). */
    static Result fromResources(Collection<Resource> resources, java.util.function.Function<Resource, Converted> convert) {
        List<NamespaceInfo> namespaces = new ArrayList<>();
        List<PodInfo> pods = new ArrayList<>();
        List<NetworkPolicyInfo> policies = new ArrayList<>();
        List<InputRejection> rejections = new ArrayList<>();
        for (Resource r : resources) {
            Converted c = convert.apply(r);
            if (c.value() instanceof NamespaceInfo n) {
                namespaces.add(n);
            } else if (c.value() instanceof PodInfo p) {
                pods.add(p);
            } else if (c.value() instanceof NetworkPolicyInfo n) {
                policies.add(n);
            } else if (c.value() instanceof InputRejection rej) {
                rejections.add(rej);
            }
        }
        return new Result(ClusterState.of(namespaces, pods, policies), rejections);
    }

    /**
     * The conversion of one object.
     *
     * @param value a NamespaceInfo, PodInfo, NetworkPolicyInfo or InputRejection; null when the
     *     object is ignored (another kind, a hostNetwork or finished Pod)
     */
    record Converted(Object value) {}

    /** Converts one resource; never throws (a failure is an {@link InputRejection}, logged). */
    static Converted convert(Resource r) {
        try {
            return new Converted(switch (r.kind()) {
                case "Namespace" -> namespace(MAPPER.treeToValue(r.body(), Namespace.class), r.name());
                case "Pod" -> pod(MAPPER.treeToValue(r.body(), Pod.class), r.namespace(), r.name()).orElse(null);
                case "NetworkPolicy" -> networkPolicy(MAPPER.treeToValue(r.body(), NetworkPolicy.class), r.namespace(), r.name());
                default -> null;
            });
        } catch (JsonProcessingException | IllegalArgumentException e) {
            InputRejection rej = new InputRejection(r.kind() + " " + r.key(),
                    r.source() == null ? "" : r.source().getFileName().toString(), oneLine(e));
            LOG.warn("policy input rejected: {}", rej);
            return new Converted(rej);
        }
    }

    /**
     * Converts a Namespace.
     *
     * @throws IllegalArgumentException if it has no {@code metadata.name}
     */
    public static NamespaceInfo namespace(Namespace ns) {
        return namespace(ns, null);
    }

    private static NamespaceInfo namespace(Namespace ns, String fallbackName) {
        ObjectMeta meta = meta(ns.getMetadata());
        String name = meta.getName() != null ? meta.getName() : fallbackName;
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("metadata.name is required");
        }
        Map<String, String> labels = new LinkedHashMap<>(orEmpty(meta.getLabels()));
        labels.put(NAMESPACE_NAME_LABEL, name);
        return new NamespaceInfo(name, labels);
    }

    /**
     * Converts a Pod; empty for Pods the engine must not see ({@code hostNetwork}, phase
     * {@code Succeeded}/{@code Failed}).
     *
     * @throws IllegalArgumentException if a Pod IP or a container port is invalid, or the name is missing
     */
    public static Optional<PodInfo> pod(Pod pod) {
        return pod(pod, null, null);
    }

    private static Optional<PodInfo> pod(Pod pod, String fallbackNamespace, String fallbackName) {
        ObjectMeta meta = meta(pod.getMetadata());
        String name = meta.getName() != null ? meta.getName() : fallbackName;
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("metadata.name is required");
        }
        String namespace = fallbackNamespace != null ? fallbackNamespace
                : meta.getNamespace() == null || meta.getNamespace().isEmpty() ? "default" : meta.getNamespace();
        if (pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
            return Optional.empty();
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return Optional.empty();
        }
        List<InetAddress> ips = new ArrayList<>();
        if (pod.getStatus() != null) {
            List<PodIP> podIps = pod.getStatus().getPodIPs();
            if (podIps != null && !podIps.isEmpty()) {
                for (int i = 0; i < podIps.size(); i++) {
                    ips.add(address(podIps.get(i) == null ? null : podIps.get(i).getIp(), "status.podIPs[" + i + "].ip"));
                }
            } else if (pod.getStatus().getPodIP() != null && !pod.getStatus().getPodIP().isEmpty()) {
                ips.add(address(pod.getStatus().getPodIP(), "status.podIP"));
            }
        }
        List<ContainerPort> ports = new ArrayList<>();
        String nodeName = null;
        if (pod.getSpec() != null) {
            nodeName = pod.getSpec().getNodeName();
            List<Container> containers = orEmpty(pod.getSpec().getContainers());
            for (int c = 0; c < containers.size(); c++) {
                List<io.fabric8.kubernetes.api.model.ContainerPort> cps = orEmpty(containers.get(c).getPorts());
                for (int p = 0; p < cps.size(); p++) {
                    io.fabric8.kubernetes.api.model.ContainerPort cp = cps.get(p);
                    if (cp.getContainerPort() == null) {
                        throw new IllegalArgumentException("spec.containers[" + c + "].ports[" + p + "].containerPort is required");
                    }
                    ports.add(new ContainerPort(emptyToNull(cp.getName()), cp.getContainerPort(), emptyToNull(cp.getProtocol())));
                }
            }
        }
        return Optional.of(new PodInfo(namespace, name, orEmpty(meta.getLabels()), ips, nodeName, ports));
    }

    /**
     * Converts a NetworkPolicy, keeping raw strings for the engine to validate.
     *
     * @throws IllegalArgumentException if the name is missing
     */
    public static NetworkPolicyInfo networkPolicy(NetworkPolicy policy) {
        return networkPolicy(policy, null, null);
    }

    private static NetworkPolicyInfo networkPolicy(NetworkPolicy policy, String fallbackNamespace, String fallbackName) {
        ObjectMeta meta = meta(policy.getMetadata());
        String name = meta.getName() != null ? meta.getName() : fallbackName;
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("metadata.name is required");
        }
        String namespace = fallbackNamespace != null ? fallbackNamespace
                : meta.getNamespace() == null || meta.getNamespace().isEmpty() ? "default" : meta.getNamespace();
        NetworkPolicySpec spec = policy.getSpec() == null ? new NetworkPolicySpec() : policy.getSpec();
        LabelSelector podSelector = selector(spec.getPodSelector());
        List<String> types = spec.getPolicyTypes() == null || spec.getPolicyTypes().isEmpty()
                ? null : List.copyOf(spec.getPolicyTypes());
        List<RuleInfo> ingress = new ArrayList<>();
        for (NetworkPolicyIngressRule r : orEmpty(spec.getIngress())) {
            ingress.add(new RuleInfo(ports(r.getPorts()), peers(r.getFrom())));
        }
        List<RuleInfo> egress = new ArrayList<>();
        for (NetworkPolicyEgressRule r : orEmpty(spec.getEgress())) {
            egress.add(new RuleInfo(ports(r.getPorts()), peers(r.getTo())));
        }
        return new NetworkPolicyInfo(namespace, name, podSelector == null ? LabelSelector.ALL : podSelector, types,
                ingress, egress);
    }

    private static List<PortInfo> ports(List<NetworkPolicyPort> ports) {
        List<PortInfo> out = new ArrayList<>();
        for (NetworkPolicyPort p : orEmpty(ports)) {
            IntOrString port = p.getPort();
            Integer number = null;
            String name = null;
            if (port != null) {
                if (port.getIntVal() != null) {
                    number = port.getIntVal();
                } else if (port.getStrVal() != null) {
                    name = port.getStrVal();
                }
            }
            out.add(new PortInfo(emptyToNull(p.getProtocol()), number, name, p.getEndPort()));
        }
        return out;
    }

    private static List<PeerInfo> peers(List<NetworkPolicyPeer> peers) {
        List<PeerInfo> out = new ArrayList<>();
        for (NetworkPolicyPeer p : orEmpty(peers)) {
            IPBlock b = p.getIpBlock();
            IpBlockInfo block = b == null ? null : new IpBlockInfo(b.getCidr() == null ? "" : b.getCidr(), orEmpty(b.getExcept()));
            out.add(new PeerInfo(selector(p.getPodSelector()), selector(p.getNamespaceSelector()), block));
        }
        return out;
    }

    /** Null stays null (field absent); {@code {}} becomes the empty selector. */
    private static LabelSelector selector(io.fabric8.kubernetes.api.model.LabelSelector s) {
        if (s == null) {
            return null;
        }
        List<LabelSelectorRequirement> exprs = new ArrayList<>();
        for (io.fabric8.kubernetes.api.model.LabelSelectorRequirement r : orEmpty(s.getMatchExpressions())) {
            exprs.add(new LabelSelectorRequirement(r.getKey() == null ? "" : r.getKey(),
                    r.getOperator() == null ? "" : r.getOperator(), orEmpty(r.getValues())));
        }
        return new LabelSelector(orEmpty(s.getMatchLabels()), exprs);
    }

    private static InetAddress address(String text, String field) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException(field + " is empty");
        }
        try {
            return IpAddresses.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": '" + text + "' is not an IP address", e);
        }
    }

    private static ObjectMeta meta(ObjectMeta m) {
        return m == null ? new ObjectMeta() : m;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static <T> List<T> orEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> m) {
        return m == null ? Map.of() : m;
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
