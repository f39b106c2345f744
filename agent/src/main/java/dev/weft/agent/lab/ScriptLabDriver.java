package dev.weft.agent.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.agent.lab.NetpolCase.Port;
import dev.weft.common.net.IpAddresses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@link LabDriver} over the {@code weft-lab} script: {@code pod add NS/POD --labels k=v,...
 * --port P/PROTO[/name]... --node NODE}, {@code pod delete NS/POD}, {@code probe --port P
 * --protocol T --json}. Nodes are {@code <prefix>node1..N} with N from {@code $STATE/nodes}; the
 * lab's Pods are the {@code $STATE/pods/<ns>_<pod>/} directories holding an {@code ip} file (the
 * script's own bookkeeping).
 */
final class ScriptLabDriver implements LabDriver {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9-]+");
    private static final long TIMEOUT_SECONDS = 300;
    /** The agents' status port in the lab ({@code STATUS_PORT} of the script). */
    static final int STATUS_PORT = 9099;

    private final String script;
    private final Path state;
    private final String prefix;

    ScriptLabDriver(String script, Path state, String prefix) {
        this.script = script;
        this.state = state;
        this.prefix = prefix;
    }

    @Override
    public List<String> nodes() {
        int n;
        try {
            n = Integer.parseInt(Files.readString(state.resolve("nodes")).trim());
        } catch (IOException | NumberFormatException e) {
            throw new LabException("no lab at " + state + " (run 'weft-lab up'): " + e.getMessage());
        }
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(prefix + "node" + i);
        }
        return out;
    }

    @Override
    public List<String> pods() {
        Path dir = state.resolve("pods");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("ip")) && p.getFileName().toString().contains("_"))
                    .map(p -> p.getFileName().toString().replaceFirst("_", "/")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InetAddress addPod(String namespace, String pod, Map<String, String> labels, List<Port> ports, String node) {
        List<String> cmd = new ArrayList<>(List.of("pod", "add", namespace + "/" + pod, "--node", node,
                "--labels", labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","))));
        Set<String> seen = new LinkedHashSet<>();
        for (Port p : ports) {
            if (seen.add(p.port() + "/" + p.protocol())) {
                boolean named = p.name() != null && PORT_NAME.matcher(p.name()).matches();
                cmd.add("--port");
                cmd.add(p.port() + "/" + p.protocol() + (named ? "/" + p.name() : ""));
            }
        }
        String out = run(cmd);
        // Last line: "ns/pod IP on NODE".
        String[] lines = out.strip().split("\n");
        String[] f = lines[lines.length - 1].trim().split("\\s+");
        if (f.length < 2 || !f[0].equals(namespace + "/" + pod)) {
            throw new LabException("weft-lab pod add " + namespace + "/" + pod + ": unexpected output '" + out.strip() + "'");
        }
        try {
            return IpAddresses.parse(f[1]);
        } catch (IllegalArgumentException e) {
            throw new LabException("weft-lab pod add " + namespace + "/" + pod + ": no IP in '" + out.strip() + "'");
        }
    }

    @Override
    public void deletePod(String namespace, String pod) {
        run(List.of("pod", "delete", namespace + "/" + pod));
    }

    @Override
    public Map<String, Map<String, Boolean>> probe(int port, String protocol) {
        String out = run(List.of("probe", "--port", String.valueOf(port), "--protocol", protocol, "--json"));
        return parseProbe(out);
    }

    /**
     * Reads {@code weft-lab probe --json}: {@code {port, protocol, pods: {"ns/pod": {ip, node}},
     * reachability: {"ns/pod/ns2/pod2": bool}}} (key = from + "/" + to).
     *
     * @throws LabException if the text is not such a document
     */
    static Map<String, Map<String, Boolean>> parseProbe(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new LabException("weft-lab probe: not JSON: " + Manifests.oneLine(e));
        }
        if (root == null || !root.path("reachability").isObject()) {
            throw new LabException("weft-lab probe: no reachability in its output");
        }
        Map<String, Map<String, Boolean>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("reachability").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String[] parts = e.getKey().split("/");
            if (parts.length != 4 || !e.getValue().isBoolean()) {
                throw new LabException("weft-lab probe: bad cell '" + e.getKey() + "': " + e.getValue());
            }
            out.computeIfAbsent(parts[0] + "/" + parts[1], k -> new LinkedHashMap<>())
                    .put(parts[2] + "/" + parts[3], e.getValue().asBoolean());
        }
        return out;
    }

    /** Asks each node's agent at {@code http://127.0.0.1:9099/status} inside the node namespace (the lab's status port). */
    @Override
    public Map<String, Long> policySyncs() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String node : nodes()) {
            try {
                Process p = new ProcessBuilder("ip", "netns", "exec", node, "curl", "-s", "--max-time", "2",
                        "http://127.0.0.1:" + STATUS_PORT + "/status").redirectError(ProcessBuilder.Redirect.DISCARD).start();
                byte[] body = p.getInputStream().readAllBytes();
                if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    continue;
                }
                JsonNode sync = JSON.readTree(body).path("networkPolicy").path("sync");
                if (sync.canConvertToLong()) {
                    out.put(node, sync.asLong());
                }
            } catch (IOException | RuntimeException e) {
                // no answer: not reported
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return out;
    }

    private String run(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(script);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("WEFT_LAB_STATE", state.toString());
        pb.environment().put("WEFT_LAB_PREFIX", prefix);
        try {
            Path err = Files.createTempFile("weft-lab", ".err");
            Path outFile = Files.createTempFile("weft-lab", ".out");
            try {
                pb.redirectError(err.toFile()).redirectOutput(outFile.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                Process p = pb.start();
                if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new LabException("weft-lab " + String.join(" ", args) + ": timed out");
                }
                String out = Files.readString(outFile, StandardCharsets.UTF_8);
                if (p.exitValue() != 0) {
                    throw new LabException("weft-lab " + String.join(" ", args) + " failed (exit " + p.exitValue() + "): "
                            + Files.readString(err).strip());
                }
                return out;
            } finally {
                Files.deleteIfExists(err);
                Files.deleteIfExists(outFile);
            }
        } catch (IOException e) {
            throw new LabException("cannot run " + script + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted: weft-lab " + String.join(" ", args));
        }
    }
}
