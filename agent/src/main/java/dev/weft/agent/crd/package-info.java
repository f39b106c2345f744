/**
 * The Weft custom resources, API group {@code weft.dev/v1}, all cluster scoped: {@link
 * dev.weft.agent.crd.BgpPeer BGPPeer}, {@link dev.weft.agent.crd.BgpConfiguration
 * BGPConfiguration} and {@link dev.weft.agent.crd.IpPool IPPool}, as fabric8 {@code
 * CustomResource} types for the Kubernetes datastore's informers and the BGPPeer status
 * reporter.
 *
 * <p>The OpenAPI v3 schemas are hand-written in {@code helm/weft/crds/*.yaml} (keep in sync:
 * {@code CrdSchemaTest} fails when a Java field is missing from the schema or the schema has a
 * field the Java type lacks). Semantic validation (AS range, CIDR host bits, hold time 0 or
 * 3–65535, keepalive ≤ hold) is done twice: by the schema in the API server where OpenAPI/CEL can
 * express it, and always by the agent ({@code dev.weft.agent.datastore.ResourceParser}), which
 * rejects an invalid object visibly and keeps every other one. {@link
 * dev.weft.agent.crd.ImportFilter} is the validated form of {@code BGPPeer.spec.importFilter}
 * (its parser is shared by both datastores through {@code ResourceParser}).
 */
package dev.weft.agent.crd;
