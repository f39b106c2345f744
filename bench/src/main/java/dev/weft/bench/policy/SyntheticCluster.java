package dev.weft.bench.policy;

import dev.weft.common.net.IpAddresses;
import dev.weft.policy.input.ClusterState;
import dev.weft.policy.input.ContainerPort;
import dev.weft.policy.input.IpBlockInfo;
import dev.weft.policy.input.LabelSelector;
import dev.weft.policy.input.LabelSelectorRequirement;
import dev.weft.policy.input.LocalEndpointInfo;
import dev.weft.policy.input.NamespaceInfo;
import dev.weft.policy.input.NetworkPolicyInfo;
import dev.weft.policy.input.PeerInfo;
import dev.weft.policy.input.PodInfo;
import dev.weft.policy.input.PortInfo;
import dev.weft.policy.input.RuleInfo;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A deterministic synthetic cluster for the NetworkPolicy benchmark: {@code namespaces} namespaces
 * of {@code podsPerNamespace} Pods, {@code policiesPerNamespace} NetworkPolicies each (templates
 * 0–9 below, repeated), Pods spread round-robin over {@code nodes} nodes.
 *
 * <p>Namespace {@code ns-NNN}: labels {@code team=tN} (10 teams), {@code env=prod|staging|dev}.
 * Pod {@code p-NNN}: labels {@code app=aN} (10 apps), {@code role=frontend|backend|db|cache},
 * {@code version=v1|v2}, sometimes {@code monitoring=true} or {@code canary=true}, drawn from a
 * {@link Random} with a fixed seed; IPv4 address {@code 10.128.<node>.<1..>} (a /24 per node);
 * container ports {@code http} (TCP 8080 or 8081), {@code metrics} (TCP 9090), {@code dns}
 * (UDP 53) on some and {@code db} (TCP 5432) on {@code role=db}.
 *
 * <p>Policy templates (index {@code k} in the namespace): 0 default deny (every 10th namespace:
 * Ingress+Egress; every 10th + 5: Ingress) or allow from the same namespace; 1 matchLabels peer,
 * numeric port; 2 matchExpressions In, namespaceSelector ∩ podSelector, named port; 3 egress to
 * ipBlock with two excepts and to the DNS namespace; 4 endPort range from an ipBlock with except,
 * NotIn; 5 Exists, namespaceSelector env=prod ∩ monitoring=true, named port; 6 ingress + egress
 * with {@code policyTypes} omitted, named port, DoesNotExist; 7 IPv6 ipBlock with except; 8 all
 * namespaces ∩ an app, UDP range and SCTP; 9 egress to namespaceSelector NotIn + ipBlock, numeric
 * and named ports.
 */
final class SyntheticCluster {
    static final String[] ROLES = {"frontend", "backend", "db", "cache"};
    final List<NamespaceInfo> namespaces = new ArrayList<>();
    final List<PodInfo> pods = new ArrayList<>();
    final List<NetworkPolicyInfo> policies = new ArrayList<>();
    final String localNode;
    final int nodes;

    private SyntheticCluster(int nodes, String localNode) {
        this.nodes = nodes;
        this.localNode = localNode;
    }

