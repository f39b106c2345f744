package dev.weft.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.weft.common.net.IpPrefix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Replays one conformance case (shared/conformance/netpol/FORMAT.md) into a datastore directory:
 * the model's Namespaces and Pods (synthetic IPs in 10.244.0.0/16, the model's containers and
 * ports, {@code hostNetwork}/{@code phase}/{@code ip_same_as} as given) and the active policies
 * with their {{...}} placeholders resolved, one YAML file per object. Steps mutate the state.
 */
final class NetpolCaseWriter {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\{\\{\\s*(hostCIDR|cidrContaining|podIP)\\s+(\\S+?)(?:\\s+(\\d+))?\\s*}}");

    final JsonNode root;
    final String name;
    private final Map<String, Map<String, String>> namespaceLabels = new LinkedHashMap<>();
    private final Map<String, JsonNode> modelPods = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> podLabels = new LinkedHashMap<>();
    private final Map<String, InetAddress> podIps = new HashMap<>();
    private final Map<String, JsonNode> policies = new LinkedHashMap<>();
    private final Map<String, JsonNode> active = new TreeMap<>();

    NetpolCaseWriter(Path file) {
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read case " + file, e);
        }
        if (root == null || !root.hasNonNull("name") || !root.hasNonNull("model")) {
            throw new IllegalArgumentException(file + ": not a case (needs name and model)");
        }
        name = root.get("name").asText();
        for (JsonNode ns : root.get("model").path("namespaces")) {
            namespaceLabels.put(ns.path("name").asText(), strings(ns.path("labels")));
        }
        int i = 0;
        for (JsonNode p : root.get("model").path("pods")) {
            String key = p.path("namespace").asText() + "/" + p.path("name").asText();
            modelPods.put(key, p);
            podLabels.put(key, strings(p.path("labels")));
            podIps.put(key, address(new byte[] {10, (byte) 244, (byte) (1 + i / 200), (byte) (2 + i % 200)}));
            i++;
        }
        modelPods.forEach((key, p) -> {
            if (p.hasNonNull("ip_same_as")) {
                podIps.put(key, podIps.get(p.get("ip_same_as").asText()));
            }
        });
        for (JsonNode p : root.path("policies")) {
            policies.put(p.path("id").asText(), p.path("object"));
        }
    }

    List<JsonNode> steps() {
        List<JsonNode> out = new ArrayList<>();
        root.path("steps").forEach(out::add);
        return out;
    }

    List<JsonNode> probes(String stepId) {
        List<JsonNode> out = new ArrayList<>();
        root.path("probes").forEach(p -> {
            if (p.path("step").asText().equals(stepId)) {
                out.add(p);
            }
        });
        return out;
    }

    boolean ignoreLoopback() {
        return root.path("ignore_loopback").asBoolean(false);
    }

    void apply(JsonNode action) {
        String op = action.path("op").asText();
        switch (op) {
            case "create_policy", "update_policy" -> {
                JsonNode object = policy(action.path("policy").asText());
                active.put(policyKey(object), object);
            }
            case "delete_policy" -> active.remove(policyKey(policy(action.path("policy").asText())));
            case "delete_all_policies" -> active.clear();
            case "add_pod_labels" -> labels(podLabels, action.path("pod").asText()).putAll(strings(action.path("labels")));
            case "remove_pod_labels" -> action.path("keys").forEach(k -> labels(podLabels, action.path("pod").asText()).remove(k.asText()));
            case "add_namespace_labels" -> labels(namespaceLabels, action.path("namespace").asText()).putAll(strings(action.path("labels")));
            case "remove_namespace_labels" ->
                    action.path("keys").forEach(k -> labels(namespaceLabels, action.path("namespace").asText()).remove(k.asText()));
            case "recreate_pod" -> {
                String key = action.path("pod").asText();
                labels(podLabels, key);
                podLabels.put(key, strings(modelPods.get(key).path("labels")));
            }
            default -> throw new IllegalArgumentException(name + ": unknown step op '" + op + "'");
        }
    }

    /** Replaces the directory's content with the current state. */
    void write(Path dir) throws IOException {
        try (Stream<Path> old = Files.list(dir)) {
            for (Path f : old.toList()) {
                Files.delete(f);
            }
        }
        for (Map.Entry<String, Map<String, String>> ns : namespaceLabels.entrySet()) {
            ObjectNode o = YAML.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
            o.putObject("metadata").put("name", ns.getKey()).set("labels", YAML.valueToTree(ns.getValue()));
            YAML.writeValue(dir.resolve("ns-" + ns.getKey() + ".yaml").toFile(), o);
        }
        int i = 0;
        for (Map.Entry<String, JsonNode> e : modelPods.entrySet()) {
            JsonNode m = e.getValue();
            ObjectNode o = YAML.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
            o.putObject("metadata").put("namespace", m.path("namespace").asText()).put("name", m.path("name").asText())
                    .set("labels", YAML.valueToTree(podLabels.get(e.getKey())));
            ObjectNode spec = o.putObject("spec").put("nodeName", "node-" + (1 + i % 2));
            if (m.path("hostNetwork").asBoolean(false)) {
                spec.put("hostNetwork", true);
            }
            ArrayNode containers = spec.putArray("containers");
            for (JsonNode c : m.path("containers")) {
                containers.add(c.deepCopy());
            }
            String ip = podIps.get(e.getKey()).getHostAddress();
            ObjectNode status = o.putObject("status").put("phase", m.path("phase").asText("Running")).put("podIP", ip);
            status.putArray("podIPs").addObject().put("ip", ip);
            YAML.writeValue(dir.resolve("pod-" + m.path("namespace").asText() + "-" + m.path("name").asText() + ".yaml").toFile(), o);
            i++;
        }
        int n = 0;
        for (JsonNode p : active.values()) {
            JsonNode resolved = resolveAll(p.deepCopy());
            if (!resolved.has("kind")) {
                ((ObjectNode) resolved).put("apiVersion", "networking.k8s.io/v1").put("kind", "NetworkPolicy");
            }
            YAML.writeValue(dir.resolve("netpol-" + n++ + ".yaml").toFile(), resolved);
        }
    }

    private JsonNode resolveAll(JsonNode node) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                f.setValue(resolveAll(f.getValue()));
            }
        } else if (node.isArray()) {
            ArrayNode a = (ArrayNode) node;
            for (int i = 0; i < a.size(); i++) {
                a.set(i, resolveAll(a.get(i)));
            }
        } else if (node.isTextual() && node.asText().contains("{{")) {
            return new TextNode(resolve(node.asText()));
        }
        return node;
    }

    /** Resolves {{hostCIDR ns/pod}}, {{cidrContaining ns/pod N}}, {{podIP ns/pod}}. */
    String resolve(String text) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            InetAddress ip = podIps.get(m.group(2));
            if (ip == null) {
                throw new IllegalArgumentException(name + ": placeholder names unknown pod " + m.group(2));
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
            throw new IllegalArgumentException(name + ": unresolved placeholder in '" + text + "'");
        }
        return out.toString();
    }

    private JsonNode policy(String id) {
        JsonNode p = policies.get(id);
        if (p == null) {
            throw new IllegalArgumentException(name + ": unknown policy id " + id);
        }
        return p;
    }

    private Map<String, String> labels(Map<String, Map<String, String>> all, String key) {
        Map<String, String> l = all.get(key);
        if (l == null) {
            throw new IllegalArgumentException(name + ": unknown object " + key);
        }
        return l;
    }

    private static String policyKey(JsonNode object) {
        return object.path("metadata").path("namespace").asText() + "/" + object.path("metadata").path("name").asText();
    }

    static Map<String, String> strings(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    private static InetAddress address(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
