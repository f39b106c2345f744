package dev.weft.agent.lab;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One NetworkPolicy conformance case ({@code shared/conformance/netpol/FORMAT.md}), as {@link
 * CaseLoader} read and checked it.
 *
 * @param name the case's {@code name}
 * @param file where it was read from
 * @param namespaces {@code model.namespaces}, labels exactly as at case start
 * @param pods {@code model.pods}
 * @param ignoreLoopback {@code ignore_loopback}: never fail on a {@code from == to} cell
 * @param policies {@code policies}: id → the literal NetworkPolicy (placeholders unresolved), in file order
 * @param steps {@code steps}, in order
 * @param probes {@code probes}, in file order
 * @param podsCreated {@code source.also_in.pods_created} ({@code ns/pod}), empty when absent
 */
record NetpolCase(String name, Path file, List<Namespace> namespaces, List<Pod> pods, boolean ignoreLoopback,
        Map<String, ObjectNode> policies, List<Step> steps, List<Probe> probes, List<String> podsCreated) {

    /** A namespace of the model. */
    record Namespace(String name, Map<String, String> labels) {}

    /**
     * A Pod of the model.
     *
     * @param containers {@code containers} as written (name, ports)
     * @param ports every container port, in order
     * @param hostNetwork {@code hostNetwork: true}
     * @param phase {@code phase}, null when absent (running)
     * @param ipSameAs {@code ip_same_as} ({@code ns/pod}), or null
     */
    record Pod(String namespace, String name, Map<String, String> labels, List<ObjectNode> containers,
            List<Port> ports, boolean hostNetwork, String phase, String ipSameAs) {
        /** {@code ns/name}. */
        String ref() {
            return namespace + "/" + name;
        }

        /** Whether the lab gives it a sandbox (not hostNetwork, phase absent, Running or Pending). */
        boolean sandboxed() {
            return !hostNetwork && (phase == null || phase.equals("Running") || phase.equals("Pending"));
        }
    }

    /** A container port: name (null when unnamed), number, protocol ({@code TCP} when not written). */
    record Port(String name, int port, String protocol) {}

    /** A step: its id and actions in order. */
    record Step(String id, List<Action> actions) {}

    /**
     * One action of a step. Which fields are set depends on {@code op} (FORMAT.md "steps"):
     * {@code policy} for create/update/delete_policy, {@code pod} ({@code ns/pod}) for pod label
     * ops and recreate_pod, {@code namespace} for namespace label ops, {@code labels} for the add_
     * ops, {@code keys} for the remove_ ops.
     */
    record Action(String op, String policy, String pod, String namespace, Map<String, String> labels, List<String> keys) {}

    /** A verdict of the expected matrix. */
    enum Cell {
        ALLOWED, DENIED, UNASSERTED;

        /** {@code allowed}, {@code denied} or {@code unasserted}. */
        String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A probe: the expected matrix of new connections on {@code port}/{@code protocol} after {@code step}.
     *
     * @param expected from ({@code ns/pod}) → to → verdict, in file order
     */
    record Probe(String step, int port, String protocol, Map<String, Map<String, Cell>> expected) {
        /** {@code 80/TCP}. */
        String label() {
            return port + "/" + protocol;
        }
    }

    /** The probes of one step, in file order. */
    List<Probe> probesOf(String stepId) {
        return probes.stream().filter(p -> p.step().equals(stepId)).toList();
    }

    /** The model Pod {@code ns/pod}, or null. */
    Pod pod(String ref) {
        return pods.stream().filter(p -> p.ref().equals(ref)).findFirst().orElse(null);
    }
}
