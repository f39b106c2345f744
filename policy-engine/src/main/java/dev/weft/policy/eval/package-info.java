/**
 * The policy evaluator: answers "is a new connection src → dst:port/protocol allowed, and which
 * policy rule decided" by interpreting the same desired state the dataplane is programmed from
 * ({@link dev.weft.policy.eval.PolicyEvaluator}). Used by {@code weftctl policy explain|matrix}
 * and by the offline conformance test.
 */
package dev.weft.policy.eval;
