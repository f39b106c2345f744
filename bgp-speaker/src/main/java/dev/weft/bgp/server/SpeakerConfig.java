package dev.weft.bgp.server;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Speaker-wide settings.
 *
 * @param localAs our AS number, 1–4294967295 (4-octet ASNs use AS_TRANS in OPEN, RFC 6793)
 * @param routerId our BGP Identifier (RFC 4271 §4.2), not 0.0.0.0
 * @param listenAddress address to accept connections on (e.g. 0.0.0.0)
 * @param listenPort TCP port to listen on (179); 0 = no listener (peers can still be active)
 * @param connectRetryInitial first delay before reconnecting after a failed connect or a session drop
 * @param connectRetryMax cap of the doubling delay
 * @param clusterId the route reflector CLUSTER_ID (RFC 4456 §7); empty = the router ID. Used only
 *     when some peer is a {@link PeerConfig#routeReflectorClient()}
 * @param maxPaths ECMP: the most next hops of one multipath {@link BestPath#nextHops()} (1 = no
 *     multipath), 1–256
 * @param restarted Graceful Restart, restarting speaker (RFC 4724 §4.1): this speaker restarted
 *     with its forwarding state preserved (the kernel routes of the previous run are still in
 *     place). OPENs carry the R bit and the F bit per family; best-path selection and
 *     advertisement wait until every GR peer has sent End-of-RIB or {@code selectionDeferral} passed
 * @param selectionDeferral the upper bound of that wait (RFC 4724 §4.1 "selection_deferral_timer")
 * @param dynamicNeighbors address ranges from which unconfigured peers are accepted; every other
 *     unconfigured address is refused before its OPEN is read
 * @param ingestWarmUp at start, compile the UPDATE ingest path in the background on synthetic
 *     routes ({@link IngestWarmUp}: ≈ 0.5 s of one core, a throwaway RIB) so that the first full
 *     table is not applied by interpreted code; off by default (tests start many speakers), on in
 *     the agent
 */
public record SpeakerConfig(long localAs, Inet4Address routerId, InetAddress listenAddress, int listenPort,
        Duration connectRetryInitial, Duration connectRetryMax, Optional<Inet4Address> clusterId, int maxPaths,
        boolean restarted, Duration selectionDeferral, List<DynamicNeighbor> dynamicNeighbors, boolean ingestWarmUp) {

    /** Default selection deferral bound (RFC 4724 §4.1; FRR uses 360 s, we stay under the default restart time). */
    public static final Duration DEFAULT_SELECTION_DEFERRAL = Duration.ofSeconds(120);

    /** The IANA BGP port. */
    public static final int BGP_PORT = 179;

    public SpeakerConfig {
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(listenAddress, "listenAddress");
        Objects.requireNonNull(connectRetryInitial, "connectRetryInitial");
        Objects.requireNonNull(connectRetryMax, "connectRetryMax");
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(selectionDeferral, "selectionDeferral");
        dynamicNeighbors = List.copyOf(dynamicNeighbors);
        if (maxPaths < 1 || maxPaths > 256) {
            throw new IllegalArgumentException("maxPaths must be 1-256: " + maxPaths);
        }
        if (selectionDeferral.isNegative() || selectionDeferral.isZero()) {
            throw new IllegalArgumentException("selection deferral must be positive");
        }
        if (localAs < 1 || localAs > 0xffffffffL) {
            throw new IllegalArgumentException("local AS out of range: " + localAs);
        }
        if (routerId.isAnyLocalAddress()) {
            throw new IllegalArgumentException("router ID must not be 0.0.0.0");
        }
        if (listenPort < 0 || listenPort > 0xffff) {
            throw new IllegalArgumentException("listen port out of range: " + listenPort);
        }
        if (connectRetryInitial.isNegative() || connectRetryInitial.isZero() || connectRetryMax.compareTo(connectRetryInitial) < 0) {
            throw new IllegalArgumentException("need 0 < connectRetryInitial <= connectRetryMax");
        }
    }

    /** The first version's constructor: no cluster ID, no multipath, not restarted, no dynamic neighbours. */
    public SpeakerConfig(long localAs, Inet4Address routerId, InetAddress listenAddress, int listenPort,
            Duration connectRetryInitial, Duration connectRetryMax) {
        this(localAs, routerId, listenAddress, listenPort, connectRetryInitial, connectRetryMax, Optional.empty(), 1, false,
                DEFAULT_SELECTION_DEFERRAL, List.of(), false);
    }

    /** Defaults: listen on 0.0.0.0:179, reconnect after 1 s doubling up to 60 s. */
    public static SpeakerConfig of(long localAs, Inet4Address routerId) {
        return new SpeakerConfig(localAs, routerId, anyIpv4(), BGP_PORT, Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    /** This config with another listen address and port. */
    public SpeakerConfig withListen(InetAddress address, int port) {
        return new SpeakerConfig(localAs, routerId, address, port, connectRetryInitial, connectRetryMax, clusterId, maxPaths,
                restarted, selectionDeferral, dynamicNeighbors, ingestWarmUp);
    }

    /** This config with other reconnect delays. */
    public SpeakerConfig withConnectRetry(Duration initial, Duration max) {
        return new SpeakerConfig(localAs, routerId, listenAddress, listenPort, initial, max, clusterId, maxPaths,
                restarted, selectionDeferral, dynamicNeighbors, ingestWarmUp);
    }

    /** With a route reflector cluster ID (RFC 4456 §7). */
    public SpeakerConfig withClusterId(Optional<Inet4Address> id) {
        return new SpeakerConfig(localAs, routerId, listenAddress, listenPort, connectRetryInitial, connectRetryMax, id,
                maxPaths, restarted, selectionDeferral, dynamicNeighbors, ingestWarmUp);
    }

    /** With ECMP up to {@code paths} next hops (1 = off). */
    public SpeakerConfig withMaxPaths(int paths) {
        return new SpeakerConfig(localAs, routerId, listenAddress, listenPort, connectRetryInitial, connectRetryMax,
                clusterId, paths, restarted, selectionDeferral, dynamicNeighbors, ingestWarmUp);
    }

    /**
     * As a Graceful Restart restarting speaker (RFC 4724 §4.1) or not, with the selection
     * deferral bound. The agent sets this when it finds its own kernel routes from a previous run.
     */
    public SpeakerConfig withRestarted(boolean restarted, Duration selectionDeferral) {
        return new SpeakerConfig(localAs, routerId, listenAddress, listenPort, connectRetryInitial, connectRetryMax,
                clusterId, maxPaths, restarted, selectionDeferral, dynamicNeighbors, ingestWarmUp);
    }

    /** With ranges of dynamic neighbours (replacing any). */
    public SpeakerConfig withDynamicNeighbors(List<DynamicNeighbor> neighbors) {
        return new SpeakerConfig(localAs, routerId, listenAddress, listenPort, connectRetryInitial, connectRetryMax,
                clusterId, maxPaths, restarted, selectionDeferral, neighbors, ingestWarmUp);
    }

    /** With the background JIT warm-up of the ingest path at start on or off ({@link IngestWarmUp}). */
    public SpeakerConfig withIngestWarmUp(boolean on) {
        return new SpeakerConfig(localAs, routerId, listenAddress, listenPort, connectRetryInitial, connectRetryMax,
                clusterId, maxPaths, restarted, selectionDeferral, dynamicNeighbors, on);
    }

    /** The CLUSTER_ID: the configured one, else the router ID (RFC 4456 §7). */
    public Inet4Address effectiveClusterId() {
        return clusterId.orElse(routerId);
    }

    /** The first dynamic neighbour range containing {@code address}, if any. */
    public Optional<DynamicNeighbor> dynamicNeighbor(InetAddress address) {
        return dynamicNeighbors.stream().filter(d -> d.range().contains(address)).findFirst();
    }

    private static InetAddress anyIpv4() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
