package dev.weft.agent.datastore;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.weft.agent.crd.ImportFilter;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns YAML/JSON files of Kubernetes-style objects into {@link Resource}s and the typed views
 * Weft uses ({@link NodeInfo}, {@link BgpPeerSpec}, {@link BgpConfigurationSpec}).
 *
 * <p>A file may hold several YAML documents and {@code kind: List} objects. Every object that
 * fails to parse or validate becomes a {@link Rejection}; the others are kept. Nodes are read
 * through fabric8's {@code Node} model, so the directory datastore accepts exactly what the API
 * server would serve.
 *
 * <p>Both datastores go through {@link #toState}: the directory datastore after {@link
 * #parseFile}, the Kubernetes datastore after converting its informers' objects to {@link
 * Resource}s. {@code Secret}s are read only to resolve {@code BGPPeer} passwords (those in the
 * configured namespace) and never appear in the {@link ClusterState}.
 */
public final class ResourceParser {
    /** Kinds the datastore keeps; anything else is ignored. */
    public static final Set<String> KINDS =
            Set.of("Node", "Pod", "Namespace", "NetworkPolicy", "BGPPeer", "BGPConfiguration", "IPPool", "Secret");

    private static final Set<String> NAMESPACED = Set.of("Pod", "NetworkPolicy", "Secret");

    private final String secretNamespace;

    /** A parser resolving BGPPeer passwords from Secrets in the namespace {@code default}. */
    public ResourceParser() {
        this("default");
    }

    /**
     * @param secretNamespace the namespace of the Secrets BGPPeer passwords refer to (the
     *     agent's own namespace)
     */
    public ResourceParser(String secretNamespace) {
        this.secretNamespace = Objects.requireNonNull(secretNamespace, "secretNamespace");
    }

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The result of reading one file. */
    public record Parsed(List<Resource> resources, List<Rejection> rejections) {}

    /** Reads every object in {@code file}; never throws for bad content (it becomes a rejection). */
    public Parsed parseFile(Path file) {
        List<Resource> out = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        String fileName = file.getFileName().toString();
        try (JsonParser p = yaml.getFactory().createParser(file.toFile());
                MappingIterator<JsonNode> it = yaml.readValues(p, JsonNode.class)) {
            int doc = 0;
            while (it.hasNextValue()) {
                doc++;
                JsonNode node = it.nextValue();
                String src = fileName + "#" + doc;
                if (node == null || node.isNull() || node.isMissingNode()) {
                    continue;
                }
                collect(node, file, src, out, rejected);
            }
        } catch (IOException | RuntimeException e) {
            rejected.add(new Rejection(fileName, "", "cannot parse: " + oneLine(e)));
            // Objects before the syntax error are dropped too: a half-read file is not trusted.
            out.clear();
        }
        return new Parsed(out, rejected);
    }

    private void collect(JsonNode node, Path file, String src, List<Resource> out, List<Rejection> rejected) {
        if (!node.isObject()) {
            rejected.add(new Rejection(src, "", "not an object"));
            return;
        }
        String kind = node.path("kind").asText("");
        if (kind.equals("List") || kind.endsWith("List") && node.has("items")) {
            int i = 0;
            for (JsonNode item : node.path("items")) {
                collect(item, file, src + "/items[" + i++ + "]", out, rejected);
            }
            return;
        }
        if (kind.isEmpty()) {
            rejected.add(new Rejection(src, "", "missing kind"));
            return;
        }
        if (!KINDS.contains(kind)) {
            return;
        }
        String name = node.path("metadata").path("name").asText("");
        if (name.isEmpty()) {
            rejected.add(new Rejection(src, kind, "missing metadata.name"));
            return;
        }
        String ns = node.path("metadata").path("namespace").asText("");
        if (NAMESPACED.contains(kind) && ns.isEmpty()) {
            ns = "default";
        }
        out.add(new Resource(kind, ns, name, node, file));
    }

