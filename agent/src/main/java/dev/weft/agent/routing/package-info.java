/**
 * Routing in the agent: from the datastore to the BGP speaker's peers and announcements
 * ({@link dev.weft.agent.routing.RoutingPlanner}, {@link dev.weft.agent.routing.RoutingController}),
 * and from Loc-RIB best paths to kernel routes ({@link dev.weft.agent.routing.KernelRouteSync}).
 */
package dev.weft.agent.routing;
