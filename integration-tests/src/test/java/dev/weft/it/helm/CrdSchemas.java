package dev.weft.it.helm;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The chart's CRDs ({@code helm/weft/crds/*.yaml}) and a structural check of custom resources
 * against their {@code openAPIV3Schema}, as the API server would prune/reject them: unknown
 * properties (unless {@code x-kubernetes-preserve-unknown-fields} or {@code additionalProperties}
 * allow them), JSON types (string, integer, number, boolean, object, array,
 * {@code x-kubernetes-int-or-string}), {@code required}, {@code enum}, {@code minimum}/{@code maximum},
 * {@code pattern} (as a Java regex) and {@code maxLength}. Formats and CEL rules
 * ({@code x-kubernetes-validations}) are not checked.
 */
final class CrdSchemas {
    private static final Set<String> OBJECT_META = Set.of("apiVersion", "kind", "metadata");

    private final Map<String, JSONSchemaProps> schemaByApiVersionKind;

    private CrdSchemas(Map<String, JSONSchemaProps> schemas) {
        this.schemaByApiVersionKind = Map.copyOf(schemas);
    }

    /** Reads every CRD file of {@code dir}, each parsed strictly as a CustomResourceDefinition. */
    static CrdSchemas load(Path dir) {
        Map<String, JSONSchemaProps> schemas = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList()) {
                for (HasMetadata o : RenderedObjects.parse(Files.readString(f)).all()) {
                    if (o instanceof CustomResourceDefinition crd) {
                        add(schemas, crd);
                    } else {
                        throw new IllegalStateException(f + " holds a " + o.getKind() + ", not a CustomResourceDefinition");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CrdSchemas(schemas);
    }

    /** @return the schemas of the given CRDs (for tests of the checker itself) */
    static CrdSchemas of(List<CustomResourceDefinition> crds) {
        Map<String, JSONSchemaProps> schemas = new HashMap<>();
        crds.forEach(c -> add(schemas, c));
        return new CrdSchemas(schemas);
    }

    private static void add(Map<String, JSONSchemaProps> schemas, CustomResourceDefinition crd) {
        String group = crd.getSpec().getGroup();
        String kind = crd.getSpec().getNames().getKind();
        for (CustomResourceDefinitionVersion v : crd.getSpec().getVersions()) {
            if (Boolean.TRUE.equals(v.getServed()) && v.getSchema() != null) {
                schemas.put(group + "/" + v.getName() + "/" + kind, v.getSchema().getOpenAPIV3Schema());
            }
        }
    }

    /** @return "apiVersion/kind" of every served version, e.g. {@code weft.dev/v1/BGPPeer} */
    Set<String> kinds() {
        return schemaByApiVersionKind.keySet();
    }

    /**
     * @param resource a custom resource as rendered
     * @return the violations, each as "path: problem"; empty when the resource fits its schema
     */
    List<String> violations(GenericKubernetesResource resource) {
        String key = resource.getApiVersion() + "/" + resource.getKind();
        JSONSchemaProps schema = schemaByApiVersionKind.get(key);
        if (schema == null) {
            return List.of(key + ": no CRD in the chart serves this kind");
        }
        JsonNode tree = RenderedObjects.tree(resource);
        List<String> out = new ArrayList<>();
        check(schema, tree, "", out, true);
        return out;
    }

    private static void check(JSONSchemaProps s, JsonNode v, String path, List<String> out, boolean root) {
        if (Boolean.TRUE.equals(s.getXKubernetesIntOrString())) {
            if (!(v.isIntegralNumber() || v.isTextual())) {
                out.add(path + ": expected integer or string, got " + v.getNodeType());
            }
            return;
        }
        String type = s.getType();
        if (type != null && !typeMatches(type, v)) {
            out.add(path + ": expected " + type + ", got " + v.getNodeType() + " (" + v + ")");
            return;
        }
        if (s.getEnum() != null && !s.getEnum().isEmpty() && !s.getEnum().contains(v)) {
            out.add(path + ": " + v + " is not one of " + s.getEnum());
        }
        if (v.isTextual() && s.getPattern() != null
                && !java.util.regex.Pattern.compile(s.getPattern()).matcher(v.asText()).find()) {
            out.add(path + ": " + v + " does not match " + s.getPattern());
        }
        if (v.isTextual() && s.getMaxLength() != null && v.asText().length() > s.getMaxLength()) {
            out.add(path + ": longer than " + s.getMaxLength());
        }
        if (v.isNumber()) {
            if (s.getMinimum() != null && v.asDouble() < s.getMinimum()) {
                out.add(path + ": " + v + " is below the minimum " + s.getMinimum());
            }
            if (s.getMaximum() != null && v.asDouble() > s.getMaximum()) {
                out.add(path + ": " + v + " is above the maximum " + s.getMaximum());
            }
        }
        if (v.isArray() && s.getItems() != null && s.getItems().getSchema() != null) {
            for (int i = 0; i < v.size(); i++) {
                check(s.getItems().getSchema(), v.get(i), path + "[" + i + "]", out, false);
            }
        }
        if (v.isObject()) {
            checkObject(s, v, path, out, root);
        }
    }

    private static void checkObject(JSONSchemaProps s, JsonNode v, String path, List<String> out, boolean root) {
        Map<String, JSONSchemaProps> props = s.getProperties() == null ? Map.of() : s.getProperties();
        if (s.getRequired() != null) {
            for (String r : s.getRequired()) {
                if (!v.has(r)) {
                    out.add(join(path, r) + ": required");
                }
            }
        }
        boolean preserve = Boolean.TRUE.equals(s.getXKubernetesPreserveUnknownFields());
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            String p = join(path, e.getKey());
            if (root && OBJECT_META.contains(e.getKey())) {
                continue;
            }
            JSONSchemaProps child = props.get(e.getKey());
            if (child != null) {
                check(child, e.getValue(), p, out, false);
            } else if (s.getAdditionalProperties() != null && s.getAdditionalProperties().getSchema() != null) {
                check(s.getAdditionalProperties().getSchema(), e.getValue(), p, out, false);
            } else if (!preserve && !(s.getAdditionalProperties() != null && Boolean.TRUE.equals(s.getAdditionalProperties().getAllows()))) {
                out.add(p + ": unknown field (the API server would drop it)");
            }
        }
    }

    private static boolean typeMatches(String type, JsonNode v) {
        return switch (type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            default -> true;
        };
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