    /**
     * Builds a validated {@link ClusterState} from resources; invalid typed objects become
     * rejections. Later duplicates (same kind and key) are rejected, the first one is kept.
     */
    public ClusterState toState(List<Resource> resources, List<Rejection> fileRejections) {
        List<Rejection> rejected = new ArrayList<>(fileRejections);
        Map<String, NodeInfo> nodes = new LinkedHashMap<>();
        Map<String, BgpConfigurationSpec> configs = new LinkedHashMap<>();
        Map<String, BgpPeerSpec> peers = new LinkedHashMap<>();
        Map<String, Map<String, Resource>> others = new LinkedHashMap<>();
        Map<String, JsonNode> secrets = new LinkedHashMap<>();
        for (Resource r : resources) {
            if (r.kind().equals("Secret") && r.namespace().equals(secretNamespace)) {
                secrets.putIfAbsent(r.name(), r.body());
            }
        }
        Set<String> seen = new HashSet<>();
        for (Resource r : resources) {
            String id = r.kind() + " " + r.key();
            String src = r.source() == null ? "" : r.source().getFileName().toString();
            if (!seen.add(id)) {
                rejected.add(new Rejection(src, id, "duplicate object, first definition kept"));
                continue;
            }
            try {
                switch (r.kind()) {
                    case "Node" -> nodes.put(r.name(), node(r));
                    case "BGPConfiguration" -> configs.put(r.name(), bgpConfiguration(r));
                    case "BGPPeer" -> peers.put(r.name(), bgpPeer(r, secrets));
                    case "Secret" -> { } // only for BGPPeer passwords, never in the state
                    case "IPPool" -> {
                        ipPool(r);
                        others.computeIfAbsent(r.kind(), k -> new LinkedHashMap<>()).put(r.key(), r);
                    }
                    default -> others.computeIfAbsent(r.kind(), k -> new LinkedHashMap<>()).put(r.key(), r);
                }
            } catch (IllegalArgumentException e) {
                rejected.add(new Rejection(src, id, oneLine(e)));
            }
        }
        others.replaceAll((k, v) -> Map.copyOf(v));
        return new ClusterState(nodes, configs, peers, others, rejected);
    }

    NodeInfo node(Resource r) {
        Node n;
        try {
            n = yaml.treeToValue(r.body(), Node.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a valid Node: " + oneLine(e), e);
        }
        Map<String, String> labels = orEmpty(n.getMetadata().getLabels());
        Map<String, String> annotations = orEmpty(n.getMetadata().getAnnotations());
        Optional<Long> asn = Optional.ofNullable(annotations.get(NodeInfo.ASN_ANNOTATION))
                .map(v -> asNumber(v, "annotation " + NodeInfo.ASN_ANNOTATION));
        List<IpPrefix> cidrs = new ArrayList<>();
        if (n.getSpec() != null) {
            List<String> texts = n.getSpec().getPodCIDRs();
            if ((texts == null || texts.isEmpty()) && n.getSpec().getPodCIDR() != null) {
                texts = List.of(n.getSpec().getPodCIDR());
            }
            for (String t : texts == null ? List.<String>of() : texts) {
                cidrs.add(prefix(t, "spec.podCIDRs"));
            }
        }
        Optional<InetAddress> internal = Optional.empty();
        if (n.getStatus() != null && n.getStatus().getAddresses() != null) {
            for (NodeAddress a : n.getStatus().getAddresses()) {
                if ("InternalIP".equals(a.getType()) && a.getAddress() != null) {
                    internal = Optional.of(ip(a.getAddress(), "status.addresses InternalIP"));
                    break;
                }
            }
        }
        return new NodeInfo(r.name(), labels, asn, cidrs, internal);
    }

    static BgpConfigurationSpec bgpConfiguration(Resource r) {
        JsonNode spec = r.body().path("spec");
        Optional<Long> asn = spec.hasNonNull("asNumber")
                ? Optional.of(asNumber(spec.get("asNumber").asText(), "spec.asNumber"))
                : Optional.empty();
        Optional<Integer> port = Optional.empty();
        if (spec.hasNonNull("listenPort")) {
            int p = intField(spec, "listenPort");
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("spec.listenPort " + p + " out of range 1-65535");
            }
            port = Optional.of(p);
        }
        boolean mesh = spec.path("nodeToNodeMeshEnabled").asBoolean(false);
        Optional<Integer> maxPaths = Optional.empty();
        if (spec.hasNonNull("maxPaths")) {
            int m = intField(spec, "maxPaths");
            if (m < 1 || m > BgpConfigurationSpec.MAX_PATHS_LIMIT) {
                throw new IllegalArgumentException("spec.maxPaths " + m + " out of range 1-"
                        + BgpConfigurationSpec.MAX_PATHS_LIMIT);
            }
            maxPaths = Optional.of(m);
        }
        return new BgpConfigurationSpec(r.name(), asn, port, mesh, maxPaths);
    }

    /** Validates a BGPPeer without Secrets (a password reference is then rejected). */
    static BgpPeerSpec bgpPeer(Resource r) {
        return bgpPeer(r, Map.of());
    }

