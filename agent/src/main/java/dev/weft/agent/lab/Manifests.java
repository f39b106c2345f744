package dev.weft.agent.lab;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.weft.agent.datastore.ResourceParser;
import dev.weft.agent.policy.PolicyInputs;
import dev.weft.policy.calc.Rejection;
import dev.weft.policy.eval.PolicyEvaluator;
import dev.weft.policy.input.ClusterState;
import dev.weft.policy.input.NetworkPolicyInfo;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads manifest files for {@code weft-lab apply|delete}: YAML or JSON, several documents per file
 * ({@code ---}), {@code kind: List} (or {@code *List} with {@code items}) flattened. Every object must
 * have {@code kind} (one the datastore reads: {@link ResourceParser#KINDS}) and {@code metadata.name}
 * (a DNS-1123 subdomain, as the API server requires; so is {@code metadata.namespace}); namespaced
 * kinds default to namespace {@code default}. With validation on, a NetworkPolicy must also convert
 * through fabric8's model and pass the policy engine's validation (CIDRs, protocols, ports,
 * selector operators), as the API server would refuse it. A file is all or nothing: the first
 * problem throws and nothing of the file is returned.
 */
final class Manifests {
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Manifests() {}

    /**
     * Reads every object of {@code file}.
     *
     * @param validate also validate NetworkPolicy content (see the class comment)
     * @throws ManifestException naming the file, the document ({@code #n}, {@code items[i]}) and the problem
     */
    /**
     * Reads every file; prints each bad file's problem to {@code err} (as {@code weft-lab: error: …}).
     *
     * @return all objects in file order, or empty if any file was bad (then nothing is to be done)
     */
    static java.util.Optional<List<LabObject>> readAll(List<Path> files, boolean validate, java.io.PrintWriter err) {
        List<LabObject> all = new java.util.ArrayList<>();
        boolean bad = false;
        for (Path f : files) {
            try {
                all.addAll(read(f, validate));
            } catch (ManifestException e) {
                err.println("weft-lab: error: " + e.getMessage());
                bad = true;
            }
        }
        return bad ? java.util.Optional.empty() : java.util.Optional.of(all);
    }

    static List<LabObject> read(Path file, boolean validate) throws ManifestException {
        if (!Files.isRegularFile(file)) {
            throw new ManifestException(file + ": no such file");
        }
        List<LabObject> out = new ArrayList<>();
        try (JsonParser p = YAML.getFactory().createParser(file.toFile());
                MappingIterator<JsonNode> it = YAML.readValues(p, JsonNode.class)) {
            int doc = 0;
            while (it.hasNextValue()) {
                doc++;
                JsonNode node = it.nextValue();
                if (node == null || node.isNull() || node.isMissingNode()) {
                    continue;
                }
                collect(node, file + " document " + doc, validate, out);
            }
        } catch (IOException | RuntimeException e) {
            throw new ManifestException(file + ": cannot parse: " + oneLine(e), e);
        }
        Set<String> seen = new HashSet<>();
        for (LabObject o : out) {
            if (!seen.add(o.kind() + " " + o.namespace() + "/" + o.name())) {
                throw new ManifestException(file + ": " + o.display() + " appears twice");
            }
        }
        return out;
    }

    /** Validates and normalises one object (no List); {@code where} prefixes error messages. */
    static LabObject object(JsonNode node, String where, boolean validate) throws ManifestException {
        if (!node.isObject()) {
            throw new ManifestException(where + ": not an object");
        }
        String kind = node.path("kind").asText("");
        if (kind.isEmpty()) {
            throw new ManifestException(where + ": missing kind");
        }
        if (!ResourceParser.KINDS.contains(kind)) {
            throw new ManifestException(where + ": kind " + kind + " is not read by the lab's datastore (one of "
                    + new TreeSet<>(ResourceParser.KINDS) + ")");
        }
        JsonNode meta = node.path("metadata");
        String name = meta.path("name").asText("");
        if (name.isEmpty()) {
            throw new ManifestException(where + ": " + kind + " without metadata.name");
        }
        if (!DNS_SUBDOMAIN.matcher(name).matches()) {
            throw new ManifestException(where + ": " + kind + " metadata.name '" + name
                    + "' is not a DNS-1123 subdomain (lower-case letters, digits, '-', '.')");
        }
        ObjectNode body = ((ObjectNode) node).deepCopy();
        String ns = "";
        if (LabObject.namespaced(kind)) {
            ns = meta.path("namespace").asText("");
            if (ns.isEmpty()) {
                ns = "default";
            }
            if (!DNS_SUBDOMAIN.matcher(ns).matches() || ns.contains(".")) {
                throw new ManifestException(where + ": " + kind + " " + name + " metadata.namespace '" + ns
                        + "' is not a DNS-1123 label");
            }
            body.withObjectProperty("metadata").put("namespace", ns);
        }
        LabObject o = new LabObject(kind, ns, name, body);
        if (validate && kind.equals("NetworkPolicy")) {
            validatePolicy(o, where);
        }
        return o;
    }

    private static void collect(JsonNode node, String where, boolean validate, List<LabObject> out)
            throws ManifestException {
        String kind = node.path("kind").asText("");
        if (node.isObject() && (kind.equals("List") || kind.endsWith("List") && node.has("items"))) {
            JsonNode items = node.path("items");
            if (!items.isArray()) {
                throw new ManifestException(where + ": " + kind + " without an items list");
            }
            for (int i = 0; i < items.size(); i++) {
                collect(items.get(i), where + " items[" + i + "]", validate, out);
            }
            return;
        }
        out.add(object(node, where, validate));
    }

    private static void validatePolicy(LabObject o, String where) throws ManifestException {
        NetworkPolicyInfo info;
        try {
            info = PolicyInputs.networkPolicy(YAML.treeToValue(o.body(), NetworkPolicy.class));
        } catch (IOException | IllegalArgumentException e) {
            throw new ManifestException(where + ": " + o.display() + " is not a valid NetworkPolicy: " + oneLine(e), e);
        }
        List<Rejection> rejected = PolicyEvaluator.of(ClusterState.of(List.of(), List.of(), List.of(info))).rejections();
        if (!rejected.isEmpty()) {
            throw new ManifestException(where + ": " + o.display() + " is invalid: " + rejected.get(0).reason());
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
