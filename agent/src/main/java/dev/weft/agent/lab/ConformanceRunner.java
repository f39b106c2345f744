package dev.weft.agent.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.agent.lab.CaseResult.ProbeResult;
import dev.weft.agent.lab.MatrixCheck.Outcome;
import dev.weft.agent.lab.NetpolCase.Action;
import dev.weft.agent.lab.NetpolCase.Pod;
import dev.weft.agent.lab.NetpolCase.Probe;
import dev.weft.agent.lab.NetpolCase.Step;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs conformance cases against the lab (FORMAT.md), one at a time, each from a clean state:
 * <ol>
 *   <li><b>clean</b>: every lab Pod deleted ({@code weft-lab pod delete}), every Pod and
 *       NetworkPolicy object removed from the datastore, Namespace objects of other cases removed;
 *   <li><b>model</b>: the case's Namespace objects with exactly the model's labels; its Pods through
 *       {@code weft-lab pod add} (the CNI plugin), round-robin over the nodes, serving every container
 *       port; each Pod object is then rewritten with exactly the model's labels and containers (port
 *       names matter for named ports). {@code phase: Succeeded|Failed} Pods get only their API object
 *       (with {@code ip_same_as}'s IP); {@code hostNetwork} Pods are unsupported in the lab: an API
 *       object with the node's IP, and their cells unasserted. With {@code podsCreatedOnly}, only
 *       {@code source.also_in.pods_created} (plus Pods that placeholders name) are created and only
 *       their cells compared (FORMAT.md "Pod subsets");
 *   <li><b>steps</b>, in order: policies written with placeholders resolved from the real IPs, label
 *       changes written into the Pod/Namespace objects, {@code recreate_pod} as delete + add on the
 *       same node; then convergence: each node agent's {@code /status} {@code networkPolicy.sync}
 *       (completed NetworkPolicy syncs, counted after the kernel apply) must have advanced past its
 *       value before the step and then stay put for 400 ms (at most 10 s; agents that do not report
 *       it: a fixed settle time, {@code --settle-ms}); then every probe of the step. TCP/UDP: {@code weft-lab probe --json} (new connections, 1 s timeout per cell); a
 *       failing matrix is probed once more and the second result counts. SCTP: this kernel has no
 *       SCTP sockets, so the offline evaluator over the same datastore decides, reported as
 *       {@value CaseResult#BY_EVALUATOR};
 *   <li><b>cleanup</b> (always): the case's policies removed, namespace labels restored to the
 *       model, the case's Pods deleted.
 * </ol>
 */
final class ConformanceRunner {
    /**
     * @param podsCreatedOnly create only {@code pods_created} when the case lists them
     * @param settle wait after a step's actions before probing
     * @param attempts observations of a failing real-packet matrix before it counts (≥ 1)
     * @param parallel Pod adds/deletes run at once (≥ 1)
     */
    record Options(boolean podsCreatedOnly, Duration settle, int attempts, int parallel) {}

    /** How long the agents' sync counts must stay put after advancing. */
    static final Duration QUIET = Duration.ofMillis(400);
    /** Longest wait for convergence. */
    static final Duration CONVERGE_LIMIT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(150);

    private final LabDriver lab;
    private final LabDatastore ds;
    private final Options options;
    private final Consumer<String> log;

    // Per-case state.
    private final Map<String, InetAddress> ips = new HashMap<>();
    private final Map<String, String> nodeOf = new HashMap<>();
    private final Set<String> sandboxes = new LinkedHashSet<>();
    private final Set<String> unprobeable = new HashSet<>();
    private final List<String> notes = new ArrayList<>();

    ConformanceRunner(LabDriver lab, LabDatastore ds, Options options, Consumer<String> log) {
        this.lab = lab;
        this.ds = ds;
        this.options = options;
        this.log = log;
    }

    /** Runs one case; never throws for lab or case problems (they become the result's error). */
    CaseResult run(NetpolCase c) {
        ips.clear();
        nodeOf.clear();
        sandboxes.clear();
        unprobeable.clear();
        notes.clear();
        List<ProbeResult> results = new ArrayList<>();
        String error = null;
        try {
            clean(c);
            Set<String> considered = model(c);
            for (Step step : c.steps()) {
                try {
                    Map<String, Long> before = lab.policySyncs();
                    for (Action a : step.actions()) {
                        act(c, a);
                    }
                    if (!step.actions().isEmpty()) {
                        converge(step.id(), before);
                    }
                    for (Probe p : c.probesOf(step.id())) {
                        results.add(probe(c, p, considered));
                    }
                } catch (RuntimeException e) {
                    throw new IllegalStateException("step " + step.id() + ": " + Manifests.oneLine(e), e);
                }
            }
        } catch (RuntimeException e) {
            error = Manifests.oneLine(e);
        } finally {
            try {
                cleanup(c);
            } catch (RuntimeException e) {
                notes.add("cleanup failed: " + Manifests.oneLine(e));
            }
        }
        return new CaseResult(c.name(), c.file().getFileName().toString(), results, error, notes);
    }

    private void clean(NetpolCase c) {
        deletePods(lab.pods());
        Set<String> caseNamespaces = new HashSet<>();
        c.namespaces().forEach(n -> caseNamespaces.add(n.name()));
        for (LabDatastore.Stored s : ds.list()) {
            LabObject o = s.object();
            if (o.kind().equals("Pod") || o.kind().equals("NetworkPolicy")
                    || o.kind().equals("Namespace") && !caseNamespaces.contains(o.name())) {
                ds.remove(o.kind(), o.namespace(), o.name());
            }
        }
    }

    /** Creates the model; returns the Pods whose cells are compared, or null for all. */
    private Set<String> model(NetpolCase c) {
        for (NetpolCase.Namespace n : c.namespaces()) {
            writeNamespace(n.name(), n.labels());
        }
        Set<String> selected = new LinkedHashSet<>();
        boolean subset = options.podsCreatedOnly() && !c.podsCreated().isEmpty();
        if (subset) {
            selected.addAll(c.podsCreated());
            c.policies().values().forEach(p -> selected.addAll(Placeholders.referencedPods(p)));
            new ArrayList<>(selected).forEach(r -> {
                Pod p = c.pod(r);
                if (p != null && p.ipSameAs() != null) {
                    selected.add(p.ipSameAs());
                }
            });
            notes.add("pods_created only: " + selected.size() + " of " + c.pods().size() + " pods");
        } else {
            c.pods().forEach(p -> selected.add(p.ref()));
        }
        List<String> nodes = lab.nodes();
        int k = 0;
        Map<Pod, String> placement = new LinkedHashMap<>();
        for (Pod p : c.pods()) {
            if (selected.contains(p.ref()) && p.sandboxed()) {
                placement.put(p, nodes.get(k++ % nodes.size()));
            }
        }
        inParallel(new ArrayList<>(placement.keySet()), p -> {
            log.accept("  pod add " + p.ref() + " on " + placement.get(p));
            return lab.addPod(p.namespace(), p.name(), p.labels(), p.ports(), placement.get(p));
        }, (p, ip) -> recordSandbox(p, placement.get(p), ip));
        for (Pod p : c.pods()) {
            if (!selected.contains(p.ref()) || p.sandboxed()) {
                continue;
            }
            unprobeable.add(p.ref());
            String node = nodes.get(k++ % nodes.size());
            ObjectNode obj = podObject(p, node);
            if (p.hostNetwork()) {
                notes.add(p.ref() + ": hostNetwork unsupported in the lab, its cells unasserted");
                obj.withObjectProperty("spec").put("hostNetwork", true);
                nodeAddress(node).ifPresent(ip -> setIp(obj, ip));
                obj.withObjectProperty("status").put("phase", p.phase() == null ? "Running" : p.phase());
            } else {
                notes.add(p.ref() + ": phase " + p.phase() + ", API object only, its cells unasserted");
                obj.withObjectProperty("status").put("phase", p.phase());
                if (p.ipSameAs() != null && ips.containsKey(p.ipSameAs())) {
                    setIp(obj, ips.get(p.ipSameAs()).getHostAddress());
                }
            }
            ds.put(new LabObject("Pod", p.namespace(), p.name(), obj));
        }
        for (Pod p : c.pods()) {
            if (p.ipSameAs() != null && p.sandboxed() && selected.contains(p.ref())) {
                notes.add(p.ref() + ": ip_same_as ignored on a running pod");
            }
        }
        return subset ? selected : null;
    }

    private void addSandbox(Pod p, String node) {
        log.accept("  pod add " + p.ref() + " on " + node);
        recordSandbox(p, node, lab.addPod(p.namespace(), p.name(), p.labels(), p.ports(), node));
    }

    private void recordSandbox(Pod p, String node, InetAddress ip) {
        ips.put(p.ref(), ip);
        nodeOf.put(p.ref(), node);
        sandboxes.add(p.ref());
        // The lab wrote its own Pod object; make it exactly the model's (labels, containers, port names).
        ObjectNode obj = ds.get("Pod", p.namespace(), p.name()).map(LabObject::body).map(ObjectNode::deepCopy)
                .orElseGet(() -> {
                    ObjectNode o = podObject(p, node);
                    setIp(o, ip.getHostAddress());
                    o.withObjectProperty("status").put("phase", "Running");
                    return o;
                });
        obj.set("metadata", podObject(p, node).get("metadata"));
        obj.withObjectProperty("spec").set("containers", podObject(p, node).path("spec").path("containers"));
        ds.put(new LabObject("Pod", p.namespace(), p.name(), obj));
    }

    private static ObjectNode podObject(Pod p, String node) {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode meta = o.putObject("metadata").put("namespace", p.namespace()).put("name", p.name());
        ObjectNode labels = meta.putObject("labels");
        p.labels().forEach(labels::put);
        ObjectNode spec = o.putObject("spec").put("nodeName", node);
        p.containers().forEach(cn -> spec.withArray("containers").add(cn.deepCopy()));
        if (p.containers().isEmpty()) {
            spec.putArray("containers");
        }
        return o;
    }

    private static void setIp(ObjectNode pod, String ip) {
        ObjectNode status = pod.withObjectProperty("status");
        status.put("podIP", ip);
        status.putArray("podIPs").addObject().put("ip", ip);
    }

    private java.util.Optional<String> nodeAddress(String node) {
        return ds.get("Node", "", node).map(n -> {
            for (JsonNode a : n.body().path("status").path("addresses")) {
                if ("InternalIP".equals(a.path("type").asText())) {
                    return a.path("address").asText();
                }
            }
            return null;
        });
    }

    private void writeNamespace(String name, Map<String, String> labels) {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Namespace");
        ObjectNode l = o.putObject("metadata").put("name", name).putObject("labels");
        labels.forEach(l::put);
        ds.put(new LabObject("Namespace", "", name, o));
    }

    private void act(NetpolCase c, Action a) {
        log.accept("  " + a.op() + " " + (a.policy() != null ? a.policy() : a.pod() != null ? a.pod()
                : a.namespace() != null ? a.namespace() : ""));
        switch (a.op()) {
            case "create_policy", "update_policy" -> ds.put(policy(c, a.policy(), true));
            case "delete_policy" -> {
                LabObject o = policy(c, a.policy(), false);
                ds.remove(o.kind(), o.namespace(), o.name());
            }
            case "delete_all_policies" -> removePolicies(c);
            case "add_pod_labels", "remove_pod_labels" -> {
                String ns = a.pod().substring(0, a.pod().indexOf('/'));
                String name = a.pod().substring(a.pod().indexOf('/') + 1);
                ds.get("Pod", ns, name).ifPresent(o -> ds.put(relabel(o, a)));
            }
            case "add_namespace_labels", "remove_namespace_labels" ->
                    ds.get("Namespace", "", a.namespace()).ifPresent(o -> ds.put(relabel(o, a)));
            case "recreate_pod" -> {
                Pod p = c.pod(a.pod());
                if (sandboxes.contains(p.ref())) {
                    lab.deletePod(p.namespace(), p.name());
                    addSandbox(p, nodeOf.get(p.ref()));
                }
            }
            default -> throw new IllegalStateException("unknown op " + a.op());
        }
    }

    private LabObject policy(NetpolCase c, String id, boolean resolve) {
        JsonNode raw = c.policies().get(id);
        JsonNode body = resolve ? Placeholders.resolve(raw, ips) : raw;
        try {
            return Manifests.object(body, "policy " + id, false);
        } catch (ManifestException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static LabObject relabel(LabObject o, Action a) {
        ObjectNode body = o.body().deepCopy();
        ObjectNode labels = body.withObjectProperty("metadata").withObjectProperty("labels");
        if (a.op().startsWith("add_")) {
            a.labels().forEach(labels::put);
        } else {
            a.keys().forEach(labels::remove);
        }
        return new LabObject(o.kind(), o.namespace(), o.name(), body);
    }

    private ProbeResult probe(NetpolCase c, Probe p, Set<String> considered) {
        if (p.protocol().equals("SCTP")) {
            Map<String, Map<String, Boolean>> seen = EvaluatorMatrix.evaluate(ds.dir(), sandboxes, p.port(), p.protocol());
            Outcome o = MatrixCheck.compare(p, MatrixCheck.Observed.of(seen), c.ignoreLoopback(), unprobeable, considered);
            notes.add("step " + p.step() + " " + p.label() + ": " + CaseResult.BY_EVALUATOR);
            return new ProbeResult(p.step(), p.port(), p.protocol(), CaseResult.BY_EVALUATOR, 1, o.checked(), o.mismatches());
        }
        Outcome o = null;
        int attempt = 0;
        while (attempt < Math.max(1, options.attempts()) && (o == null || !o.passed())) {
            attempt++;
            log.accept("  probe " + p.label() + " (step " + p.step() + ", attempt " + attempt + ")");
            Map<String, Map<String, Boolean>> seen = lab.probe(p.port(), p.protocol());
            o = MatrixCheck.compare(p, MatrixCheck.Observed.of(seen), c.ignoreLoopback(), unprobeable, considered);
        }
        return new ProbeResult(p.step(), p.port(), p.protocol(), CaseResult.BY_PROBE, attempt, o.checked(), o.mismatches());
    }

    private void removePolicies(NetpolCase c) {
        Set<String> namespaces = new HashSet<>();
        c.namespaces().forEach(n -> namespaces.add(n.name()));
        for (LabDatastore.Stored s : ds.list("NetworkPolicy")) {
            if (namespaces.contains(s.object().namespace())) {
                ds.remove("NetworkPolicy", s.object().namespace(), s.object().name());
            }
        }
    }

    private void cleanup(NetpolCase c) {
        removePolicies(c);
        for (String id : c.policies().keySet()) {
            LabObject o = policy(c, id, false);
            ds.remove(o.kind(), o.namespace(), o.name());
        }
        for (NetpolCase.Namespace n : c.namespaces()) {
            writeNamespace(n.name(), n.labels());
        }
        deletePods(List.copyOf(sandboxes));
        for (Pod p : c.pods()) {
            ds.remove("Pod", p.namespace(), p.name());
        }
    }

    private void deletePods(List<String> refs) {
        inParallel(refs, r -> {
            log.accept("  pod delete " + r);
            lab.deletePod(r.substring(0, r.indexOf('/')), r.substring(r.indexOf('/') + 1));
            return Boolean.TRUE;
        }, (r, ok) -> { });
    }

    /**
     * Applies {@code f} to every item, {@link Options#parallel()} at a time, and waits for all of
     * them; {@code onDone} sees each success on the calling thread, in item order (so what was
     * created can be cleaned up), then the first failure is thrown.
     */
    private <T, R> void inParallel(List<T> items, Function<T, R> f, BiConsumer<T, R> onDone) {
        if (items.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(options.parallel(), items.size())));
        try {
            List<Future<R>> futures = new ArrayList<>();
            items.forEach(i -> futures.add(pool.submit(() -> f.apply(i))));
            RuntimeException first = null;
            for (int i = 0; i < items.size(); i++) {
                try {
                    onDone.accept(items.get(i), futures.get(i).get());
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted");
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Waits until the change reached every agent: when the agents report policy syncs, until each
     * node's count passed {@code before} and then stayed put for {@link #QUIET} (the sync that saw
     * the change has been applied and nothing else is pending), at most {@link #CONVERGE_LIMIT};
     * when they do not, the fixed {@link Options#settle()} time.
     */
    private void converge(String step, Map<String, Long> before) {
        if (before.isEmpty()) {
            sleep(options.settle());
            return;
        }
        long deadline = System.nanoTime() + CONVERGE_LIMIT.toNanos();
        Map<String, Long> last = null;
        long stableSince = 0;
        while (System.nanoTime() < deadline) {
            Map<String, Long> now = lab.policySyncs();
            boolean advanced = before.entrySet().stream()
                    .allMatch(e -> now.getOrDefault(e.getKey(), Long.MIN_VALUE) > e.getValue());
            if (!now.equals(last)) {
                last = now;
                stableSince = System.nanoTime();
            } else if (advanced && System.nanoTime() - stableSince >= QUIET.toNanos()) {
                return;
            }
            sleep(POLL);
        }
        notes.add("step " + step + ": the agents reported no completed policy sync within "
                + CONVERGE_LIMIT.toSeconds() + " s; probed anyway");
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
