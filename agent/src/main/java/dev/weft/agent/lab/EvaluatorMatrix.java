package dev.weft.agent.lab;

import dev.weft.agent.datastore.ClusterState;
import dev.weft.agent.datastore.DirectoryDatastore;
import dev.weft.agent.datastore.ResourceParser;
import dev.weft.agent.policy.PolicyInputs;
import dev.weft.model.ipset.Protocol;
import dev.weft.policy.eval.FlowPeer;
import dev.weft.policy.eval.PolicyEvaluator;
import dev.weft.policy.input.PodRef;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The reachability the policy engine's offline evaluator derives from the datastore directory,
 * read exactly as the agents read it ({@link ResourceParser}, {@link PolicyInputs}). The runner
 * uses it for SCTP, which this kernel cannot send ("SCTP (evaluator)").
 */
final class EvaluatorMatrix {
    private EvaluatorMatrix() {}

    /**
     * Evaluates new connections between {@code pods} ({@code ns/pod}); a pair the evaluator does not
     * know (no Pod object, no IP) is left out.
     *
     * @return from → to → allowed
     */
    static Map<String, Map<String, Boolean>> evaluate(Path datastore, Collection<String> pods, int port, String protocol) {
        Protocol proto = Protocol.fromKubernetes(protocol)
                .orElseThrow(() -> new IllegalArgumentException("unknown protocol " + protocol));
        PolicyEvaluator ev = PolicyEvaluator.of(PolicyInputs.fromDatastore(read(datastore)).state());
        Set<PodRef> known = new HashSet<>(ev.pods());
        Map<String, Map<String, Boolean>> out = new LinkedHashMap<>();
        for (String from : pods) {
            for (String to : pods) {
                PodRef f = PodRef.parse(from);
                PodRef t = PodRef.parse(to);
                if (!known.contains(f) || !known.contains(t)) {
                    continue;
                }
                try {
                    boolean allowed = ev.evaluate(new FlowPeer.Pod(f), new FlowPeer.Pod(t), port, proto).allowed();
                    out.computeIfAbsent(from, k -> new LinkedHashMap<>()).put(to, allowed);
                } catch (IllegalArgumentException e) {
                    // no address (of a common family): not observed
                }
            }
        }
        return out;
    }

    /** Reads the directory as the datastore does. */
    static ClusterState read(Path dir) {
        return DirectoryDatastore.read(dir);
    }
}