    static BgpPeerSpec bgpPeer(Resource r, Map<String, JsonNode> secrets) {
        JsonNode spec = r.body().path("spec");
        String peerText = spec.path("peerIP").asText("");
        if (peerText.isEmpty()) {
            throw new IllegalArgumentException("spec.peerIP is required");
        }
        int port = BgpConfigurationSpec.DEFAULT_PORT;
        String ipText = peerText;
        if (peerText.startsWith("[")) { // [v6]:port
            int close = peerText.indexOf(']');
            ipText = peerText.substring(1, Math.max(1, close));
            if (close > 0 && peerText.length() > close + 2) {
                port = parsePort(peerText.substring(close + 2));
            }
        } else if (peerText.chars().filter(c -> c == ':').count() == 1) { // v4:port
            ipText = peerText.substring(0, peerText.indexOf(':'));
            port = parsePort(peerText.substring(peerText.indexOf(':') + 1));
        }
        InetAddress peerIp = ip(ipText, "spec.peerIP");
        if (!spec.hasNonNull("asNumber")) {
            throw new IllegalArgumentException("spec.asNumber is required");
        }
        long asn = asNumber(spec.get("asNumber").asText(), "spec.asNumber");
        Optional<String> node = Optional.ofNullable(spec.get("node")).map(JsonNode::asText).filter(s -> !s.isEmpty());
        Optional<LabelSelector> selector = Optional.empty();
        if (spec.hasNonNull("nodeSelector")) {
            selector = Optional.of(LabelSelectors.parse(spec.get("nodeSelector"), "spec.nodeSelector"));
        }
        int hold = spec.hasNonNull("holdTime") ? (int) seconds(spec.get("holdTime"), "spec.holdTime") : 90;
        if (hold == 1 || hold == 2 || hold < 0 || hold > 65535) {
            throw new IllegalArgumentException("spec.holdTime " + hold + "s invalid: must be 0 or 3-65535 seconds (RFC 4271 §4.2)");
        }
        int keepalive = spec.hasNonNull("keepaliveTime")
                ? (int) seconds(spec.get("keepaliveTime"), "spec.keepaliveTime")
                : hold / 3;
        if (hold > 0 && (keepalive < 1 || keepalive > hold)) {
            throw new IllegalArgumentException(
                    "spec.keepaliveTime " + keepalive + "s invalid: must be 1 to holdTime (" + hold + "s)");
        }
        Optional<BgpPeerSpec.BgpPassword> password = Optional.empty();
        if (spec.hasNonNull("password")) {
            password = Optional.of(password(spec.get("password"), secrets));
        }
        JsonNode gr = spec.path("gracefulRestart");
        if (!gr.isMissingNode() && !gr.isNull() && !gr.isBoolean()) {
            throw new IllegalArgumentException("spec.gracefulRestart must be true or false, got '" + gr.asText() + "'");
        }
        int restart = spec.hasNonNull("restartTime")
                ? (int) seconds(spec.get("restartTime"), "spec.restartTime")
                : BgpPeerSpec.DEFAULT_RESTART_TIME;
        if (restart < 1 || restart > 4095) {
            throw new IllegalArgumentException("spec.restartTime " + restart + "s invalid: must be 1-4095 seconds (RFC 4724 §3)");
        }
        Optional<Integer> multihop = Optional.empty();
        if (spec.hasNonNull("ebgpMultihop")) {
            int ttl = intField(spec, "ebgpMultihop");
            if (ttl < 1 || ttl > 255) {
                throw new IllegalArgumentException("spec.ebgpMultihop " + ttl + " out of range 1-255 (an IP TTL)");
            }
            multihop = Optional.of(ttl);
        }
        Optional<InetAddress> source = Optional.empty();
        if (spec.hasNonNull("sourceAddress")) {
            source = Optional.of(ip(spec.get("sourceAddress").asText(), "spec.sourceAddress"));
        }
        Optional<ImportFilter> importFilter = spec.hasNonNull("importFilter")
                ? Optional.of(ImportFilter.parse(spec.get("importFilter"), "spec.importFilter"))
                : Optional.empty();
        int maxPrefixes = 0;
        if (spec.hasNonNull("maxPrefixes")) {
            maxPrefixes = intField(spec, "maxPrefixes");
            if (maxPrefixes < 1) {
                throw new IllegalArgumentException("spec.maxPrefixes " + maxPrefixes + " must be at least 1");
            }
        }
        Optional<Integer> maxPrefixesRestart = Optional.empty();
        if (spec.hasNonNull("maxPrefixesRestartTime")) {
            long t = seconds(spec.get("maxPrefixesRestartTime"), "spec.maxPrefixesRestartTime");
            if (t < 1 || t > 65535) {
                throw new IllegalArgumentException("spec.maxPrefixesRestartTime " + t + "s out of range 1-65535 seconds");
            }
            maxPrefixesRestart = Optional.of((int) t);
        }
        Optional<String> role = Optional.ofNullable(spec.get("role")).filter(n -> !n.isNull()).map(JsonNode::asText);
        JsonNode strict = spec.path("strictRole");
        if (!strict.isMissingNode() && !strict.isNull() && !strict.isBoolean()) {
            throw new IllegalArgumentException("spec.strictRole must be true or false, got '" + strict.asText() + "'");
        }
        if (role.isPresent() && !BgpPeerSpec.ROLES.contains(role.get()) || strict.asBoolean(false) && role.isEmpty()) {
            throw new IllegalArgumentException(role.isEmpty() ? "spec.strictRole needs spec.role (RFC 9234 §4.2)"
                    : "spec.role '" + role.get() + "' must be one of " + String.join(", ", BgpPeerSpec.ROLES) + " (RFC 9234)");
        }
        return new BgpPeerSpec(r.name(), peerIp, port, asn, node, selector, hold, hold == 0 ? 0 : keepalive, password,
                gr.asBoolean(true), restart, multihop, source, importFilter, maxPrefixes, maxPrefixesRestart, role,
                strict.asBoolean(false));
    }

