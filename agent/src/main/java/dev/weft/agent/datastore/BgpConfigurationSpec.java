package dev.weft.agent.datastore;

import java.util.Optional;

/**
 * {@code BGPConfiguration} ({@code weft.dev/v1}, cluster scoped): the cluster-wide BGP defaults.
 * The object named {@code default} applies to every node (as in Calico).
 *
 * @param name {@code metadata.name}
 * @param asNumber default AS number of every node without a {@code weft.dev/bgp-asn} annotation
 *     (1–4294967295)
 * @param listenPort TCP port the speaker listens on (1–65535); empty = 179
 * @param nodeToNodeMeshEnabled when true every node also peers with every other node (on their
 *     InternalIPs); default false (the fabric carries the routes)
 * @param maxPaths ECMP width, 1–64 next hops per kernel route; empty = the agent's default (8)
 */
public record BgpConfigurationSpec(
        String name, Optional<Long> asNumber, Optional<Integer> listenPort, boolean nodeToNodeMeshEnabled,
        Optional<Integer> maxPaths) {

    /** A configuration without {@code maxPaths}. */
    public BgpConfigurationSpec(String name, Optional<Long> asNumber, Optional<Integer> listenPort,
            boolean nodeToNodeMeshEnabled) {
        this(name, asNumber, listenPort, nodeToNodeMeshEnabled, Optional.empty());
    }

    /** The name of the cluster-wide default object. */
    public static final String DEFAULT_NAME = "default";
    /** AS used when neither the node nor BGPConfiguration gives one (Calico's default). */
    public static final long DEFAULT_AS = 64512;
    /** BGP's well-known port, RFC 4271 §8.2.1. */
    public static final int DEFAULT_PORT = 179;
    /** Largest {@code maxPaths} (the CRD's maximum). */
    public static final int MAX_PATHS_LIMIT = 64;
}