    /**
     * Builds the cluster.
     *
     * @param namespaceCount namespaces (≤ 1000)
     * @param podsPerNamespace Pods per namespace
     * @param policiesPerNamespace policies per namespace
     * @param nodeCount nodes (≤ 250); Pods are placed round-robin by global index
     * @param localNodeIndex the benchmarked node ({@code node-NN})
     * @param seed the label seed
     */
    static SyntheticCluster generate(int namespaceCount, int podsPerNamespace, int policiesPerNamespace, int nodeCount, int localNodeIndex, long seed) {
        if (nodeCount > 250 || (long) namespaceCount * podsPerNamespace > 250L * nodeCount) {
            throw new IllegalArgumentException("at most 250 nodes of at most 250 Pods each");
        }
        SyntheticCluster c = new SyntheticCluster(nodeCount, nodeName(localNodeIndex));
        Random r = new Random(seed);
        int g = 0;
        for (int n = 0; n < namespaceCount; n++) {
            String ns = nsName(n);
            c.namespaces.add(new NamespaceInfo(ns, Map.of("team", "t" + (n % 10), "env", n % 3 == 0 ? "prod" : n % 3 == 1 ? "staging" : "dev")));
            for (int j = 0; j < podsPerNamespace; j++, g++) {
                Map<String, String> labels = new LinkedHashMap<>();
                labels.put("app", "a" + r.nextInt(10));
                labels.put("role", ROLES[r.nextInt(ROLES.length)]);
                labels.put("version", r.nextBoolean() ? "v1" : "v2");
                if (r.nextInt(5) == 0) {
                    labels.put("monitoring", "true");
                }
                if (r.nextInt(10) == 0) {
                    labels.put("canary", "true");
                }
                int node = g % nodeCount;
                InetAddress ip = IpAddresses.fromIpv4Int((10 << 24) | (128 << 16) | (node << 8) | (g / nodeCount + 1));
                List<ContainerPort> ports = new ArrayList<>();
                ports.add(new ContainerPort("http", r.nextBoolean() ? 8080 : 8081, "TCP"));
                ports.add(new ContainerPort("metrics", 9090, "TCP"));
                if (r.nextInt(4) == 0) {
                    ports.add(new ContainerPort("dns", 53, "UDP"));
                }
                if (labels.get("role").equals("db")) {
                    ports.add(new ContainerPort("db", 5432, "TCP"));
                }
                c.pods.add(new PodInfo(ns, String.format(Locale.ROOT, "p-%03d", j), labels, List.of(ip), nodeName(node), ports));
            }
            for (int k = 0; k < policiesPerNamespace; k++) {
                c.policies.add(policy(n, k, r));
            }
        }
        return c;
    }

    static String nsName(int n) {
        return String.format(Locale.ROOT, "ns-%03d", n);
    }

    static String nodeName(int n) {
        return String.format(Locale.ROOT, "node-%02d", n);
    }

    /** The cluster state with the given Pods instead of the generated ones. */
    ClusterState state(List<PodInfo> withPods) {
        return ClusterState.of(namespaces, withPods, policies);
    }

    /** The local endpoints of the benchmarked node: its Pods, host interface {@code wft<11 hex of SHA-256(ns/name)>}. */
    List<LocalEndpointInfo> localEndpoints() {
        List<LocalEndpointInfo> out = new ArrayList<>();
        for (PodInfo p : pods) {
            if (localNode.equals(p.nodeName())) {
                out.add(new LocalEndpointInfo(p.ref(), interfaceName(p), p.ips()));
            }
        }
        return out;
    }

    static String interfaceName(PodInfo p) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((p.namespace() + "/" + p.name()).getBytes(StandardCharsets.UTF_8));
            return "wft" + HexFormat.of().formatHex(d).substring(0, 11);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LabelSelector labels(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return LabelSelector.of(m);
    }

    private static LabelSelector expr(String key, String op, String... values) {
        return new LabelSelector(Map.of(), List.of(new LabelSelectorRequirement(key, op, List.of(values))));
    }

    private static PortInfo range(String protocol, int from, int to) {
        return new PortInfo(protocol, from, null, to);
    }

