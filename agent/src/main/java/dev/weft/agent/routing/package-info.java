/**
 * Routing in the agent: from the datastore to the BGP speaker's peers and announcements
 * ({@link dev.weft.agent.routing.RoutingPlanner}, {@link dev.weft.agent.routing.RoutingController}),
 * and from Loc-RIB best paths (ECMP sets, IPv4 and IPv6) to kernel routes
 * ({@link dev.weft.agent.routing.KernelRouteSync}, with the pure {@code FibPlanner} choosing next
 * hops and devices). Graceful restart on the agent side: routes of a previous run are kept and the
 * speaker is told it restarted with forwarding state preserved; stale routes are swept after
 * End-of-RIB or the start-up grace.
 */
package dev.weft.agent.routing;
