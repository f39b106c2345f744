package dev.weft.agent.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Paths and JSON documents of the admin API (shared by {@link AdminServer} and {@link
 * AdminClient}). Addresses are RFC 5952 text, prefixes CIDR text, times ISO-8601 UTC.
 */
public final class AdminApi {
    /** The agent's admin socket (distinct from the CNI socket {@code /var/run/weft/cni.sock}). */
    public static final String DEFAULT_SOCKET = "/run/weft/weft-admin.sock";
    /** {@code GET}: {@link StatusView}. */
    public static final String STATUS = "/v1/status";
    /** {@code GET}: {@link RoutesView}. */
    public static final String ROUTES = "/v1/routes";
    /** {@code GET}: {@link IpamView}. */
    public static final String IPAM = "/v1/ipam";
    /** {@code GET}: {@link PolicyView}. */
    public static final String POLICY = "/v1/policy";

    private AdminApi() {}

    /**
     * One BGP neighbour.
     *
     * @param address the neighbour's address
     * @param peerAs its AS
     * @param type {@code eBGP} or {@code iBGP} (peer AS equal to ours)
     * @param state RFC 4271 §8.2.2 state: Idle, Connect, Active, OpenSent, OpenConfirm, Established
     * @param since when the session reached Established (null when it is not)
     * @param uptimeSeconds seconds in Established (0 when not)
     * @param prefixesReceived Adj-RIB-In size
     * @param prefixesAdvertised Adj-RIB-Out size
     * @param flaps times a session left Established
     * @param updatesReceived UPDATE messages received
     * @param updatesSent UPDATE messages sent
     * @param lastError the last reason a connection ended (null if none)
     */
    public record PeerView(String address, long peerAs, String type, String state, String since, long uptimeSeconds,
            int prefixesReceived, int prefixesAdvertised, int flaps, long updatesReceived, long updatesSent,
            String lastError) {}

    /**
     * The BGP speaker of this node.
     *
     * @param node this node's name
     * @param running whether the speaker runs (false: see {@code problem})
     * @param localAs our AS (null when not running)
     * @param routerId BGP identifier (null when not running)
     * @param problem why BGP is not running, or the empty string
     * @param originated prefixes this node announces (its Pod CIDRs)
     * @param peers every configured neighbour, in configuration order
     */
    public record StatusView(String node, boolean running, Long localAs, String routerId, String problem,
            List<String> originated, List<PeerView> peers) {}

    /**
     * One Loc-RIB entry.
     *
     * @param prefix the destination
     * @param nextHops NEXT_HOP of the best path; for a locally originated prefix, empty
     * @param asPath AS_PATH flattened (empty for iBGP-learned and local routes)
     * @param origin ORIGIN ({@code IGP}, {@code EGP}, {@code INCOMPLETE}) or {@code local}
     * @param from the neighbour it was learned from, or {@code local}
     * @param best whether it is the selected best path (RFC 4271 §9.1.2)
     * @param multipath whether it is one of several equal-cost paths in use (ECMP)
     * @param inKernel whether the kernel FIB holds a protocol-{@code weft} route for the prefix
     * @param kernelNextHops the kernel route's next hops, e.g. {@code 10.0.0.1 dev eth0} (empty if none)
     */
    public record RouteView(String prefix, List<String> nextHops, List<Long> asPath, String origin, String from,
            boolean best, boolean multipath, boolean inKernel, List<String> kernelNextHops) {}

    /**
     * A kernel FIB route of protocol {@code weft} with no Loc-RIB entry (a Pod's host route, or a
     * route kept from a previous run during the start-up grace period).
     *
     * @param prefix the destination
     * @param nextHops its next hops, e.g. {@code dev wft3f2a…} or {@code 10.0.0.1 dev eth0}
     */
    public record KernelRouteView(String prefix, List<String> nextHops) {}

    /**
     * The node's routes.
     *
     * @param routes Loc-RIB (learned and originated), by prefix
     * @param kernelOnly protocol-{@code weft} kernel routes without a Loc-RIB entry, by prefix
     * @param kernelError why the kernel FIB could not be read (null when it was)
     */
    public record RoutesView(List<RouteView> routes, List<KernelRouteView> kernelOnly, String kernelError) {}

    /**
     * An IPPool object of the datastore.
     *
     * @param name its name
     * @param cidr {@code spec.cidr}
     */
    public record PoolView(String name, String cidr) {}

    /**
     * One of this node's Pod CIDR blocks ({@code Node.spec.podCIDRs}).
     *
     * @param cidr the block
     * @param size addresses in the block (decimal; IPv6 blocks exceed a long)
     * @param inUse leased addresses in it
     */
    public record BlockView(String cidr, String size, int inUse) {}

    /**
     * One lease.
     *
     * @param address the leased address
     * @param cidr the block it belongs to
     * @param containerId the CNI container ID
     * @param ifName the interface in the container
     * @param pod {@code namespace/name} of the Pod (null when the runtime did not say)
     */
    public record LeaseView(String address, String cidr, String containerId, String ifName, String pod) {}

    /**
     * This node's IPAM.
     *
     * @param node this node's name
     * @param directory the lease store directory
     * @param pools the cluster's IPPools
     * @param blocks the node's blocks
     * @param leases every lease, by address
     * @param free free addresses in the address family with the fewest (decimal)
     */
    public record IpamView(String node, String directory, List<PoolView> pools, List<BlockView> blocks,
            List<LeaseView> leases, String free) {}

    /**
     * One datastore object.
     *
     * @param kind {@code Namespace}, {@code Pod} or {@code NetworkPolicy}
     * @param namespace its namespace as the datastore resolved it ({@code default} when unset), or
     *     the empty string for cluster-scoped objects
     * @param name {@code metadata.name}
     * @param object the whole object (Kubernetes JSON)
     */
    public record ObjectView(String kind, String namespace, String name, JsonNode object) {}

    /**
     * The NetworkPolicy inputs in force: the objects exactly as the datastore holds them.
     *
     * @param node this node's name
     * @param objects Namespaces, Pods and NetworkPolicies
     * @param rejections datastore objects refused, one line each
     */
    public record PolicyView(String node, List<ObjectView> objects, List<String> rejections) {}
}
