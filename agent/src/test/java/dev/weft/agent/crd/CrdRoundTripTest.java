package dev.weft.agent.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes datastore's informers hold typed objects ({@link BgpPeer}, {@link
 * BgpConfiguration}) and turn them back into JSON for the parser: every field, the routing ones
 * included, must survive that round trip unchanged (a field missing from the Java type would be
 * dropped silently).
 */
class CrdRoundTripTest {
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Equal JSON values, numbers compared by value (an int read from YAML, a long from a Long field). */
    static void assertSameJson(JsonNode actual, JsonNode expected) {
        java.util.Comparator<JsonNode> byValue = (a, b) -> a.equals(b)
                || (a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0) ? 0 : 1;
        assertThat(actual.equals(byValue, expected)).as(actual + "\nexpected " + expected).isTrue();
    }

    static JsonNode roundTrip(String yaml, Class<?> type) {
        Object typed = SERIALIZATION.unmarshal(yaml, type);
        return SERIALIZATION.convertValue(typed, JsonNode.class);
    }

    @Test
    void everyBgpPeerFieldSurvivesTheTypedRoundTrip() throws Exception {
        String yaml = """
                apiVersion: weft.dev/v1
                kind: BGPPeer
                metadata: {name: tor}
                spec:
                  peerIP: 172.31.1.1
                  asNumber: 65000
                  nodeSelector: {matchLabels: {rack: r1}}
                  password: {secretKeyRef: {name: bgp-secrets, key: tor}}
                  holdTime: 9s
                  keepaliveTime: 3
                  gracefulRestart: true
                  restartTime: 300
                  ebgpMultihop: 2
                  sourceAddress: 172.31.1.2
                  maxPrefixes: 10000
                  maxPrefixesRestartTime: 5m
                  role: rs-client
                  strictRole: true
                  importFilter:
                  - {action: Reject, matchOperator: In, cidr: 10.96.0.0/12}
                  - {action: Accept, matchOperator: NotIn, cidr: "fd00::/8", prefixLength: {min: 0, max: 64}}
                  - {action: Accept}
                """;
        JsonNode back = roundTrip(yaml, BgpPeer.class);
        assertSameJson(back.path("spec"), YAML.readTree(yaml).path("spec"));
    }

    @Test
    void everyBgpConfigurationFieldSurvivesTheTypedRoundTrip() throws Exception {
        String yaml = """
                apiVersion: weft.dev/v1
                kind: BGPConfiguration
                metadata: {name: default}
                spec: {asNumber: 64512, listenPort: 179, nodeToNodeMeshEnabled: true, maxPaths: 16}
                """;
        assertSameJson(roundTrip(yaml, BgpConfiguration.class).path("spec"), YAML.readTree(yaml).path("spec"));
    }
}
