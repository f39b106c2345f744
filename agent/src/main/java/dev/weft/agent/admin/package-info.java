/**
 * The agent's admin API for {@code weftctl}: JSON over HTTP/1.1 on a Unix domain socket (default
 * {@value dev.weft.agent.admin.AdminApi#DEFAULT_SOCKET}, mode 0600, root only), served with Netty's
 * NIO domain-socket channels and HTTP codec.
 *
 * <p>Endpoints (all {@code GET}, documents in {@link dev.weft.agent.admin.AdminApi}):
 * <ul>
 *   <li>{@code /v1/status} — BGP speaker and peers ({@link dev.weft.agent.admin.AdminApi.StatusView});
 *   <li>{@code /v1/routes} — Loc-RIB with best/multipath marks and the kernel FIB routes of
 *       protocol {@code weft} ({@link dev.weft.agent.admin.AdminApi.RoutesView});
 *   <li>{@code /v1/ipam} — Pod CIDR blocks, IPPools, leases with container IDs, free addresses
 *       ({@link dev.weft.agent.admin.AdminApi.IpamView});
 *   <li>{@code /v1/policy} — the NetworkPolicy inputs now in force (Namespaces, Pods,
 *       NetworkPolicies as the datastore holds them), for {@code weftctl policy … --live}
 *       ({@link dev.weft.agent.admin.AdminApi.PolicyView}).
 * </ul>
 * Errors: 404 unknown path, 405 other methods, 503 when the part asked for is not running yet (e.g.
 * no IPAM before the node has Pod CIDRs), 500 on an internal failure; the body is {@code {"error": "…"}}.
 */
package dev.weft.agent.admin;
