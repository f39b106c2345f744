package dev.weft.policy.calc;

import java.util.Map;

/**
 * A set of Pods defined by selectors: Pods of namespace {@code namespace} (when non-null) or of
 * namespaces matching {@code namespaceSelector}, whose labels match {@code podSelector}.
 *
 * @param namespace a fixed namespace, or null when {@code namespaceSelector} decides
 * @param namespaceSelector namespaces' selector; ignored when {@code namespace} is set
 * @param podSelector Pods' selector
 */
record PodScope(String namespace, Selector namespaceSelector, Selector podSelector) {
    /** Every Pod of the cluster. */
    static final PodScope CLUSTER = new PodScope(null, Selector.ALL, Selector.ALL);

    static PodScope inNamespace(String namespace, Selector podSelector) {
        return new PodScope(namespace, null, podSelector);
    }

    boolean namespaceMatches(String ns, Map<String, String> nsLabels) {
        return namespace != null ? namespace.equals(ns) : namespaceSelector.matches(nsLabels);
    }

    /** Canonical text used in IP set definitions. */
    String definition() {
        return (namespace != null ? "ns=" + namespace : "nsSel=" + namespaceSelector.canonical())
                + " pod=" + podSelector.canonical();
    }
}
