package dev.weft.agent.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.weft.agent.cni.Attachment;
import dev.weft.agent.cni.AttachmentRequest;
import dev.weft.agent.datastore.ClusterState;
import dev.weft.agent.datastore.Resource;
import dev.weft.agent.datastore.ResourceParser;
import dev.weft.common.net.IpPrefix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Datastore states and CNI attachments for the controller tests. */
final class PolicyFixtures {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private PolicyFixtures() {}

    /** A datastore state from multi-document YAML, as the directory datastore would build it. */
    static ClusterState state(String yaml) {
        List<Resource> rs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNextValue()) {
                JsonNode n = it.nextValue();
                String kind = n.path("kind").asText();
                String ns = kind.equals("Namespace") ? "" : n.path("metadata").path("namespace").asText("default");
                rs.add(new Resource(kind, ns, n.path("metadata").path("name").asText(), n, Path.of("state.yaml")));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new ResourceParser().toState(rs, List.of());
    }

    /** Pods x/a (10.244.1.2) and x/b (10.244.1.3) on node-1, plus {@code extra} documents. */
    static ClusterState twoPods(String extra) {
        return state("""
                kind: Namespace
                metadata: {name: x}
                ---
                kind: Pod
                metadata: {namespace: x, name: a, labels: {pod: a}}
                spec: {nodeName: node-1}
                status: {podIP: 10.244.1.2}
                ---
                kind: Pod
                metadata: {namespace: x, name: b, labels: {pod: b}}
                spec: {nodeName: node-1}
                status: {podIP: 10.244.1.3}
                """ + (extra.isEmpty() ? "" : "---\n" + extra));
    }

    static final String DENY_ALL_X = """
            kind: NetworkPolicy
            metadata: {namespace: x, name: deny-all}
            spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
            """;

    static AttachmentRequest request(String containerId, String namespace, String name, String ip) {
        return new AttachmentRequest(containerId, "eth0", Path.of("/var/run/netns/test"), namespace, name,
                List.of(IpPrefix.parse(ip + "/32")), 1500);
    }

    static Attachment attachment(String hostIf, String ip) {
        return new Attachment(hostIf, "aa:bb:cc:dd:ee:01", "eth0", "aa:bb:cc:dd:ee:02", 1500, "/var/run/netns/test",
                List.of(IpPrefix.parse(ip + "/32")), List.of());
    }
}
