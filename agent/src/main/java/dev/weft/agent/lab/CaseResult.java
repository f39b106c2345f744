package dev.weft.agent.lab;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.agent.lab.MatrixCheck.Mismatch;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of one case: its probes' outcomes, an error that stopped it (a lab command failed,
 * a placeholder could not be resolved), and notes (SCTP checked by the evaluator, unsupported model
 * features, a Pod subset).
 *
 * @param name the case name (the file name when it could not be loaded)
 * @param file the case file name
 * @param probes one per probe run, in order
 * @param error what stopped the case, or null
 * @param notes remarks printed with the result
 */
record CaseResult(String name, String file, List<ProbeResult> probes, String error, List<String> notes) {
    /** How a probe's cells were observed. */
    static final String BY_PROBE = "probe";
    /** SCTP cells, which this kernel cannot send: checked by the offline evaluator. */
    static final String BY_EVALUATOR = "SCTP (evaluator)";

    CaseResult {
        probes = List.copyOf(probes);
        notes = List.copyOf(notes);
    }

    /**
     * One probe's outcome.
     *
     * @param method {@link #BY_PROBE} or {@link #BY_EVALUATOR}
     * @param attempts how many times the matrix was observed (a failing real-packet matrix is probed twice)
     * @param checked cells compared in the last attempt
     * @param mismatches differing cells of the last attempt
     */
    record ProbeResult(String step, int port, String protocol, String method, int attempts, int checked,
            List<Mismatch> mismatches) {
        ProbeResult {
            mismatches = List.copyOf(mismatches);
        }

        boolean passed() {
            return mismatches.isEmpty();
        }
    }

    /** No error and every probe passed. */
    boolean passed() {
        return error == null && probes.stream().allMatch(ProbeResult::passed);
    }

    /**
     * The one-line summary: {@code PASS name} or {@code FAIL name step s1 80/TCP: x/a->y/b expected
     * allowed got denied, ...; step s2 ...}, then {@code error: ...} and notes in parentheses.
     */
    String line() {
        StringBuilder b = new StringBuilder(passed() ? "PASS " : "FAIL ").append(name);
        List<String> parts = new ArrayList<>();
        for (ProbeResult p : probes) {
            if (!p.passed()) {
                String how = p.method().equals(BY_EVALUATOR) ? " (" + BY_EVALUATOR + ")" : "";
                parts.add("step " + p.step() + " " + p.port() + "/" + p.protocol() + how + ": "
                        + String.join(", ", p.mismatches().stream().map(Mismatch::describe).toList()));
            }
        }
        if (!parts.isEmpty()) {
            b.append(' ').append(String.join("; ", parts));
        }
        if (error != null) {
            b.append(parts.isEmpty() ? " " : "; ").append("error: ").append(error);
        }
        if (!notes.isEmpty()) {
            b.append(" (").append(String.join("; ", notes)).append(')');
        }
        return b.toString();
    }

    /** The JSON form used by {@code conformance --json}. */
    ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("name", name);
        n.put("file", file);
        n.put("passed", passed());
        if (error == null) {
            n.putNull("error");
        } else {
            n.put("error", error);
        }
        ArrayNode ns = n.putArray("notes");
        notes.forEach(ns::add);
        ArrayNode ps = n.putArray("probes");
        for (ProbeResult p : probes) {
            ObjectNode o = ps.addObject();
            o.put("step", p.step());
            o.put("port", p.port());
            o.put("protocol", p.protocol());
            o.put("method", p.method());
            o.put("attempts", p.attempts());
            o.put("checked", p.checked());
            o.put("passed", p.passed());
            ArrayNode ms = o.putArray("mismatches");
            for (Mismatch m : p.mismatches()) {
                ms.addObject().put("from", m.from()).put("to", m.to()).put("expected", m.expected().word()).put("got", m.got());
            }
        }
        return n;
    }
}
