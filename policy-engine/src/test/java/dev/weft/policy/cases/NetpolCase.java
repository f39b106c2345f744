package dev.weft.policy.cases;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One conformance case in the format of {@code shared/conformance/netpol/FORMAT.md}.
 *
 * @param name the case's slug
 * @param file where it was read from
 * @param ignoreLoopback never fail on a {@code from == to} cell
 * @param namespaces model namespaces with their initial labels
 * @param pods model pods
 * @param policies policy objects by id (raw NetworkPolicy YAML, placeholders unresolved)
 * @param steps the ordered steps
 * @param probes every probe, each naming its step
 */
record NetpolCase(String name, Path file, boolean ignoreLoopback, List<ModelNamespace> namespaces, List<ModelPod> pods,
                  Map<String, JsonNode> policies, List<Step> steps, List<Probe> probes) {

    record ModelNamespace(String name, Map<String, String> labels) {}

    /** A container port of the model. */
    record ModelPort(String name, int port, String protocol) {}

    /**
     * A model pod; {@code running} is false for bug-only non-running objects ({@code phase}), and
     * {@code hostNetwork} pods share their node's address: neither is a policy-governed Pod address here.
     */
    record ModelPod(String namespace, String name, Map<String, String> labels, List<ModelPort> ports,
                    boolean hostNetwork, boolean running) {
        String key() {
            return namespace + "/" + name;
        }
    }

    record Step(String id, List<JsonNode> actions) {}

    /** A probe; {@code expected} maps from → (to → allowed|denied|unasserted). */
    record Probe(String step, int port, String protocol, Map<String, Map<String, String>> expected) {}
}
