package dev.weft.policy.input;

import java.util.List;
import java.util.Objects;

/**
 * A {@code networking.k8s.io/v1 NetworkPolicy}.
 *
 * <p>{@code ingress}/{@code egress}: null (field absent) and empty ({@code []}) are the same object
 * in the API (Go {@code omitempty}): no rules. That is different from a list holding one empty rule
 * ({@code [{}]}), which allows everything. {@code policyTypes} null means "omitted": the effective
 * types are then {@code Ingress}, plus {@code Egress} if there are egress rules.
 *
 * @param namespace {@code metadata.namespace}
 * @param name {@code metadata.name}
 * @param podSelector {@code spec.podSelector} ({@link LabelSelector#ALL} for {@code {}})
 * @param policyTypes raw {@code spec.policyTypes} ({@code Ingress}, {@code Egress}), or null when omitted
 * @param ingress {@code spec.ingress}, or null
 * @param egress {@code spec.egress}, or null
 */
public record NetworkPolicyInfo(String namespace, String name, LabelSelector podSelector, List<String> policyTypes,
                                List<RuleInfo> ingress, List<RuleInfo> egress) {
    public NetworkPolicyInfo {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        policyTypes = policyTypes == null ? null : List.copyOf(policyTypes);
        ingress = ingress == null ? null : List.copyOf(ingress);
        egress = egress == null ? null : List.copyOf(egress);
    }

    /** {@code namespace/name}. */
    public String key() {
        return namespace + "/" + name;
    }
}
