package dev.weft.agent.cni;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The network configuration a runtime sends on stdin (CNI SPEC §1, §3 "Deriving request
 * configuration"): a plugin object with {@code cniVersion} and {@code name} inserted.
 *
 * <pre>
 * {"cniVersion":"1.1.0","name":"weft","type":"weft",
 *  "mtu":1500,                      optional, 68-65535, default 1500
 *  "weftSocket":"/var/run/weft/cni.sock",   read by the plugin only
 *  "prevResult":{...}}              CHECK/DEL (and ADD when chained)
 * </pre>
 *
 * @param cniVersion the request's version (answers use its format)
 * @param name network name
 * @param mtu MTU of both veth ends in bytes
 * @param prevResult the previous result, if any and not empty
 */
record NetConf(String cniVersion, String name, int mtu, Optional<ObjectNode> prevResult) {
    static final int DEFAULT_MTU = 1500;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]*");

    /** Parses stdin as JSON (code 6 if it is not a JSON object). */
    static ObjectNode decode(ObjectMapper json, String stdin) throws CniException {
        JsonNode n;
        try {
            n = json.readTree(stdin);
        } catch (JsonProcessingException e) {
            throw new CniException(CniException.DECODING_FAILURE, "failed to decode network configuration",
                    e.getOriginalMessage());
        }
        if (n == null || n.isMissingNode()) {
            throw new CniException(CniException.DECODING_FAILURE, "failed to decode network configuration",
                    "stdin is empty");
        }
        if (!n.isObject()) {
            throw new CniException(CniException.DECODING_FAILURE, "failed to decode network configuration",
                    "expected a JSON object, got " + n.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return (ObjectNode) n;
    }

    /** The config's cniVersion if it is a string, for error results; else empty. */
    static Optional<String> versionOf(ObjectNode conf) {
        JsonNode v = conf.get("cniVersion");
        return v != null && v.isTextual() && !v.asText().isEmpty() ? Optional.of(v.asText()) : Optional.empty();
    }

    /**
     * Validates a decoded config.
     *
     * @throws CniException 1 for an unsupported cniVersion (details list the supported ones), 7 for
     *     a missing/invalid cniVersion, name, type, mtu or prevResult
     */
    static NetConf parse(ObjectNode conf) throws CniException {
        JsonNode v = conf.get("cniVersion");
        if (v == null || v.isNull()) {
            throw invalid("cniVersion is missing", "the runtime must insert the selected version");
        }
        if (!v.isTextual()) {
            throw invalid("cniVersion must be a string", "got " + v);
        }
        String version = v.asText();
        if (!CniVersions.supported(version)) {
            throw new CniException(CniException.INCOMPATIBLE_VERSION, "incompatible CNI versions",
                    CniVersions.incompatibleDetails(version));
        }
        JsonNode name = conf.get("name");
        if (name == null || !name.isTextual() || !NAME.matcher(name.asText()).matches()) {
            throw invalid("invalid network name", "\"name\" must start with a letter or digit and contain only "
                    + "letters, digits, '_', '.', '-' (got " + name + ")");
        }
        JsonNode type = conf.get("type");
        if (type == null || !type.isTextual() || type.asText().isEmpty() || type.asText().contains("/")) {
            throw invalid("invalid plugin type", "\"type\" must be a plugin binary name (got " + type + ")");
        }
        int mtu = DEFAULT_MTU;
        JsonNode m = conf.get("mtu");
        if (m != null && !m.isNull()) {
            if (!m.isIntegralNumber() || m.asLong() < 68 || m.asLong() > 65535) {
                throw invalid("invalid mtu", "\"mtu\" must be an integer 68-65535 (got " + m + ")");
            }
            mtu = m.asInt();
        }
        Optional<ObjectNode> prev = Optional.empty();
        JsonNode p = conf.get("prevResult");
        if (p != null && !p.isNull()) {
            if (!p.isObject()) {
                throw invalid("invalid prevResult", "\"prevResult\" must be an object (got " + p.getNodeType() + ")");
            }
            if (p.size() > 0) {
                prev = Optional.of((ObjectNode) p);
            }
        }
        return new NetConf(version, name.asText(), mtu, prev);
    }

    private static CniException invalid(String msg, String details) {
        return new CniException(CniException.INVALID_NETWORK_CONFIG, msg, details);
    }
}
