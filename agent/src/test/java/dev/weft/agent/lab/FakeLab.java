package dev.weft.agent.lab;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.agent.lab.NetpolCase.Port;
import dev.weft.common.net.IpAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An in-memory lab for runner tests: Pods get IPs 10.244.&lt;node&gt;.&lt;n&gt; (never reused) and a Pod
 * object written like {@code weft-lab pod add} writes it (one container "server", default port
 * names); probes answer from a chosen enforcement model — the policy evaluator over the datastore
 * ("perfect enforcement") or everything allowed ("no enforcement yet") — and every call is recorded.
 */
class FakeLab implements LabDriver {
    /** How probes answer. */
    enum Enforcement { EVALUATOR, NONE }

    final LabDatastore ds;
    final Enforcement enforcement;
    final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    final Map<String, String> podNode = java.util.Collections.synchronizedMap(new TreeMap<>());
    final Map<String, InetAddress> podIp = java.util.Collections.synchronizedMap(new TreeMap<>());
    /** Snapshots of the datastore's NetworkPolicy objects at each probe. */
    final List<List<LabObject>> policiesAtProbe = new ArrayList<>();
    /** Every IP ever given, by Pod (last one wins). */
    final Map<String, InetAddress> everIp = new TreeMap<>();
    /** Pod to fail {@link #addPod} for, or null. */
    String failAdd;
    private int next = 2;

    FakeLab(LabDatastore ds, Enforcement enforcement) {
        this.ds = ds;
        this.enforcement = enforcement;
    }

    @Override
    public List<String> nodes() {
        return List.of("wlt-node1", "wlt-node2");
    }

    @Override
    public synchronized List<String> pods() {
        return List.copyOf(podNode.keySet());
    }

    @Override
    public synchronized InetAddress addPod(String namespace, String pod, Map<String, String> labels, List<Port> ports, String node) {
        String ref = namespace + "/" + pod;
        calls.add("add " + ref + " " + node + " " + labels + " " + ports.stream().map(p -> p.port() + "/" + p.protocol()
                + (p.name() == null ? "" : "/" + p.name())).toList());
        if (ref.equals(failAdd)) {
            throw new LabException("weft-lab pod add " + ref + " failed (exit 1): CNI ADD failed");
        }
        InetAddress ip = IpAddresses.parse("10.244." + (nodes().indexOf(node) + 1) + "." + next++);
        podNode.put(ref, node);
        podIp.put(ref, ip);
        everIp.put(ref, ip);
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode meta = o.putObject("metadata").put("namespace", namespace).put("name", pod);
        ObjectNode l = meta.putObject("labels");
        labels.forEach(l::put);
        ObjectNode c = o.putObject("spec").put("nodeName", node).putArray("containers").addObject().put("name", "server");
        var ps = c.putArray("ports");
        for (Port p : ports) {
            ps.addObject().put("containerPort", p.port()).put("protocol", p.protocol())
                    .put("name", "serve-" + p.port() + "-" + p.protocol().toLowerCase());
        }
        ObjectNode st = o.putObject("status").put("phase", "Running").put("podIP", ip.getHostAddress());
        st.putArray("podIPs").addObject().put("ip", ip.getHostAddress());
        ds.put(new LabObject("Pod", namespace, pod, o));
        return ip;
    }

    @Override
    public synchronized void deletePod(String namespace, String pod) {
        String ref = namespace + "/" + pod;
        calls.add("delete " + ref);
        podNode.remove(ref);
        podIp.remove(ref);
        ds.remove("Pod", namespace, pod);
    }

    @Override
    public synchronized Map<String, Map<String, Boolean>> probe(int port, String protocol) {
        calls.add("probe " + port + "/" + protocol);
        policiesAtProbe.add(ds.list("NetworkPolicy").stream().map(LabDatastore.Stored::object).toList());
        if (enforcement == Enforcement.EVALUATOR) {
            return EvaluatorMatrix.evaluate(ds.dir(), podNode.keySet(), port, protocol);
        }
        Map<String, Map<String, Boolean>> out = new LinkedHashMap<>();
        for (String f : podNode.keySet()) {
            for (String t : podNode.keySet()) {
                out.computeIfAbsent(f, k -> new LinkedHashMap<>()).put(t, true);
            }
        }
        return out;
    }

    /** The last IP given to {@code ref}. */
    synchronized String callsIpOf(String ref) {
        return everIp.get(ref).getHostAddress();
    }

    long count(String prefix) {
        return calls.stream().filter(c -> c.startsWith(prefix)).count();
    }
}
