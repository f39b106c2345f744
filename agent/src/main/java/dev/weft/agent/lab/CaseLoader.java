package dev.weft.agent.lab;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.weft.agent.lab.NetpolCase.Action;
import dev.weft.agent.lab.NetpolCase.Cell;
import dev.weft.agent.lab.NetpolCase.Namespace;
import dev.weft.agent.lab.NetpolCase.Pod;
import dev.weft.agent.lab.NetpolCase.Port;
import dev.weft.agent.lab.NetpolCase.Probe;
import dev.weft.agent.lab.NetpolCase.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads conformance cases ({@code shared/conformance/netpol/FORMAT.md}): every {@code *.yaml} of a
 * directory, one case per file. Checks what a runner relies on — names, the model, policy ids and
 * objects, step operations and their arguments (policies, Pods and namespaces they name exist),
 * probes (step, port 1–65535, protocol TCP/UDP/SCTP, default TCP, cells {@code allowed},
 * {@code denied}, {@code unasserted}) — and ignores prose keys ({@code source} except
 * {@code also_in.pods_created}, {@code notes}, {@code table}, ...). A model Pod in a namespace the
 * model does not list gets that namespace with only its {@code kubernetes.io/metadata.name} label.
 */
final class CaseLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Set<String> OPS = Set.of("create_policy", "update_policy", "delete_policy",
            "delete_all_policies", "add_pod_labels", "remove_pod_labels", "add_namespace_labels",
            "remove_namespace_labels", "recreate_pod");

    private CaseLoader() {}

    /** The case files of {@code dir} ({@code *.yaml}, name order). @throws ManifestException if not a directory */
    static List<Path> caseFiles(Path dir) throws ManifestException {
        if (!Files.isDirectory(dir)) {
            throw new ManifestException(dir + ": not a directory");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new ManifestException(dir + ": cannot list: " + e.getMessage(), e);
        }
    }

    /**
     * Reads one case.
     *
     * @throws ManifestException naming the file and the key at fault
     */
    static NetpolCase load(Path file) throws ManifestException {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new ManifestException(file + ": cannot parse: " + Manifests.oneLine(e), e);
        }
        try {
            return parse(root, file);
        } catch (IllegalArgumentException e) {
            throw new ManifestException(file + ": " + e.getMessage(), e);
        }
    }

    private static NetpolCase parse(JsonNode root, Path file) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a case (a YAML mapping)");
        }
        String name = text(root, "name", "name");
        JsonNode model = object(root.path("model"), "model");
        List<Namespace> namespaces = new ArrayList<>();
        Set<String> nsNames = new HashSet<>();
        JsonNode nsList = array(model.path("namespaces"), "model.namespaces", true);
        for (int i = 0; i < nsList.size(); i++) {
            String where = "model.namespaces[" + i + "]";
            String ns = text(nsList.get(i), "name", where);
            if (!nsNames.add(ns)) {
                throw new IllegalArgumentException(where + ": namespace " + ns + " listed twice");
            }
            namespaces.add(new Namespace(ns, labels(nsList.get(i).path("labels"), where + ".labels")));
        }
        List<Pod> pods = new ArrayList<>();
        Set<String> podRefs = new HashSet<>();
        JsonNode podList = array(model.path("pods"), "model.pods", false);
        for (int i = 0; i < podList.size(); i++) {
            Pod p = pod(podList.get(i), "model.pods[" + i + "]");
            if (!podRefs.add(p.ref())) {
                throw new IllegalArgumentException("model.pods[" + i + "]: pod " + p.ref() + " listed twice");
            }
            if (nsNames.add(p.namespace())) {
                namespaces.add(new Namespace(p.namespace(), Map.of("kubernetes.io/metadata.name", p.namespace())));
            }
            pods.add(p);
        }
        for (Pod p : pods) {
            if (p.ipSameAs() != null && !podRefs.contains(p.ipSameAs())) {
                throw new IllegalArgumentException("pod " + p.ref() + ": ip_same_as " + p.ipSameAs() + " is not a model pod");
            }
        }
        Map<String, ObjectNode> policies = new LinkedHashMap<>();
        JsonNode polList = array(root.path("policies"), "policies", true);
        for (int i = 0; i < polList.size(); i++) {
            String where = "policies[" + i + "]";
            String id = text(polList.get(i), "id", where);
            JsonNode obj = polList.get(i).path("object");
            if (!obj.isObject()) {
                throw new IllegalArgumentException(where + " (" + id + "): object must be a NetworkPolicy mapping");
            }
            try {
                Manifests.object(obj, where + " (" + id + ")", false);
            } catch (ManifestException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            if (policies.put(id, (ObjectNode) obj) != null) {
                throw new IllegalArgumentException(where + ": policy id " + id + " used twice");
            }
        }
        List<Step> steps = new ArrayList<>();
        Set<String> stepIds = new HashSet<>();
        JsonNode stepList = array(root.path("steps"), "steps", true);
        for (int i = 0; i < stepList.size(); i++) {
            String where = "steps[" + i + "]";
            String id = text(stepList.get(i), "id", where);
            if (!stepIds.add(id)) {
                throw new IllegalArgumentException(where + ": step id " + id + " used twice");
            }
            List<Action> actions = new ArrayList<>();
            JsonNode acts = array(stepList.get(i).path("actions"), where + ".actions", true);
            for (int j = 0; j < acts.size(); j++) {
                actions.add(action(acts.get(j), where + ".actions[" + j + "]", policies.keySet(), podRefs, nsNames));
            }
            steps.add(new Step(id, List.copyOf(actions)));
        }
        List<Probe> probes = new ArrayList<>();
        JsonNode probeList = array(root.path("probes"), "probes", true);
        for (int i = 0; i < probeList.size(); i++) {
            probes.add(probe(probeList.get(i), "probes[" + i + "]", stepIds));
        }
        List<String> created = new ArrayList<>();
        JsonNode pc = root.path("source").path("also_in").path("pods_created");
        if (!pc.isMissingNode() && !pc.isNull()) {
            JsonNode list = array(pc, "source.also_in.pods_created", true);
            for (JsonNode r : list) {
                if (!podRefs.contains(r.asText())) {
                    throw new IllegalArgumentException("source.also_in.pods_created: " + r.asText() + " is not a model pod");
                }
                created.add(r.asText());
            }
        }
        return new NetpolCase(name, file, List.copyOf(namespaces), List.copyOf(pods),
                root.path("ignore_loopback").asBoolean(false), policies, List.copyOf(steps), List.copyOf(probes),
                List.copyOf(created));
    }

    private static Pod pod(JsonNode n, String where) {
        String ns = text(n, "namespace", where);
        String name = text(n, "name", where);
        List<ObjectNode> containers = new ArrayList<>();
        List<Port> ports = new ArrayList<>();
        JsonNode cs = array(n.path("containers"), where + ".containers", true);
        for (int c = 0; c < cs.size(); c++) {
            String cw = where + ".containers[" + c + "]";
            containers.add((ObjectNode) object(cs.get(c), cw));
            JsonNode ps = array(cs.get(c).path("ports"), cw + ".ports", true);
            for (int p = 0; p < ps.size(); p++) {
                String pw = cw + ".ports[" + p + "]";
                JsonNode port = object(ps.get(p), pw);
                int number = port.path("containerPort").asInt(-1);
                if (!port.path("containerPort").canConvertToInt() || number < 1 || number > 65535) {
                    throw new IllegalArgumentException(pw + ".containerPort must be 1-65535");
                }
                String proto = port.path("protocol").asText("TCP");
                if (!Set.of("TCP", "UDP", "SCTP").contains(proto)) {
                    throw new IllegalArgumentException(pw + ".protocol must be TCP, UDP or SCTP, got '" + proto + "'");
                }
                String portName = port.path("name").asText("");
                ports.add(new Port(portName.isEmpty() ? null : portName, number, proto));
            }
        }
        String ipSameAs = n.path("ip_same_as").asText("");
        return new Pod(ns, name, labels(n.path("labels"), where + ".labels"), List.copyOf(containers), List.copyOf(ports),
                n.path("hostNetwork").asBoolean(false), n.path("phase").isTextual() ? n.path("phase").asText() : null,
                ipSameAs.isEmpty() ? null : ipSameAs);
    }

    private static Action action(JsonNode n, String where, Set<String> policyIds, Set<String> pods, Set<String> namespaces) {
        String op = text(n, "op", where);
        if (!OPS.contains(op)) {
            throw new IllegalArgumentException(where + ": unknown op '" + op + "' (one of " + new java.util.TreeSet<>(OPS) + ")");
        }
        String policy = null;
        String pod = null;
        String ns = null;
        Map<String, String> labels = Map.of();
        List<String> keys = List.of();
        switch (op) {
            case "create_policy", "update_policy", "delete_policy" -> {
                policy = text(n, "policy", where);
                if (!policyIds.contains(policy)) {
                    throw new IllegalArgumentException(where + ": " + op + " names unknown policy id '" + policy + "'");
                }
            }
            case "add_pod_labels", "remove_pod_labels", "recreate_pod" -> {
                pod = text(n, "pod", where);
                if (!pods.contains(pod)) {
                    throw new IllegalArgumentException(where + ": " + op + " names unknown pod '" + pod + "'");
                }
            }
            case "add_namespace_labels", "remove_namespace_labels" -> {
                ns = text(n, "namespace", where);
                if (!namespaces.contains(ns)) {
                    throw new IllegalArgumentException(where + ": " + op + " names unknown namespace '" + ns + "'");
                }
            }
            default -> { }
        }
        if (op.startsWith("add_")) {
            labels = labels(object(n.path("labels"), where + ".labels"), where + ".labels");
        } else if (op.startsWith("remove_")) {
            List<String> k = new ArrayList<>();
            array(n.path("keys"), where + ".keys", false).forEach(v -> k.add(v.asText()));
            keys = List.copyOf(k);
        }
        return new Action(op, policy, pod, ns, labels, keys);
    }

    private static Probe probe(JsonNode n, String where, Set<String> stepIds) {
        String step = text(n, "step", where);
        if (!stepIds.contains(step)) {
            throw new IllegalArgumentException(where + ": unknown step '" + step + "'");
        }
        int port = n.path("port").asInt(-1);
        if (!n.path("port").canConvertToInt() || port < 1 || port > 65535) {
            throw new IllegalArgumentException(where + ".port must be 1-65535");
        }
        String proto = n.path("protocol").asText("TCP").toUpperCase(Locale.ROOT);
        if (!Set.of("TCP", "UDP", "SCTP").contains(proto)) {
            throw new IllegalArgumentException(where + ".protocol must be TCP, UDP or SCTP");
        }
        Map<String, Map<String, Cell>> expected = new LinkedHashMap<>();
        JsonNode rows = object(n.path("expected"), where + ".expected");
        for (Iterator<Map.Entry<String, JsonNode>> it = rows.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> row = it.next();
            Map<String, Cell> cells = new LinkedHashMap<>();
            JsonNode cols = object(row.getValue(), where + ".expected." + row.getKey());
            for (Iterator<Map.Entry<String, JsonNode>> c = cols.fields(); c.hasNext(); ) {
                Map.Entry<String, JsonNode> cell = c.next();
                String v = cell.getValue().asText("");
                Cell verdict = switch (v) {
                    case "allowed" -> Cell.ALLOWED;
                    case "denied" -> Cell.DENIED;
                    case "unasserted" -> Cell.UNASSERTED;
                    default -> throw new IllegalArgumentException(where + ".expected." + row.getKey() + "." + cell.getKey()
                            + ": '" + v + "' is not allowed, denied or unasserted");
                };
                cells.put(cell.getKey(), verdict);
            }
            expected.put(row.getKey(), cells);
        }
        return new Probe(step, port, proto, expected);
    }

    private static Map<String, String> labels(JsonNode n, String where) {
        if (n.isMissingNode() || n.isNull()) {
            return Map.of();
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException(where + " must be a mapping of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new IllegalArgumentException(where + "." + e.getKey() + " must be a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    private static String text(JsonNode n, String key, String where) {
        JsonNode v = n.path(key);
        if (!v.isValueNode() || v.isNull() || v.asText().isEmpty()) {
            throw new IllegalArgumentException(where + ": missing " + key);
        }
        return v.asText();
    }

    private static JsonNode object(JsonNode n, String where) {
        if (!n.isObject()) {
            throw new IllegalArgumentException(where + " must be a mapping");
        }
        return n;
    }

    private static JsonNode array(JsonNode n, String where, boolean optional) {
        if ((n.isMissingNode() || n.isNull()) && optional) {
            return YAML.createArrayNode();
        }
        if (!n.isArray()) {
            throw new IllegalArgumentException(where + " must be a list");
        }
        return n;
    }
}
