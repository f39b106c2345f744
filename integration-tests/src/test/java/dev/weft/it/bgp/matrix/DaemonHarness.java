package dev.weft.it.bgp.matrix;

import dev.weft.common.net.IpPrefix;

/**
 * One real BGP daemon peering with Weft from the daemon namespace of an {@link InteropNet}: its
 * configuration is rendered from a template for a {@link PeerSetup}; everything is observed through
 * the daemon's own CLI. At start the daemon originates {@link Family#daemonRoute}.
 */
interface DaemonHarness {
    /** "bird", "frr", "gobgp". */
    String name();

    /** Writes the configuration and starts the daemon; returns once its control socket answers. */
    void start(InteropNet net, PeerSetup setup) throws Exception;

    /** Stops the daemon (no-op when not running). */
    void stop() throws Exception;

    /** Kills the daemon with SIGKILL (no NOTIFICATION; the kernel closes its sockets), as a crash would. */
    void crash() throws Exception;

    /** Whether the session with Weft is Established, as the daemon sees it. */
    boolean established();

    /** Whether the daemon's RIB holds {@code prefix} learned from Weft. */
    boolean hasRouteFromWeft(IpPrefix prefix);

    /** Whether that route is marked stale (Graceful Restart, RFC 4724 §4.2); false when absent. */
    boolean staleFromWeft(IpPrefix prefix);

    /** The daemon's CLI view of {@code prefix} (for assertions on next hop and AS path). */
    String routeDetail(IpPrefix prefix);

    /** Stops originating {@link Family#daemonRoute}. */
    void withdrawOwn();

    /** Originates {@link Family#daemonRoute} again. */
    void announceOwn();

    /**
     * Makes the daemon send a ROUTE-REFRESH (RFC 2918) to Weft ("soft in"); false when its CLI
     * cannot (GoBGP's {@code softresetin} re-filters the Adj-RIB-In it keeps and sends nothing).
     */
    boolean requestRefresh();

    /** UPDATE messages the daemon has received from Weft on the current session. */
    long updatesReceived();

    /** UPDATE messages the daemon has sent to Weft on the current session. */
    long updatesSent();

    /**
     * ROUTE-REFRESH messages (RFC 2918 §3) the daemon has received from Weft since it started
     * (FRR, GoBGP: their message counters; BIRD: "Got ROUTE-REFRESH" lines of its packet trace).
     */
    long refreshesReceived();

    /** Everything useful for a failure message: session state, RIB, log tail. */
    String describe();
}
