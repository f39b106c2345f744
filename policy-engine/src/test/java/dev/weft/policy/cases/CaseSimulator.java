package dev.weft.policy.cases;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.common.net.IpPrefix;
import dev.weft.model.ipset.Protocol;
import dev.weft.policy.cases.NetpolCase.ModelNamespace;
import dev.weft.policy.cases.NetpolCase.ModelPod;
import dev.weft.policy.cases.NetpolCase.Probe;
import dev.weft.policy.cases.NetpolCase.Step;
import dev.weft.policy.eval.FlowPeer;
import dev.weft.policy.eval.PolicyEvaluator;
import dev.weft.policy.eval.Verdict;
import dev.weft.policy.input.ClusterState;
import dev.weft.policy.input.ContainerPort;
import dev.weft.policy.input.NamespaceInfo;
import dev.weft.policy.input.NetworkPolicyInfo;
import dev.weft.policy.input.PodInfo;
import dev.weft.policy.input.PodRef;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replays a case offline: Pods get synthetic addresses in 10.244.0.0/16, steps mutate labels and
 * policies, and each probe's matrix is computed with the {@link PolicyEvaluator}.
 */
final class CaseSimulator {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(hostCIDR|cidrContaining|podIP)\\s+(\\S+?)(?:\\s+(\\d+))?\\s*}}");

    private final NetpolCase c;
    private final Map<String, Map<String, String>> namespaceLabels = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> podLabels = new LinkedHashMap<>();
    private final Map<String, InetAddress> podIps = new HashMap<>();
    private final Map<String, JsonNode> activePolicies = new TreeMap<>();
    private final List<dev.weft.policy.calc.Rejection> rejections = new ArrayList<>();

    CaseSimulator(NetpolCase c) {
        this.c = c;
        for (ModelNamespace ns : c.namespaces()) {
            namespaceLabels.put(ns.name(), new TreeMap<>(ns.labels()));
        }
        int i = 0;
        for (ModelPod p : c.pods()) {
            podLabels.put(p.key(), new TreeMap<>(p.labels()));
            i++;
            podIps.put(p.key(), address(new byte[] {10, (byte) 244, (byte) (i / 200 + 1), (byte) (i % 200 + 10)}));
        }
    }

    /** One differing cell. */
    record Mismatch(String step, int port, String protocol, String from, String to, String expected, Verdict actual) {
        @Override
        public String toString() {
            return "step " + step + " " + port + "/" + protocol + " " + from + " -> " + to + ": expected " + expected
                    + ", got " + (actual.allowed() ? "allowed" : "denied") + "\n    " + actual.describe().replace("\n", "\n    ");
        }
    }

    /** Runs every step; returns the differing cells (empty = PASS) and counts checked cells into {@code checked[0]}. */
    List<Mismatch> run(int[] checked) {
        List<Mismatch> out = new ArrayList<>();
        for (Step step : c.steps()) {
            for (JsonNode a : step.actions()) {
                apply(a);
            }
            PolicyEvaluator evaluator = PolicyEvaluator.of(state());
            // A rejected policy is one the API server would have refused: it does not exist. Cases may
            // contain one on purpose; report it and carry on (a wrong rejection shows up as differing cells).
            evaluator.rejections().forEach(r -> System.out.println(c.name() + " step " + step.id() + ": rejected " + r));
            rejections.addAll(evaluator.rejections());
            for (Probe probe : c.probes()) {
                if (!probe.step().equals(step.id())) {
                    continue;
                }
                Protocol protocol = Protocol.fromKubernetes(probe.protocol())
                        .orElseThrow(() -> new IllegalArgumentException("unknown probe protocol " + probe.protocol()));
                probe.expected().forEach((from, row) -> row.forEach((to, expected) -> {
                    if (expected.equals("unasserted") || (from.equals(to) && c.ignoreLoopback())) {
                        return;
                    }
                    if (!expected.equals("allowed") && !expected.equals("denied")) {
                        throw new IllegalArgumentException(c.name() + ": unknown cell value '" + expected + "'");
                    }
                    checked[0]++;
                    Verdict v = evaluator.evaluate(new FlowPeer.Pod(PodRef.parse(from)), new FlowPeer.Pod(PodRef.parse(to)),
                            probe.port(), protocol);
                    if (v.allowed() != expected.equals("allowed")) {
                        out.add(new Mismatch(step.id(), probe.port(), probe.protocol(), from, to, expected, v));
                    }
                }));
            }
        }
        return out;
    }

    /** Policies the engine rejected during {@link #run}. */
    List<dev.weft.policy.calc.Rejection> rejections() {
        return rejections;
    }

    private void apply(JsonNode a) {
        String op = a.path("op").asText();
        switch (op) {
            case "create_policy", "update_policy" -> {
                JsonNode object = c.policies().get(a.path("policy").asText());
                if (object == null) {
                    throw new IllegalArgumentException(c.name() + ": unknown policy id " + a.path("policy").asText());
                }
                activePolicies.put(policyKey(object), object);
            }
            case "delete_policy" -> activePolicies.remove(policyKey(c.policies().get(a.path("policy").asText())));
            case "delete_all_policies" -> activePolicies.clear();
            case "add_pod_labels" -> labelsOf(podLabels, a.path("pod").asText()).putAll(CaseLoader.strings(a.path("labels")));
            case "remove_pod_labels" -> a.path("keys").forEach(k -> labelsOf(podLabels, a.path("pod").asText()).remove(k.asText()));
            case "add_namespace_labels" -> labelsOf(namespaceLabels, a.path("namespace").asText()).putAll(CaseLoader.strings(a.path("labels")));
            case "remove_namespace_labels" -> a.path("keys").forEach(k -> labelsOf(namespaceLabels, a.path("namespace").asText()).remove(k.asText()));
            case "recreate_pod" -> { /* same name, labels reset to the model, same synthetic IP: nothing changes offline */
                ModelPod p = c.pods().stream().filter(m -> m.key().equals(a.path("pod").asText())).findFirst().orElseThrow();
                podLabels.put(p.key(), new TreeMap<>(p.labels()));
            }
            default -> throw new IllegalArgumentException(c.name() + ": unknown step op '" + op + "'");
        }
    }

    private Map<String, String> labelsOf(Map<String, Map<String, String>> all, String key) {
        Map<String, String> labels = all.get(key);
        if (labels == null) {
            throw new IllegalArgumentException(c.name() + ": unknown object " + key);
        }
        return labels;
    }

    private static String policyKey(JsonNode object) {
        return object.path("metadata").path("namespace").asText() + "/" + object.path("metadata").path("name").asText();
    }

    ClusterState state() {
        List<NamespaceInfo> namespaces = new ArrayList<>();
        namespaceLabels.forEach((n, l) -> namespaces.add(new NamespaceInfo(n, l)));
        List<PodInfo> pods = new ArrayList<>();
        for (ModelPod p : c.pods()) {
            if (!p.running() || p.hostNetwork()) {
                continue;
            }
            List<ContainerPort> ports = p.ports().stream().map(m -> new ContainerPort(m.name(), m.port(), m.protocol())).toList();
            pods.add(new PodInfo(p.namespace(), p.name(), podLabels.get(p.key()), List.of(podIps.get(p.key())), "node-1", ports));
        }
        PolicyYaml yaml = new PolicyYaml(this::resolve);
        List<NetworkPolicyInfo> policies = activePolicies.values().stream().map(yaml::convert).toList();
        return ClusterState.of(namespaces, pods, policies);
    }

    /** Resolves {@code {{hostCIDR ns/pod}}}, {@code {{cidrContaining ns/pod N}}} and {@code {{podIP ns/pod}}}. */
    String resolve(String text) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            InetAddress ip = podIps.get(m.group(2));
            if (ip == null) {
                throw new IllegalArgumentException(c.name() + ": placeholder names unknown pod " + m.group(2));
            }
            String value = switch (m.group(1)) {
                case "hostCIDR" -> IpPrefix.host(ip).toString();
                case "podIP" -> ip.getHostAddress();
                default -> IpPrefix.of(ip, Integer.parseInt(m.group(3))).toString();
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        if (out.indexOf("{{") >= 0) {
            throw new IllegalArgumentException(c.name() + ": unresolved placeholder in '" + text + "'");
        }
        return out.toString();
    }

    private static InetAddress address(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
