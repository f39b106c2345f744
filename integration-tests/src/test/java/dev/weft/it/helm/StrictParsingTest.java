package dev.weft.it.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The checks the chart tests rely on do catch mistakes: the rendered DaemonSet, with one field
 * misspelled or given the wrong type, is refused with the offending path; a custom resource with
 * an unknown or mistyped field is refused by the schema check.
 */
class StrictParsingTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static ObjectNode daemonSet;

    @BeforeAll
    static void render() throws Exception {
        String text = ValueSets.DEFAULTS.renderText();
        for (String doc : text.split("(?m)^---\\s*$")) {
            JsonNode n = YAML.readTree(doc);
            if (n != null && "DaemonSet".equals(n.path("kind").asText())) {
                daemonSet = (ObjectNode) n;
            }
        }
        assertThat(daemonSet).isNotNull();
    }

    private static ObjectNode copy() {
        return daemonSet.deepCopy();
    }

    private static ObjectNode podSpec(ObjectNode ds) {
        return (ObjectNode) ds.path("spec").path("template").path("spec");
    }

    private static ObjectNode agent(ObjectNode ds) {
        return (ObjectNode) podSpec(ds).path("containers").get(0);
    }

    @Test
    void theUnchangedDaemonSetParses() {
        assertThat(RenderedObjects.parseOne(copy(), 1)).isInstanceOf(DaemonSet.class);
    }

    @Test
    void aMisspelledTopLevelPodFieldIsRefusedWithItsPath() {
        ObjectNode ds = copy();
        podSpec(ds).put("hostNetwrok", true);
        assertThatThrownBy(() -> RenderedObjects.parseOne(ds, 7))
                .isInstanceOf(RenderedObjects.InvalidObjectException.class)
                .hasMessageContaining("document 7 (apps/v1/DaemonSet weft)")
                .hasMessageContaining("spec.template.spec.hostNetwrok");
    }

    @Test
    void aMisspelledFieldDeepInAContainerIsRefusedWithItsPath() {
        ObjectNode ds = copy();
        ((ObjectNode) agent(ds).path("livenessProbe").path("httpGet")).put("hots", "127.0.0.1");
        assertThatThrownBy(() -> RenderedObjects.parseOne(ds, 1))
                .hasMessageContaining("spec.template.spec.containers[0].livenessProbe.httpGet.hots");
        ObjectNode ds2 = copy();
        ((ObjectNode) ((ArrayNode) agent(ds2).path("volumeMounts")).get(0)).put("readonly", true);
        assertThatThrownBy(() -> RenderedObjects.parseOne(ds2, 1))
                .hasMessageContaining("spec.template.spec.containers[0].volumeMounts[0].readonly");
    }

    @Test
    void aWrongScalarTypeIsRefused() {
        ObjectNode ds = copy();
        podSpec(ds).put("hostNetwork", "yes");
        assertThatThrownBy(() -> RenderedObjects.parseOne(ds, 1))
                .isInstanceOf(RenderedObjects.InvalidObjectException.class).hasMessageContaining("hostNetwork");
        // Not even the string "true": the API server would refuse it too.
        ObjectNode ds2 = copy();
        podSpec(ds2).put("hostNetwork", "true");
        assertThatThrownBy(() -> RenderedObjects.parseOne(ds2, 1)).isInstanceOf(RenderedObjects.InvalidObjectException.class);
        ObjectNode ds3 = copy();
        ((ObjectNode) ((ArrayNode) agent(ds3).path("ports")).get(0)).put("containerPort", "179");
        assertThatThrownBy(() -> RenderedObjects.parseOne(ds3, 1)).hasMessageContaining("containerPort");
    }

    @Test
    void aStructureWhereAListBelongsIsRefused() {
        ObjectNode ds = copy();
        podSpec(ds).set("tolerations", YAML.createObjectNode().put("operator", "Exists"));
        assertThatThrownBy(() -> RenderedObjects.parseOne(ds, 1)).hasMessageContaining("tolerations");
    }

    @Test
    void aKindTheChartDoesNotRenderIsRefused() {
        ObjectNode ds = copy();
        ds.put("kind", "Deployment");
        assertThatThrownBy(() -> RenderedObjects.parseOne(ds, 3)).hasMessageContaining("kind not expected");
    }

    @Test
    void theSchemaCheckRefusesUnknownAndMistypedCustomResourceFields() throws Exception {
        CustomResourceDefinition crd = (CustomResourceDefinition) RenderedObjects.parseOne(YAML.readTree("""
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: bgppeers.weft.dev}
                spec:
                  group: weft.dev
                  scope: Cluster
                  names: {kind: BGPPeer, plural: bgppeers, singular: bgppeer, listKind: BGPPeerList}
                  versions:
                    - name: v1
                      served: true
                      storage: true
                      schema:
                        openAPIV3Schema:
                          type: object
                          properties:
                            spec:
                              type: object
                              required: [peerIP]
                              properties:
                                peerIP: {type: string, pattern: '^[0-9.:\\[\\]]+$', maxLength: 64}
                                asNumber: {type: integer, minimum: 1, maximum: 4294967295}
                                holdTime: {x-kubernetes-int-or-string: true}
                                nodeSelector:
                                  type: object
                                  properties:
                                    matchLabels: {type: object, additionalProperties: {type: string}}
                """), 1);
        CrdSchemas schemas = CrdSchemas.of(List.of(crd));
        assertThat(schemas.violations(peer("peerIP: 10.0.0.1\nasNumber: 65000\nholdTime: 9s\n"
                + "nodeSelector: {matchLabels: {rack: r1}}"))).isEmpty();
        assertThat(schemas.violations(peer("peerIP: 10.0.0.1\npeerIp: 10.0.0.2")))
                .containsExactly("spec.peerIp: unknown field (the API server would drop it)");
        assertThat(schemas.violations(peer("peerIP: 10.0.0.1\nasNumber: \"65000\"")))
                .singleElement().asString().startsWith("spec.asNumber: expected integer");
        assertThat(schemas.violations(peer("peerIP: 10.0.0.1\nasNumber: 0")))
                .singleElement().asString().contains("below the minimum");
        assertThat(schemas.violations(peer("asNumber: 65000"))).containsExactly("spec.peerIP: required");
        assertThat(schemas.violations(peer("peerIP: tor-1.example"))).singleElement().asString().contains("does not match");
        assertThat(schemas.violations(peer("peerIP: 10.0.0.1\nnodeSelector: {matchLabels: {rack: 1}}")))
                .singleElement().asString().startsWith("spec.nodeSelector.matchLabels.rack: expected string");
    }

    private static GenericKubernetesResource peer(String specYaml) throws Exception {
        String doc = "apiVersion: weft.dev/v1\nkind: BGPPeer\nmetadata: {name: p}\nspec:\n"
                + specYaml.lines().map(l -> "  " + l).reduce("", (a, b) -> a + b + "\n");
        return (GenericKubernetesResource) RenderedObjects.parseOne(YAML.readTree(doc), 1);
    }
}
