package dev.weft.it.helm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The objects of one {@code helm template} output, each parsed into its fabric8 class.
 *
 * <p>Parsing is strict: a property the class does not have (collected by fabric8 into
 * {@code additionalProperties}, see {@link StrictModel}), a scalar of the wrong type (no
 * coercion, e.g. {@code hostNetwork: "yes"} or {@code "true"}), a null primitive, or a kind the
 * chart is not expected to render throws {@link InvalidObjectException}. The chart's own
 * {@code weft.dev/v1} custom resources have no fabric8 class: they are kept as
 * {@link GenericKubernetesResource} and checked against the chart's CRD schemas by
 * {@link CrdSchemas}.
 */
final class RenderedObjects {
    /** Kinds the chart may render, by apiVersion/kind. */
    static final Map<String, Class<? extends HasMetadata>> TYPES = Map.of(
            "v1/ServiceAccount", ServiceAccount.class,
            "v1/ConfigMap", ConfigMap.class,
            "apps/v1/DaemonSet", DaemonSet.class,
            "rbac.authorization.k8s.io/v1/ClusterRole", ClusterRole.class,
            "rbac.authorization.k8s.io/v1/ClusterRoleBinding", ClusterRoleBinding.class,
            "rbac.authorization.k8s.io/v1/Role", Role.class,
            "rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class,
            "apiextensions.k8s.io/v1/CustomResourceDefinition", CustomResourceDefinition.class);
    /** The Weft custom resources (checked against the CRDs instead of a Java class). */
    static final Set<String> WEFT_KINDS = Set.of("weft.dev/v1/BGPConfiguration", "weft.dev/v1/BGPPeer", "weft.dev/v1/IPPool");

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    /** An object that does not parse strictly into its type. */
    static final class InvalidObjectException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidObjectException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final List<HasMetadata> objects;

    private RenderedObjects(List<HasMetadata> objects) {
        this.objects = List.copyOf(objects);
    }

    /**
     * @param yaml multi-document YAML as {@code helm template} prints it (empty documents skipped)
     * @throws InvalidObjectException naming the document and the offending property
     */
    static RenderedObjects parse(String yaml) {
        List<HasMetadata> out = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            var docs = YAML.readValues(parser, JsonNode.class);
            int index = 0;
            while (docs.hasNextValue()) {
                JsonNode doc = docs.nextValue();
                index++;
                if (doc == null || doc.isNull() || doc.isMissingNode() || (doc.isObject() && doc.isEmpty())) {
                    continue;
                }
                out.add(parseOne(doc, index));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rendered output is not YAML", e);
        }
        return new RenderedObjects(out);
    }

    /** Parses one document into its type (strict); see the class comment. */
    static HasMetadata parseOne(JsonNode doc, int index) {
        if (!doc.isObject()) {
            throw new InvalidObjectException("document " + index + " is not a mapping: " + doc, null);
        }
        String key = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        String where = "document " + index + " (" + key + " " + doc.path("metadata").path("name").asText() + ")";
        if (WEFT_KINDS.contains(key)) {
            return parse(doc, GenericKubernetesResource.class, where, false);
        }
        Class<? extends HasMetadata> type = TYPES.get(key);
        if (type == null) {
            throw new InvalidObjectException(where + ": kind not expected from this chart", null);
        }
        return parse(doc, type, where, true);
    }

    private static <T> T parse(JsonNode doc, Class<T> type, String where, boolean strictFields) {
        T value;
        try {
            value = STRICT.treeToValue(doc, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidObjectException(where + ": " + e.getMessage(), e);
        }
        if (strictFields) {
            List<String> unknown = StrictModel.unknownFields(value);
            if (!unknown.isEmpty()) {
                throw new InvalidObjectException(where + ": unknown field(s) for " + type.getSimpleName() + ": " + unknown, null);
            }
        }
        return value;
    }

    /** @return every object in document order */
    List<HasMetadata> all() {
        return objects;
    }

    /** @return the objects of {@code type} */
    <T extends HasMetadata> List<T> ofType(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** @return the single object of {@code type}; fails if there is none or more than one */
    <T extends HasMetadata> T single(Class<T> type) {
        List<T> list = ofType(type);
        if (list.size() != 1) {
            throw new AssertionError("expected exactly one " + type.getSimpleName() + ", found " + list.size());
        }
        return list.get(0);
    }

    /** @return the Weft custom resources of {@code kind} (BGPPeer, IPPool, BGPConfiguration) */
    List<GenericKubernetesResource> custom(String kind) {
        return ofType(GenericKubernetesResource.class).stream().filter(r -> kind.equals(r.getKind())).toList();
    }

    /** @return the object with kind and name, if rendered */
    Optional<HasMetadata> find(String kind, String name) {
        return objects.stream().filter(o -> kind.equals(o.getKind()) && name.equals(o.getMetadata().getName())).findFirst();
    }

    /** @return a generic resource's content as a JSON tree (spec, status, ...) */
    static ObjectNode tree(GenericKubernetesResource r) {
        return STRICT.valueToTree(r);
    }
}
