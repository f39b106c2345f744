/**
 * NetworkPolicy calculation: validates {@link dev.weft.policy.input} records and computes the
 * desired dataplane state ({@link dev.weft.model.sync.DesiredState}) of one node, as a pure,
 * deterministic full recompute ({@link dev.weft.policy.calc.PolicyEngine}).
 *
 * <p>Semantics are {@code networking.k8s.io/v1} NetworkPolicy's (Kubernetes API reference
 * "NetworkPolicy v1", and the concept page "Network Policies"). Design and the renderer contract: {@code policy-engine/docs/design/policy-engine.md}.
 */
package dev.weft.policy.calc;