    private static NetworkPolicyInfo policy(int n, int k, Random r) {
        String ns = nsName(n);
        String name = String.format(Locale.ROOT, "np-%02d", k);
        String app = "a" + r.nextInt(10);
        String peerApp = "a" + r.nextInt(10);
        switch (k % 10) {
            case 0:
                if (n % 10 == 0) {
                    return new NetworkPolicyInfo(ns, "default-deny-all", LabelSelector.ALL, List.of("Ingress", "Egress"), null, null);
                }
                if (n % 10 == 5) {
                    return new NetworkPolicyInfo(ns, "default-deny-ingress", LabelSelector.ALL, List.of("Ingress"), null, null);
                }
                return new NetworkPolicyInfo(ns, "allow-same-namespace", LabelSelector.ALL, null,
                        List.of(new RuleInfo(null, List.of(PeerInfo.pods(LabelSelector.ALL)))), null);
            case 1:
                return new NetworkPolicyInfo(ns, name, labels("app", app), null,
                        List.of(new RuleInfo(List.of(PortInfo.number("TCP", 8080)), List.of(PeerInfo.pods(labels("app", peerApp))))), null);
            case 2:
                return new NetworkPolicyInfo(ns, name, expr("role", "In", "backend", "db"), List.of("Ingress"),
                        List.of(new RuleInfo(List.of(PortInfo.named("TCP", "http")),
                                List.of(new PeerInfo(labels("role", "frontend"), expr("team", "In", "t" + r.nextInt(10), "t" + r.nextInt(10)), null)))), null);
            case 3:
                return new NetworkPolicyInfo(ns, name, labels("app", app), List.of("Egress"), null, List.of(
                        new RuleInfo(List.of(PortInfo.number("TCP", 443), PortInfo.number("UDP", 53)),
                                List.of(PeerInfo.ipBlock("10.0.0.0/8", "10.128.0.0/16", "10." + (200 + r.nextInt(50)) + ".0.0/16"))),
                        new RuleInfo(List.of(PortInfo.number("UDP", 53), PortInfo.number("TCP", 53)),
                                List.of(PeerInfo.namespaces(labels("kubernetes.io/metadata.name", nsName(0)))))));
            case 4:
                return new NetworkPolicyInfo(ns, name, expr("role", "NotIn", "db"), null,
                        List.of(new RuleInfo(List.of(range("TCP", 30000, 32767)),
                                List.of(PeerInfo.ipBlock("192.168.0.0/16", "192.168." + r.nextInt(256) + ".0/24")))), null);
            case 5:
                return new NetworkPolicyInfo(ns, name, expr("app", "Exists"), List.of("Ingress"),
                        List.of(new RuleInfo(List.of(PortInfo.named("TCP", "metrics")),
                                List.of(new PeerInfo(labels("monitoring", "true"), labels("env", "prod"), null)))), null);
            case 6:
                return new NetworkPolicyInfo(ns, name, labels("role", "frontend"), null,
                        List.of(new RuleInfo(List.of(PortInfo.named("TCP", "http")), List.of(PeerInfo.pods(expr("canary", "DoesNotExist"))))),
                        List.of(new RuleInfo(List.of(PortInfo.named("TCP", "http")), List.of(PeerInfo.pods(labels("role", "backend"))))));
            case 7:
                return new NetworkPolicyInfo(ns, name, expr("app", "In", app, peerApp), List.of("Ingress"),
                        List.of(new RuleInfo(List.of(PortInfo.number("TCP", 8443)),
                                List.of(PeerInfo.ipBlock("2001:db8:" + Integer.toHexString(n) + "::/48", "2001:db8:" + Integer.toHexString(n) + ":ff::/64"),
                                        PeerInfo.ipBlock("203.0.113.0/24")))), null);
            case 8:
                return new NetworkPolicyInfo(ns, name, labels("app", app, "version", "v" + (1 + r.nextInt(2))), null,
                        List.of(new RuleInfo(List.of(range("UDP", 5000, 5100), PortInfo.number("SCTP", 3868)),
                                List.of(new PeerInfo(labels("app", peerApp), LabelSelector.ALL, null)))), null);
            default:
                return new NetworkPolicyInfo(ns, name, labels("app", app), List.of("Egress"), null, List.of(
                        new RuleInfo(List.of(PortInfo.number("TCP", 5432), PortInfo.named("TCP", "db")),
                                List.of(PeerInfo.namespaces(expr("env", "NotIn", "dev")), PeerInfo.ipBlock("172.16.0.0/12", "172.16." + r.nextInt(16) + ".0/24")))));
        }
    }
}
