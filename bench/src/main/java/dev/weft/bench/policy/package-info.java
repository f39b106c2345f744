/**
 * The NetworkPolicy scale benchmark (issue 4, item 8): a synthetic cluster, the policy engine's
 * full compute, the iptables/ipset dataplane's full apply to a fresh network namespace against the
 * floor of the same text loaded by the tools alone, and one Pod label change end to end. Entry
 * point {@link dev.weft.bench.policy.PolicyBench}; run with {@code bench/policy/policy-bench}.
 */
package dev.weft.bench.policy;
