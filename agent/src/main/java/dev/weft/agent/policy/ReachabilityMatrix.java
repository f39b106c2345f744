package dev.weft.agent.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.common.net.IpAddresses;
import dev.weft.model.ipset.Protocol;
import dev.weft.policy.eval.FlowPeer;
import dev.weft.policy.eval.PolicyEvaluator;
import dev.weft.policy.input.ClusterState;
import dev.weft.policy.input.PodInfo;
import dev.weft.policy.input.PodRef;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Pod-to-Pod reachability matrix for one port and protocol: rows are sources ("from"), columns
 * destinations ("to"), each cell reachable, not reachable, or unknown. Built from the policy
 * evaluator ({@link #expected}) by {@code weftctl policy matrix}, or cell by cell from real probes
 * ({@link #builder}) by the lab prober, so that both print the identical format.
 *
 * <p>{@link #render()} is the upstream Kubernetes e2e netpol layout ({@code
 * test/e2e/network/netpol/truthtable.go} {@code TruthTable.PrettyPrint("")}): a header line of
 * {@code -} and the destination Pods, then one line per source Pod with its marks, all fields
 * separated by one tab; marks {@code .} reachable, {@code X} not, {@code ?} unknown. For Pods x/a
 * and x/b ({@code →} is a tab):
 * <pre>
 * -→x/a→x/b
 * x/a→.→X
 * x/b→.→.
 * </pre>
 *
 * <p>{@link #toJson()}: {@code {"port":80,"protocol":"TCP","pods":[{"pod":"x/a","ips":["10.244.1.2"],
 * "node":"node-1"},…],"reachability":{"x/a":{"x/a":true,"x/b":false,…},…}}} — {@code reachability}
 * is from → (to → true|false|null), null for unknown, Pods in matrix order; {@code node} is null when
 * unknown. {@link #fromJson} reads it back. Immutable.
 */
public final class ReachabilityMatrix {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final int port;
    private final String protocol;
    private final List<PodEntry> pods;
    private final Map<PodRef, Map<PodRef, Boolean>> cells;

    /**
     * A row/column of the matrix.
     *
     * @param pod the Pod
     * @param ips its addresses (may be empty when it has none yet)
     * @param node the node it runs on, or null when unknown
     */
    public record PodEntry(PodRef pod, List<InetAddress> ips, String node) {
        public PodEntry {
            Objects.requireNonNull(pod, "pod");
            ips = ips == null ? List.of() : List.copyOf(ips);
        }
    }

    private ReachabilityMatrix(int port, String protocol, List<PodEntry> pods, Map<PodRef, Map<PodRef, Boolean>> cells) {
        this.port = port;
        this.protocol = protocol;
        this.pods = List.copyOf(pods);
        this.cells = cells;
    }

    /**
     * The matrix the policies imply: every Pod of the evaluator to every Pod, new connections on
     * {@code port}/{@code protocol}; a cell touching a Pod without an address is unknown.
     *
     * @param evaluator evaluator over {@code state}
     * @param state the same state (for the Pods' nodes)
     */
    public static ReachabilityMatrix expected(PolicyEvaluator evaluator, ClusterState state, int port, Protocol protocol) {
        Map<PodRef, PodInfo> byRef = new HashMap<>();
        state.pods().forEach(p -> byRef.put(p.ref(), p));
        Builder b = builder(port, protocol.name());
        List<PodRef> refs = evaluator.pods();
        for (PodRef r : refs) {
            PodInfo info = byRef.get(r);
            b.pod(r, info == null ? List.of() : info.ips(), info == null ? null : info.nodeName());
        }
        for (PodRef from : refs) {
            for (PodRef to : refs) {
                Boolean cell = null;
                if (!b.ipsOf(from).isEmpty() && !b.ipsOf(to).isEmpty()) {
                    try {
                        cell = evaluator.evaluate(new FlowPeer.Pod(from), new FlowPeer.Pod(to), port, protocol).allowed();
                    } catch (IllegalArgumentException e) {
                        cell = null; // no common address family
                    }
                }
                b.cell(from, to, cell);
            }
        }
        return b.build();
    }

    /** A builder of a matrix for {@code port}/{@code protocol} (protocol as written, e.g. {@code TCP}). */
    public static Builder builder(int port, String protocol) {
        return new Builder(port, protocol);
    }

    /** Builds a matrix: add the Pods in display order, then set cells (unset cells are unknown). */
    public static final class Builder {
        private final int port;
        private final String protocol;
        private final Map<PodRef, PodEntry> pods = new LinkedHashMap<>();
        private final Map<PodRef, Map<PodRef, Boolean>> cells = new HashMap<>();

        private Builder(int port, String protocol) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " out of range 1-65535");
            }
            this.port = port;
            this.protocol = Objects.requireNonNull(protocol, "protocol");
        }

        /** Adds a row and column. @throws IllegalArgumentException if the Pod is already there */
        public Builder pod(PodRef pod, List<InetAddress> ips, String node) {
            if (pods.putIfAbsent(pod, new PodEntry(pod, ips, node)) != null) {
                throw new IllegalArgumentException("Pod " + pod + " added twice");
            }
            return this;
        }

        /**
         * Sets a cell; {@code reachable} null = unknown.
         *
         * @throws IllegalArgumentException if a Pod was not added
         */
        public Builder cell(PodRef from, PodRef to, Boolean reachable) {
            if (!pods.containsKey(from) || !pods.containsKey(to)) {
                throw new IllegalArgumentException("unknown Pod in cell " + from + " -> " + to);
            }
            cells.computeIfAbsent(from, k -> new HashMap<>()).put(to, reachable);
            return this;
        }

        List<InetAddress> ipsOf(PodRef pod) {
            return pods.get(pod).ips();
        }

        /** The matrix. */
        public ReachabilityMatrix build() {
            Map<PodRef, Map<PodRef, Boolean>> copy = new HashMap<>();
            cells.forEach((k, v) -> copy.put(k, new HashMap<>(v)));
            return new ReachabilityMatrix(port, protocol, new ArrayList<>(pods.values()), copy);
        }
    }

    /** Destination port. */
    public int port() {
        return port;
    }

    /** Protocol as given ({@code TCP}, {@code UDP}, {@code SCTP}). */
    public String protocol() {
        return protocol;
    }

    /** Rows and columns, in display order. */
    public List<PodEntry> pods() {
        return pods;
    }

    /** A cell: empty when unknown or when a Pod is not in the matrix. */
    public Optional<Boolean> reachable(PodRef from, PodRef to) {
        Map<PodRef, Boolean> row = cells.get(from);
        return row == null ? Optional.empty() : Optional.ofNullable(row.get(to));
    }

    /** The upstream e2e layout (see the class comment), lines separated by {@code \n}, no final newline. */
    public String render() {
        StringBuilder out = new StringBuilder("-");
        for (PodEntry to : pods) {
            out.append('\t').append(to.pod());
        }
        for (PodEntry from : pods) {
            out.append('\n').append(from.pod());
            for (PodEntry to : pods) {
                Optional<Boolean> v = reachable(from.pod(), to.pod());
                out.append('\t').append(v.isEmpty() ? "?" : v.get() ? "." : "X");
            }
        }
        return out.toString();
    }

    /** The JSON form (see the class comment), pretty-printed. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("port", port);
        root.put("protocol", protocol);
        ArrayNode podArray = root.putArray("pods");
        for (PodEntry p : pods) {
            ObjectNode n = podArray.addObject();
            n.put("pod", p.pod().toString());
            ArrayNode ips = n.putArray("ips");
            p.ips().forEach(ip -> ips.add(ip.getHostAddress()));
            n.put("node", p.node());
        }
        ObjectNode reach = root.putObject("reachability");
        for (PodEntry from : pods) {
            ObjectNode row = reach.putObject(from.pod().toString());
            for (PodEntry to : pods) {
                Optional<Boolean> v = reachable(from.pod(), to.pod());
                if (v.isEmpty()) {
                    row.putNull(to.pod().toString());
                } else {
                    row.put(to.pod().toString(), v.get());
                }
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads {@link #toJson()} output back.
     *
     * @throws IllegalArgumentException if the text is not such a document
     */
    public static ReachabilityMatrix fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.path("port").canConvertToInt() || !root.path("protocol").isTextual()
                || !root.path("pods").isArray() || !root.path("reachability").isObject()) {
            throw new IllegalArgumentException("not a reachability matrix: needs port, protocol, pods[], reachability{}");
        }
        Builder b = builder(root.get("port").asInt(), root.get("protocol").asText());
        for (JsonNode p : root.get("pods")) {
            List<InetAddress> ips = new ArrayList<>();
            p.path("ips").forEach(ip -> ips.add(IpAddresses.parse(ip.asText())));
            b.pod(PodRef.parse(p.path("pod").asText()), ips, p.path("node").isTextual() ? p.get("node").asText() : null);
        }
        for (Iterator<Map.Entry<String, JsonNode>> rows = root.get("reachability").fields(); rows.hasNext(); ) {
            Map.Entry<String, JsonNode> row = rows.next();
            for (Iterator<Map.Entry<String, JsonNode>> c = row.getValue().fields(); c.hasNext(); ) {
                Map.Entry<String, JsonNode> cell = c.next();
                JsonNode v = cell.getValue();
                if (!v.isNull() && !v.isBoolean()) {
                    throw new IllegalArgumentException("cell " + row.getKey() + " -> " + cell.getKey() + " is not true/false/null");
                }
                b.cell(PodRef.parse(row.getKey()), PodRef.parse(cell.getKey()), v.isNull() ? null : v.asBoolean());
            }
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReachabilityMatrix m && port == m.port && protocol.equals(m.protocol) && pods.equals(m.pods)
                && render().equals(m.render());
    }

    @Override
    public int hashCode() {
        return Objects.hash(port, protocol, pods, render());
    }

    @Override
    public String toString() {
        return "ReachabilityMatrix " + port + "/" + protocol + "\n" + render();
    }
}
