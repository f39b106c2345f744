/**
 * Desired packet-filter chains, dataplane-neutral: per-policy rule chains ({@link
 * dev.weft.model.filter.PolicyChain}) made of {@link dev.weft.model.filter.Rule}s (a conjunction of
 * {@link dev.weft.model.filter.Match}es and an {@link dev.weft.model.filter.Action}), and
 * per-endpoint chains ({@link dev.weft.model.filter.EndpointChain}) that consult policy chains in a
 * fixed order. Names are valid iptables chain names (≤ 28 characters, prefix {@code WEFT-}).
 *
 * <p>Evaluation semantics every renderer must preserve (new connections only: replies of an
 * accepted connection are accepted by conntrack before any of this is consulted):
 * <ol>
 *   <li>A packet leaving a local endpoint with an egress chain is evaluated by that chain; one
 *       entering a local endpoint with an ingress chain by that one. Both must allow.
 *   <li>An endpoint chain allows the packet if any referenced policy chain allows it; otherwise its
 *       {@code defaultAction} (DROP) applies.
 *   <li>A policy chain allows the packet if any of its rules matches it: a rule matches when all of
 *       its matches hold; its action is then {@link dev.weft.model.filter.Action.Allow}. A policy
 *       chain with no rules allows nothing (it still isolates).
 * </ol>
 */
package dev.weft.model.filter;
