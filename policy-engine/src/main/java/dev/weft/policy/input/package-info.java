/**
 * Plain input records for the policy engine: Pods, Namespaces, NetworkPolicies
 * ({@code networking.k8s.io/v1}) and this node's local endpoints, as a datastore adapter builds them.
 *
 * <p>Free-form API strings (CIDRs, protocols, selector operators, policy types) stay raw here so
 * that the engine validates them and rejects a bad object with a reason instead of the adapter
 * failing. Nullable fields mirror the API's optional fields; lists and maps are copied and
 * immutable.
 */
package dev.weft.policy.input;
