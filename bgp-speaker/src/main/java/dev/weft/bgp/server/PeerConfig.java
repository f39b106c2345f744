package dev.weft.bgp.server;

import dev.weft.bgp.rib.RoutePolicy;
import dev.weft.bgp.wire.AddressFamily;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One configured neighbour. Build it with {@link #of} and the {@code with*} methods; the
 * 7-argument constructor of the first version is kept.
 *
 * @param peerAddress the neighbour's address (its identity; incoming connections are matched on it)
 * @param peerAs the neighbour's AS; equal to the local AS means iBGP
 * @param peerPort TCP port to connect to (179)
 * @param localAddress source address for outgoing connections, if any
 * @param holdTimeSeconds hold time we propose: 0 or 3–65535 (90)
 * @param keepaliveSeconds keepalive interval (30); 0 = a third of the negotiated hold time
 * @param passive never connect, only accept
 * @param md5Password TCP MD5 signature key (RFC 2385), 1–80 octets of UTF-8; never logged
 *     ({@link #toString()} redacts it). Needs the Linux epoll transport
 * @param ttlSecurity GTSM (RFC 5082): send with TTL/hop limit 255 and drop segments that arrive
 *     with less than 254 (the peer must be directly connected and do the same)
 * @param ebgpMultihopTtl the TTL/hop limit of our packets, 1–255; 0 = the system default. Ignored
 *     with {@code ttlSecurity}
 * @param maxPrefixes the most prefixes accepted from the peer in each address family (its
 *     Adj-RIB-In of that family, before import policy) unless {@code maxPrefixesPerFamily} sets the
 *     family's own limit; past it the session is closed with CEASE 6/1 (RFC 4486 §4, data: the AFI
 *     and SAFI that overflowed, the limit). 0 = no limit
 * @param maxPrefixRestart after a max-prefix CEASE, reconnect after this long; empty = stay down
 *     until the peer is configured again
 * @param routeReflectorClient this iBGP peer is a route reflector client (RFC 4456 §6)
 * @param gracefulRestartTimeSeconds the Restart Time we advertise in the Graceful Restart
 *     capability (RFC 4724 §3), 1–4095; 0 = do not advertise Graceful Restart at all (120)
 * @param tcpUserTimeout TCP_USER_TIMEOUT (RFC 5482) of the connection; {@link Duration#ZERO} = the
 *     proposed hold time (no user timeout when that is 0)
 * @param sendHoldTimeSeconds the Send Hold Timer (RFC 9687 §3): if nothing can be sent for this
 *     long the session is closed with NOTIFICATION 8/0; 0 = the RFC's default, max(480 s, 2 ×
 *     the negotiated hold time); -1 = off
 * @param ipv6NextHop our IPv6 global next hop for IPv6 routes to this peer; empty = the session's
 *     own IPv6 address, else a global address of the interface the session runs on
 * @param importPolicy what to accept from the peer ({@code dev.weft.bgp.policy.Policy} or any
 *     {@link RoutePolicy}); empty = none configured: RFC 8212 §3, an eBGP peer's routes are all
 *     rejected, an iBGP peer's all accepted
 * @param exportPolicy what to send to the peer; empty = none configured: RFC 8212 §3, nothing to
 *     an eBGP peer, everything the export rules allow to an iBGP peer
 * @param maxPrefixesPerFamily per-family prefix limits (RFC 4486 §4) that override
 *     {@code maxPrefixes} for their family; 0 = no limit for that family
 * @param enhancedRefreshStaleTime how long the peer's routes of a family stay stale after its BoRR
 *     without the EoRR (RFC 7313 §4.2 "MAY"): then the still-stale ones are purged as if the
 *     EoRR had come. {@link Duration#ZERO} = no bound (they wait for the EoRR or the session's end).
 *     Default 360 s, FRR's stale-path time, which FRR uses for this timer
 * @param role our BGP Role on this eBGP session (RFC 9234 §4.1): sent in the OPEN, checked
 *     against the peer's (2/11 Role Mismatch, §4.2) and used for the Only-to-Customer rules
 *     (§5); empty = none (no Role capability, no OTC rule). Ignored on iBGP sessions
 * @param strictRole RFC 9234 §4.2 strict mode: the peer must send the Role capability, else 2/11;
 *     meaningful only with a role
 */
public record PeerConfig(InetAddress peerAddress, long peerAs, int peerPort, Optional<InetAddress> localAddress,
        int holdTimeSeconds, int keepaliveSeconds, boolean passive, Optional<String> md5Password, boolean ttlSecurity,
        int ebgpMultihopTtl, int maxPrefixes, Optional<Duration> maxPrefixRestart, boolean routeReflectorClient,
        int gracefulRestartTimeSeconds, Duration tcpUserTimeout, int sendHoldTimeSeconds,
        Optional<Inet6Address> ipv6NextHop, Optional<RoutePolicy> importPolicy, Optional<RoutePolicy> exportPolicy,
        Map<AddressFamily, Integer> maxPrefixesPerFamily, Duration enhancedRefreshStaleTime, Optional<BgpRole> role,
        boolean strictRole) {

    /** Default Restart Time advertised in the Graceful Restart capability (RFC 4724 §3 suggests ≤ hold time; 120 s as FRR). */
    public static final int DEFAULT_RESTART_TIME_SECONDS = 120;
    /** Default bound on stale routes of an unfinished Enhanced Route Refresh (RFC 7313 §4.2; FRR's stalepath-time). */
    public static final Duration DEFAULT_ENHANCED_REFRESH_STALE_TIME = Duration.ofSeconds(360);

    public PeerConfig {
        Objects.requireNonNull(peerAddress, "peerAddress");
        Objects.requireNonNull(localAddress, "localAddress");
        Objects.requireNonNull(md5Password, "md5Password");
        Objects.requireNonNull(maxPrefixRestart, "maxPrefixRestart");
        Objects.requireNonNull(tcpUserTimeout, "tcpUserTimeout");
        Objects.requireNonNull(ipv6NextHop, "ipv6NextHop");
        Objects.requireNonNull(importPolicy, "importPolicy");
        Objects.requireNonNull(exportPolicy, "exportPolicy");
        maxPrefixesPerFamily = Map.copyOf(maxPrefixesPerFamily);
        Objects.requireNonNull(enhancedRefreshStaleTime, "enhancedRefreshStaleTime");
        Objects.requireNonNull(role, "role");
        if (strictRole && role.isEmpty()) {
            throw new IllegalArgumentException("strict role mode needs a role (RFC 9234 §4.2)");
        }
        if (enhancedRefreshStaleTime.isNegative()) {
            throw new IllegalArgumentException("enhanced route refresh stale time must be >= 0: " + enhancedRefreshStaleTime);
        }
        for (Map.Entry<AddressFamily, Integer> e : maxPrefixesPerFamily.entrySet()) {
            if (e.getValue() < 0) {
                throw new IllegalArgumentException("max prefixes for " + e.getKey() + " must be >= 0: " + e.getValue());
            }
        }
        if (peerAs < 1 || peerAs > 0xffffffffL) {
            throw new IllegalArgumentException("peer AS out of range: " + peerAs);
        }
        if (peerPort < 1 || peerPort > 0xffff) {
            throw new IllegalArgumentException("peer port out of range: " + peerPort);
        }
        if (holdTimeSeconds < 0 || holdTimeSeconds == 1 || holdTimeSeconds == 2 || holdTimeSeconds > 0xffff) {
            throw new IllegalArgumentException("hold time must be 0 or 3-65535: " + holdTimeSeconds);
        }
        if (keepaliveSeconds < 0) {
            throw new IllegalArgumentException("keepalive must be >= 0: " + keepaliveSeconds);
        }
        if (md5Password.isPresent()) {
            int n = md5Password.get().getBytes(StandardCharsets.UTF_8).length;
            if (n < 1 || n > 80) { // TCP_MD5SIG_MAXKEYLEN
                throw new IllegalArgumentException("TCP MD5 password must be 1-80 octets, got " + n);
            }
        }
        if (ebgpMultihopTtl < 0 || ebgpMultihopTtl > 255) {
            throw new IllegalArgumentException("TTL must be 0-255: " + ebgpMultihopTtl);
        }
        if (maxPrefixes < 0) {
            throw new IllegalArgumentException("max prefixes must be >= 0: " + maxPrefixes);
        }
        if (maxPrefixRestart.isPresent() && (maxPrefixRestart.get().isNegative() || maxPrefixRestart.get().isZero())) {
            throw new IllegalArgumentException("max-prefix restart delay must be positive");
        }
        if (gracefulRestartTimeSeconds < 0 || gracefulRestartTimeSeconds > 4095) {
            throw new IllegalArgumentException("graceful restart time must be 0-4095 s: " + gracefulRestartTimeSeconds);
        }
        if (tcpUserTimeout.isNegative() || tcpUserTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("TCP user timeout out of range: " + tcpUserTimeout);
        }
        if (sendHoldTimeSeconds < -1) {
            throw new IllegalArgumentException("send hold time must be -1 (off), 0 (default) or positive");
        }
    }

    /**
     * The first version's constructor: every later setting at its default (see {@link #of}).
     */
    public PeerConfig(InetAddress peerAddress, long peerAs, int peerPort, Optional<InetAddress> localAddress,
            int holdTimeSeconds, int keepaliveSeconds, boolean passive) {
        this(peerAddress, peerAs, peerPort, localAddress, holdTimeSeconds, keepaliveSeconds, passive, Optional.empty(),
                false, 0, 0, Optional.empty(), false, DEFAULT_RESTART_TIME_SECONDS, Duration.ZERO, 0, Optional.empty(),
                Optional.empty(), Optional.empty(), Map.of(), DEFAULT_ENHANCED_REFRESH_STALE_TIME, Optional.empty(), false);
    }

    /**
     * Defaults: port 179, no local address, hold time 90 s, keepalive 30 s, active, no MD5, no
     * GTSM, system TTL, no prefix limit, not a route reflector client, Graceful Restart
     * advertised with a 120 s restart time, TCP user timeout = hold time, RFC 9687 send hold time, no
     * policies (RFC 8212: an eBGP peer exchanges nothing until policies are set), stale routes of an
     * Enhanced Route Refresh purged 360 s after a BoRR without EoRR.
     */
    public static PeerConfig of(InetAddress peerAddress, long peerAs) {
        return new PeerConfig(peerAddress, peerAs, 179, Optional.empty(), 90, 30, false);
    }

    /** With another peer port. */
    public PeerConfig withPeerPort(int port) {
        return new PeerConfig(peerAddress, peerAs, port, localAddress, holdTimeSeconds, keepaliveSeconds, passive,
                md5Password, ttlSecurity, ebgpMultihopTtl, maxPrefixes, maxPrefixRestart, routeReflectorClient,
                gracefulRestartTimeSeconds, tcpUserTimeout, sendHoldTimeSeconds, ipv6NextHop, importPolicy, exportPolicy, maxPrefixesPerFamily,
                enhancedRefreshStaleTime, role, strictRole);
    }

    /** With a source address for outgoing connections. */
    public PeerConfig withLocalAddress(InetAddress address) {
        return new PeerConfig(peerAddress, peerAs, peerPort, Optional.of(address), holdTimeSeconds, keepaliveSeconds,
                passive, md5Password, ttlSecurity, ebgpMultihopTtl, maxPrefixes, maxPrefixRestart, routeReflectorClient,
                gracefulRestartTimeSeconds, tcpUserTimeout, sendHoldTimeSeconds, ipv6NextHop, importPolicy, exportPolicy, maxPrefixesPerFamily,
                enhancedRefreshStaleTime, role, strictRole);
    }

    /** With other timers (hold time 0 or 3–65535 s; keepalive 0 = a third of the hold time). */
    public PeerConfig withTimers(int holdTime, int keepalive) {
        return new PeerConfig(peerAddress, peerAs, peerPort, localAddress, holdTime, keepalive, passive, md5Password,
                ttlSecurity, ebgpMultihopTtl, maxPrefixes, maxPrefixRestart, routeReflectorClient,
                gracefulRestartTimeSeconds, tcpUserTimeout, sendHoldTimeSeconds, ipv6NextHop, importPolicy, exportPolicy, maxPrefixesPerFamily,
                enhancedRefreshStaleTime, role, strictRole);
    }

    /** Passive or active. */
    public PeerConfig withPassive(boolean passive) {
        return new PeerConfig(peerAddress, peerAs, peerPort, localAddress, holdTimeSeconds, keepaliveSeconds, passive,
                md5Password, ttlSecurity, ebgpMultihopTtl, maxPrefixes, maxPrefixRestart, routeReflectorClient,
                gracefulRestartTimeSeconds, tcpUserTimeout, sendHoldTimeSeconds, ipv6NextHop, importPolicy, exportPolicy, maxPrefixesPerFamily,
                enhancedRefreshStaleTime, role, strictRole);
    }

    /**
     * With a TCP MD5 signature key (RFC 2385), e.g. read from a Kubernetes Secret; empty = none.
     *
     * @throws IllegalArgumentException if not 1–80 octets
     */
    public PeerConfig withMd5Password(Optional<String> password) {
        return new PeerConfig(peerAddress, peerAs, peerPort, localAddress, holdTimeSeconds, keepaliveSeconds, passive,
                password, ttlSecurity, ebgpMultihopTtl, maxPrefixes, maxPrefixRestart, routeReflectorClient,
                gracefulRestartTimeSeconds, tcpUserTimeout, sendHoldTimeSeconds, ipv6NextHop, importPolicy, exportPolicy, maxPrefixesPerFamily,
                enhancedRefreshStaleTime, role, strictRole);
    }

    /** With GTSM on or off (RFC 5082; directly connected peers only). */
    public PeerConfig withTtlSecurity(boolean on) {
        return new PeerConfig(peerAddress, peerAs, peerPort, localAddress, holdTimeSeconds, keepaliveSeconds, passive,
                md5Password, on, ebgpMultihopTtl, maxPrefixes, maxPrefixRestart, routeReflectorClient,
                gracefulRestartTimeSeconds, tcpUserTimeout, sendHoldTimeSeconds, ipv6NextHop, importPolicy, exportPolicy, maxPrefixesPerFamily,
                enhancedRefreshStaleTime, role, strictRole);
    }

    /** With the TTL of our packets (eBGP multihop), 1–255; 0 = system default. */
    public PeerConfig withEbgpMultihop(int ttl) {
        return new PeerConfig(peerAddress, peerAs, peerPort, localAddress, holdTimeSeconds, keepaliveSeconds, passive,
                md5Password, ttlSecurity, ttl, maxPrefixes, maxPrefixRestart, routeReflectorClient,
                gracefulRestartTimeSeconds, tcpUserTimeout, sendHoldTimeSeconds, ipv6NextHop, importPolicy, exportPolicy, maxPrefixesPerFamily,
                enhancedRefreshStaleTime, role, strictRole);
    }

    /**
     * With a prefix limit for each address family (0 = none; the same limit for IPv4 and IPv6
     * unicast, each counted on its own; per-family limits set with
     * {@link #withMaxPrefixes(AddressFamily, int)} still win) and an optional automatic restart
     * after the CEASE 6/1 (RFC 4486 §4).
     */
    public PeerConfig withMaxPrefixes(int limit, Optional<Duration> restartAfter) {
        return new PeerConfig(peerAddress, peerAs, peerPort, localAddress, holdTimeSeconds, keepaliveSeconds, passive,
                md5Password, ttlSecurity, ebgpMultihopTtl, limit, restartAfter, routeReflectorClient,
                gracefulRestartTimeSeconds, tcpUserTimeout, sendHoldTimeSeconds, ipv6NextHop, importPolicy, exportPolicy, maxPrefixesPerFamily,
                enhancedRefreshStaleTime, role, strictRole);
    }

    /**
     * With a prefix limit for one address family (RFC 4486 §4), 0 = none for that family; it
     * overrides {@link #maxPrefixes()} for the family. The restart delay is
     * {@link #maxPrefixRestart()} (set with {@link #withMaxPrefixes(int, Optional)}).
     *
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    public PeerConfig withMaxPrefixes(AddressFamily family, int limit) {
        Map<AddressFamily, Integer> limits = new HashMap<>(maxPrefixesPerFamily);
        limits.put(Objects.requireNonNull(family, "family"), limit);
        return new PeerConfig(peerAddress, peerAs, peerPort, localAddress, holdTimeSeconds, keepaliveSeconds, passive,
                md5Password, ttlSecurity, ebgpMultihopTtl, maxPrefixes, maxPrefixRestart, routeReflectorClient,
                gracefulRestartTimeSeconds, tcpUserTimeout, sendHoldTimeSeconds, ipv6NextHop, importPolicy, exportPolicy,
                limits, enhancedRefreshStaleTime, role, strictRole);
    }

    /**
     * With the bound on stale routes of an Enhanced Route Refresh whose EoRR does not come
     * (RFC 7313 §4.2); {@link Duration#ZERO} = none.
     *
     * @throws IllegalArgumentException if negative
     */
    public PeerConfig withEnhancedRefreshStaleTime(Duration time) {
        return new PeerConfig(peerAddress, peerAs, peerPort, localAddress, holdTimeSeconds, keepaliveSeconds, passive,
                md5Password, ttlSecurity, ebgpMultihopTtl, maxPrefixes, maxPrefixRestart, routeReflectorClient,
                gracefulRestartTimeSeconds, tcpUserTimeout, sendHoldTimeSeconds, ipv6NextHop, importPolicy, exportPolicy,
                maxPrefixesPerFamily, time, role, strictRole);
    }

    /** The prefix limit of {@code family} (RFC 4486 §4): its own, else {@link #maxPrefixes()}; 0 = none. */
    public int maxPrefixes(AddressFamily family) {
        return maxPrefixesPerFamily.getOrDefault(family, maxPrefixes);
    }

    /** As a route reflector client or not (RFC 4456; needs a cluster ID or our router ID is used). */
    public PeerConfig withRouteReflectorClient(boolean client) {
        return new PeerConfig(peerAddress, peerAs, peerPort, localAddress, holdTimeSeconds, keepaliveSeconds, passive,
                md5Password, ttlSecurity, ebgpMultihopTtl, maxPrefixes, maxPrefixRestart, client,
                gracefulRestartTimeSeconds, tcpUserTimeout, sendHoldTimeSeconds, ipv6NextHop, importPolicy, exportPolicy, maxPrefixesPerFamily,
                enhancedRefreshStaleTime, role, strictRole);
    }

    /** With the Graceful Restart Restart Time we advertise (1–4095 s), or 0 to not advertise the capability. */
    public PeerConfig withGracefulRestartTime(int seconds) {
        return new PeerConfig(peerAddress, peerAs, peerPort, localAddress, holdTimeSeconds, keepaliveSeconds, passive,
                md5Password, ttlSecurity, ebgpMultihopTtl, maxPrefixes, maxPrefixRestart, routeReflectorClient, seconds,
                tcpUserTimeout, sendHoldTimeSeconds, ipv6NextHop, importPolicy, exportPolicy, maxPrefixesPerFamily,
                enhancedRefreshStaleTime, role, strictRole);
    }

    /** With a TCP user timeout ({@link Duration#ZERO} = the hold time). */
    public PeerConfig withTcpUserTimeout(Duration timeout) {
        return new PeerConfig(peerAddress, peerAs, peerPort, localAddress, holdTimeSeconds, keepaliveSeconds, passive,
                md5Password, ttlSecurity, ebgpMultihopTtl, maxPrefixes, maxPrefixRestart, routeReflectorClient,
                gracefulRestartTimeSeconds, timeout, sendHoldTimeSeconds, ipv6NextHop, importPolicy, exportPolicy, maxPrefixesPerFamily,
                enhancedRefreshStaleTime, role, strictRole);
    }

    /** With a Send Hold Time in seconds (RFC 9687): positive, 0 = RFC default, -1 = off. */
    public PeerConfig withSendHoldTime(int seconds) {
        return new PeerConfig(peerAddress, peerAs, peerPort, localAddress, holdTimeSeconds, keepaliveSeconds, passive,
                md5Password, ttlSecurity, ebgpMultihopTtl, maxPrefixes, maxPrefixRestart, routeReflectorClient,
                gracefulRestartTimeSeconds, tcpUserTimeout, seconds, ipv6NextHop, importPolicy, exportPolicy, maxPrefixesPerFamily,
                enhancedRefreshStaleTime, role, strictRole);
    }

    /** With an explicit IPv6 next hop for IPv6 routes to this peer (e.g. over an IPv4 session). */
    public PeerConfig withIpv6NextHop(Optional<Inet6Address> hop) {
        return new PeerConfig(peerAddress, peerAs, peerPort, localAddress, holdTimeSeconds, keepaliveSeconds, passive,
                md5Password, ttlSecurity, ebgpMultihopTtl, maxPrefixes, maxPrefixRestart, routeReflectorClient,
                gracefulRestartTimeSeconds, tcpUserTimeout, sendHoldTimeSeconds, hop, importPolicy, exportPolicy, maxPrefixesPerFamily,
                enhancedRefreshStaleTime, role, strictRole);
    }

    /**
     * With import and export policies (e.g. {@code Policy.agentImportDefault(...)} and
     * {@code Policy.agentExportDefault(...)}); empty = RFC 8212 defaults.
     */
    public PeerConfig withPolicies(Optional<? extends RoutePolicy> importPolicy, Optional<? extends RoutePolicy> exportPolicy) {
        return new PeerConfig(peerAddress, peerAs, peerPort, localAddress, holdTimeSeconds, keepaliveSeconds, passive,
                md5Password, ttlSecurity, ebgpMultihopTtl, maxPrefixes, maxPrefixRestart, routeReflectorClient,
                gracefulRestartTimeSeconds, tcpUserTimeout, sendHoldTimeSeconds, ipv6NextHop,
                importPolicy.map(RoutePolicy.class::cast), exportPolicy.map(RoutePolicy.class::cast), maxPrefixesPerFamily,
                enhancedRefreshStaleTime, role, strictRole);
    }

    /** This config for another address (dynamic neighbours: a template applied to an accepted peer). */
    public PeerConfig withPeerAddress(InetAddress address, long asn) {
        return new PeerConfig(address, asn, peerPort, localAddress, holdTimeSeconds, keepaliveSeconds, passive,
                md5Password, ttlSecurity, ebgpMultihopTtl, maxPrefixes, maxPrefixRestart, routeReflectorClient,
                gracefulRestartTimeSeconds, tcpUserTimeout, sendHoldTimeSeconds, ipv6NextHop, importPolicy, exportPolicy, maxPrefixesPerFamily,
                enhancedRefreshStaleTime, role, strictRole);
    }

    /**
     * With our BGP Role on the session (RFC 9234 §4.1; empty = none) and strict mode (§4.2: the
     * peer must announce its role).
     *
     * @throws IllegalArgumentException strict mode without a role
     */
    public PeerConfig withRole(Optional<BgpRole> role, boolean strict) {
        return new PeerConfig(peerAddress, peerAs, peerPort, localAddress, holdTimeSeconds, keepaliveSeconds, passive,
                md5Password, ttlSecurity, ebgpMultihopTtl, maxPrefixes, maxPrefixRestart, routeReflectorClient,
                gracefulRestartTimeSeconds, tcpUserTimeout, sendHoldTimeSeconds, ipv6NextHop, importPolicy, exportPolicy,
                maxPrefixesPerFamily, enhancedRefreshStaleTime, role, strict);
    }

    /** With our BGP Role (RFC 9234 §4.1), not strict. */
    public PeerConfig withRole(BgpRole role) {
        return withRole(Optional.of(role), false);
    }

    /** The TCP user timeout in milliseconds to set on the socket; 0 = none. */
    public int effectiveTcpUserTimeoutMillis() {
        return tcpUserTimeout.isZero() ? holdTimeSeconds * 1000 : (int) tcpUserTimeout.toMillis();
    }

    /** Every field, with the MD5 password shown as {@code ***}. */
    @Override
    public String toString() {
        return "PeerConfig[peerAddress=" + peerAddress.getHostAddress() + ", peerAs=" + peerAs + ", peerPort=" + peerPort
                + ", localAddress=" + localAddress.map(InetAddress::getHostAddress) + ", holdTimeSeconds="
                + holdTimeSeconds + ", keepaliveSeconds=" + keepaliveSeconds + ", passive=" + passive
                + ", md5Password=" + (md5Password.isPresent() ? "***" : "none") + ", ttlSecurity=" + ttlSecurity
                + ", ebgpMultihopTtl=" + ebgpMultihopTtl + ", maxPrefixes=" + maxPrefixes + ", maxPrefixRestart="
                + maxPrefixRestart + ", routeReflectorClient=" + routeReflectorClient + ", gracefulRestartTimeSeconds="
                + gracefulRestartTimeSeconds + ", tcpUserTimeout=" + tcpUserTimeout + ", sendHoldTimeSeconds="
                + sendHoldTimeSeconds + ", ipv6NextHop=" + ipv6NextHop.map(InetAddress::getHostAddress)
                + ", importPolicy=" + importPolicy + ", exportPolicy=" + exportPolicy + ", maxPrefixesPerFamily="
                + maxPrefixesPerFamily + ", enhancedRefreshStaleTime=" + enhancedRefreshStaleTime + ", role="
                + role.map(BgpRole::configName) + ", strictRole=" + strictRole + "]";
    }
}
