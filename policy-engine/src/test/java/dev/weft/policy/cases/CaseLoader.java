package dev.weft.policy.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.weft.policy.cases.NetpolCase.ModelNamespace;
import dev.weft.policy.cases.NetpolCase.ModelPod;
import dev.weft.policy.cases.NetpolCase.ModelPort;
import dev.weft.policy.cases.NetpolCase.Probe;
import dev.weft.policy.cases.NetpolCase.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads conformance cases (FORMAT.md) from YAML. */
final class CaseLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private CaseLoader() {}

    /** Every {@code *.yaml} of {@code dir}, in file name order. */
    static List<NetpolCase> loadAll(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<NetpolCase> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                out.add(load(f));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static NetpolCase load(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read case " + file, e);
        }
        JsonNode model = required(root, "model", file);
        List<ModelNamespace> namespaces = new ArrayList<>();
        for (JsonNode ns : model.path("namespaces")) {
            namespaces.add(new ModelNamespace(ns.path("name").asText(), strings(ns.path("labels"))));
        }
        List<ModelPod> pods = new ArrayList<>();
        for (JsonNode p : model.path("pods")) {
            List<ModelPort> ports = new ArrayList<>();
            for (JsonNode c : p.path("containers")) {
                for (JsonNode port : c.path("ports")) {
                    ports.add(new ModelPort(port.hasNonNull("name") ? port.get("name").asText() : null,
                            port.path("containerPort").asInt(), port.path("protocol").asText("TCP")));
                }
            }
            String phase = p.path("phase").asText("Running");
            pods.add(new ModelPod(p.path("namespace").asText(), p.path("name").asText(), strings(p.path("labels")),
                    ports, p.path("hostNetwork").asBoolean(false), phase.equals("Running")));
        }
        Map<String, JsonNode> policies = new LinkedHashMap<>();
        for (JsonNode p : root.path("policies")) {
            policies.put(p.path("id").asText(), p.path("object"));
        }
        List<Step> steps = new ArrayList<>();
        for (JsonNode s : root.path("steps")) {
            List<JsonNode> actions = new ArrayList<>();
            s.path("actions").forEach(actions::add);
            steps.add(new Step(s.path("id").asText(), actions));
        }
        List<Probe> probes = new ArrayList<>();
        for (JsonNode p : root.path("probes")) {
            Map<String, Map<String, String>> expected = new LinkedHashMap<>();
            p.path("expected").fields().forEachRemaining(row -> expected.put(row.getKey(), strings(row.getValue())));
            probes.add(new Probe(p.path("step").asText(), p.path("port").asInt(), p.path("protocol").asText("TCP"), expected));
        }
        return new NetpolCase(required(root, "name", file).asText(), file, root.path("ignore_loopback").asBoolean(false),
                namespaces, pods, policies, steps, probes);
    }

    static Map<String, String> strings(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    private static JsonNode required(JsonNode root, String field, Path file) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException(file + ": missing top-level key '" + field + "'");
        }
        return n;
    }
}