    private static BgpPeerSpec.BgpPassword password(JsonNode p, Map<String, JsonNode> secrets) {
        JsonNode ref = p.path("secretKeyRef");
        String name = ref.path("name").asText("");
        String key = ref.path("key").asText("");
        if (name.isEmpty() || key.isEmpty()) {
            throw new IllegalArgumentException("spec.password.secretKeyRef needs name and key");
        }
        JsonNode secret = secrets.get(name);
        if (secret == null) {
            throw new IllegalArgumentException("spec.password: Secret '" + name + "' not found in the agent's namespace");
        }
        JsonNode data = secret.path("data").path(key);
        String value;
        if (data.isTextual()) {
            try {
                value = new String(Base64.getDecoder().decode(data.asText()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("spec.password: Secret '" + name + "' key '" + key + "' is not base64");
            }
        } else if (secret.path("stringData").path(key).isTextual()) {
            value = secret.path("stringData").path(key).asText();
        } else {
            throw new IllegalArgumentException("spec.password: Secret '" + name + "' has no key '" + key + "'");
        }
        if (value.isEmpty() || value.length() > 80) {
            throw new IllegalArgumentException("spec.password: Secret '" + name + "' key '" + key
                    + "' must hold 1-80 characters (TCP MD5 key, RFC 2385)");
        }
        return new BgpPeerSpec.BgpPassword(name, key, value);
    }

    /**
     * Validates an {@code IPPool}: {@code spec.cidr} (required, no host bits), {@code
     * spec.blockSize} (pool length to 32/128), {@code spec.nodeSelector}, {@code spec.disabled}.
     */
    static void ipPool(Resource r) {
        JsonNode spec = r.body().path("spec");
        String cidrText = spec.path("cidr").asText("");
        if (cidrText.isEmpty()) {
            throw new IllegalArgumentException("spec.cidr is required");
        }
        IpPrefix cidr = prefix(cidrText, "spec.cidr");
        int max = cidr.address().getAddress().length * 8;
        if (spec.hasNonNull("blockSize")) {
            int block = intField(spec, "blockSize");
            if (block < cidr.length() || block > max) {
                throw new IllegalArgumentException("spec.blockSize " + block + " out of range " + cidr.length() + "-" + max
                        + " for spec.cidr " + cidrText);
            }
        }
        if (spec.hasNonNull("nodeSelector")) {
            LabelSelectors.parse(spec.get("nodeSelector"), "spec.nodeSelector");
        }
        JsonNode disabled = spec.path("disabled");
        if (!disabled.isMissingNode() && !disabled.isNull() && !disabled.isBoolean()) {
            throw new IllegalArgumentException("spec.disabled must be true or false, got '" + disabled.asText() + "'");
        }
    }

    private static long seconds(JsonNode v, String field) {
        try {
            return Durations.seconds(v.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
        }
    }

    private static int parsePort(String text) {
        try {
            int p = Integer.parseInt(text);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("spec.peerIP port '" + text + "' invalid (1-65535)");
    }

    private static int intField(JsonNode spec, String field) {
        JsonNode v = spec.get(field);
        if (!v.canConvertToInt() && !v.asText().matches("\\d{1,9}")) {
            throw new IllegalArgumentException("spec." + field + " must be an integer, got '" + v.asText() + "'");
        }
        return v.canConvertToInt() ? v.asInt() : Integer.parseInt(v.asText());
    }

    /** Parses an AS number (RFC 6793 4-octet range, AS 0 reserved by RFC 7607). */
    static long asNumber(String text, String field) {
        long v;
        try {
            v = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " '" + text + "' is not an AS number");
        }
        if (v < 1 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(field + " " + v + " out of range 1-4294967295");
        }
        return v;
    }

    private static IpPrefix prefix(String text, String field) {
        try {
            return IpPrefix.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
        }
    }

    private static InetAddress ip(String text, String field) {
        try {
            return IpAddresses.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> orEmpty(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

}
