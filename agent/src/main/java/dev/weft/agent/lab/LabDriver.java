package dev.weft.agent.lab;

import dev.weft.agent.lab.NetpolCase.Port;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * What the conformance runner needs from the lab: nodes, Pod sandboxes through the CNI plugin, and
 * real-packet probes. {@link ScriptLabDriver} calls {@code weft-lab}; tests use an in-memory one.
 */
interface LabDriver {
    /** Node names, in order ({@code <prefix>node1..N}). */
    List<String> nodes();

    /** The lab's Pods with a sandbox ({@code ns/pod}). */
    List<String> pods();

    /**
     * Creates a Pod sandbox serving {@code ports} on {@code node}; the lab writes its Pod object
     * ({@code pod-<ns>-<pod>.json}) into the datastore.
     *
     * @return its IP
     * @throws LabException if the lab refuses or fails
     */
    InetAddress addPod(String namespace, String pod, Map<String, String> labels, List<Port> ports, String node);

    /** Deletes a Pod sandbox and its object (no-op when absent). @throws LabException on failure */
    void deletePod(String namespace, String pod);

    /**
     * Probes every lab Pod to every lab Pod with new connections (1 s timeout per cell).
     *
     * @param protocol {@code TCP} or {@code UDP}
     * @return from ({@code ns/pod}) → to → reachable
     * @throws LabException if the probe cannot run
     */
    Map<String, Map<String, Boolean>> probe(int port, String protocol);

    /**
     * Each node agent's count of completed NetworkPolicy syncs ({@code /status} field
     * {@code networkPolicy.sync}: a full recompute, applied to the kernel when it changed); a node
     * whose agent does not answer or does not report it is left out.
     */
    default Map<String, Long> policySyncs() {
        return Map.of();
    }

    /** A lab command that failed; the message says which and why. */
    final class LabException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LabException(String message) {
            super(message);
        }
    }
}
