package dev.weft.agent.cni;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code CNI_ARGS}: {@code K=V;K=V} pairs (CNI SPEC §2 Parameters). Like libcni's
 * {@code types.LoadArgs}, a key Weft does not know is an error unless {@code IgnoreUnknown=1}
 * (or {@code true}) is present; Kubernetes runtimes always send it.
 *
 * @param podNamespace {@code K8S_POD_NAMESPACE}, or ""
 * @param podName {@code K8S_POD_NAME}, or ""
 * @param all every pair as given
 */
record CniArgs(String podNamespace, String podName, Map<String, String> all) {
    private static final Set<String> KNOWN = Set.of(
            "IgnoreUnknown", "K8S_POD_NAMESPACE", "K8S_POD_NAME", "K8S_POD_INFRA_CONTAINER_ID", "K8S_POD_UID");

    static final CniArgs NONE = new CniArgs("", "", Map.of());

    /** Parses {@code CNI_ARGS} (null or "" = none). */
    static CniArgs parse(String text) throws CniException {
        if (text == null || text.isEmpty()) {
            return NONE;
        }
        Map<String, String> kv = new LinkedHashMap<>();
        for (String pair : text.split(";")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new CniException(CniException.INVALID_ENV, "invalid CNI_ARGS",
                        "pair '" + pair + "' is not KEY=VALUE");
            }
            kv.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        String ignore = kv.getOrDefault("IgnoreUnknown", "");
        boolean ignoreUnknown = ignore.equals("1") || ignore.equalsIgnoreCase("true");
        if (!ignoreUnknown) {
            for (String k : kv.keySet()) {
                if (!KNOWN.contains(k)) {
                    throw new CniException(CniException.INVALID_ENV, "invalid CNI_ARGS",
                            "unknown argument '" + k + "' (add IgnoreUnknown=1 to ignore it)");
                }
            }
        }
        return new CniArgs(kv.getOrDefault("K8S_POD_NAMESPACE", ""), kv.getOrDefault("K8S_POD_NAME", ""), Map.copyOf(kv));
    }
}
