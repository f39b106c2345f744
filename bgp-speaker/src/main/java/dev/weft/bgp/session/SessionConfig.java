package dev.weft.bgp.session;

import dev.weft.bgp.wire.AddressFamily;
import dev.weft.bgp.wire.Capability;
import dev.weft.bgp.wire.OpenMessage;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one connection needs to know to send and check OPENs and run its timers.
 *
 * @param localAs our AS number (1–4294967295)
 * @param routerId our BGP Identifier
 * @param peerAs the AS the peer must announce (RFC 4271 §6.2 Bad Peer AS otherwise)
 * @param holdTimeSeconds the hold time we propose: 0 or 3–65535 seconds
 * @param keepaliveSeconds the keepalive interval we want; 0 = a third of the negotiated hold time
 * @param families the address families we offer (Multiprotocol capabilities, RFC 4760 §8), not empty
 * @param gracefulRestartTimeSeconds the Restart Time of our Graceful Restart capability (RFC 4724
 *     §3), 1–4095; 0 = no Graceful Restart capability
 * @param restarted we restarted with forwarding state preserved: R bit and every family's F bit set
 * @param sendHoldTimeSeconds RFC 9687 Send Hold Timer: positive = that many seconds; 0 = the RFC
 *     default max(480, 2 × negotiated hold time), none when the hold time is 0; -1 = off
 * @param gracefulNotification set the N bit in our Graceful Restart capability (RFC 8538 §2): with
 *     a peer that sets it too, NOTIFICATIONs other than Hard Reset end the session gracefully
 * @param localRole our BGP Role (a {@link Capability.Role} value, RFC 9234 §4.1), sent in the Role
 *     capability and checked against the peer's ({@link RoleCheck}) on eBGP sessions; -1 = none
 * @param strictRole RFC 9234 §4.2 strict mode: a peer without the Role capability gets 2/11
 */
public record SessionConfig(long localAs, Inet4Address routerId, long peerAs, int holdTimeSeconds, int keepaliveSeconds,
        List<AddressFamily> families, int gracefulRestartTimeSeconds, boolean restarted, int sendHoldTimeSeconds,
        boolean gracefulNotification, int localRole, boolean strictRole) {
    /** The hold timer used in OpenSent (RFC 4271 §8.2.2 suggests 4 minutes). */
    public static final int LARGE_HOLD_TIME_SECONDS = 240;
    /** RFC 9687 §4: the send hold time is at least 8 minutes by default. */
    public static final int MIN_DEFAULT_SEND_HOLD_SECONDS = 480;

    public SessionConfig {
        Objects.requireNonNull(routerId, "routerId");
        families = List.copyOf(families);
        if (localAs < 1 || localAs > 0xffffffffL || peerAs < 1 || peerAs > 0xffffffffL) {
            throw new IllegalArgumentException("AS number out of range");
        }
        if (holdTimeSeconds == 1 || holdTimeSeconds == 2 || holdTimeSeconds < 0 || holdTimeSeconds > 0xffff) {
            throw new IllegalArgumentException("hold time must be 0 or 3-65535 seconds: " + holdTimeSeconds);
        }
        if (keepaliveSeconds < 0) {
            throw new IllegalArgumentException("keepalive must be >= 0: " + keepaliveSeconds);
        }
        if (families.isEmpty()) {
            throw new IllegalArgumentException("at least one address family");
        }
        if (gracefulRestartTimeSeconds < 0 || gracefulRestartTimeSeconds > Capability.GracefulRestart.MAX_RESTART_TIME) {
            throw new IllegalArgumentException("restart time must be 0-4095 s: " + gracefulRestartTimeSeconds);
        }
        if (sendHoldTimeSeconds < -1) {
            throw new IllegalArgumentException("send hold time must be -1, 0 or positive");
        }
        if (localRole < -1 || localRole > 255) {
            throw new IllegalArgumentException("role must be -1 (none) or 0-255: " + localRole);
        }
    }

    /** Without a BGP Role (RFC 9234). */
    public SessionConfig(long localAs, Inet4Address routerId, long peerAs, int holdTimeSeconds, int keepaliveSeconds,
            List<AddressFamily> families, int gracefulRestartTimeSeconds, boolean restarted, int sendHoldTimeSeconds,
            boolean gracefulNotification) {
        this(localAs, routerId, peerAs, holdTimeSeconds, keepaliveSeconds, families, gracefulRestartTimeSeconds,
                restarted, sendHoldTimeSeconds, gracefulNotification, -1, false);
    }

    /** With the N bit (RFC 8538) whenever Graceful Restart is advertised. */
    public SessionConfig(long localAs, Inet4Address routerId, long peerAs, int holdTimeSeconds, int keepaliveSeconds,
            List<AddressFamily> families, int gracefulRestartTimeSeconds, boolean restarted, int sendHoldTimeSeconds) {
        this(localAs, routerId, peerAs, holdTimeSeconds, keepaliveSeconds, families, gracefulRestartTimeSeconds, restarted,
                sendHoldTimeSeconds, true);
    }

    /** IPv4 and IPv6 unicast, no Graceful Restart, default send hold time. */
    public SessionConfig(long localAs, Inet4Address routerId, long peerAs, int holdTimeSeconds, int keepaliveSeconds) {
        this(localAs, routerId, peerAs, holdTimeSeconds, keepaliveSeconds,
                List.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST), 0, false, 0);
    }

    /** With our BGP Role (RFC 9234 §4.1 value, -1 = none) and strict mode (§4.2). */
    public SessionConfig withRole(int role, boolean strict) {
        return new SessionConfig(localAs, routerId, peerAs, holdTimeSeconds, keepaliveSeconds, families,
                gracefulRestartTimeSeconds, restarted, sendHoldTimeSeconds, gracefulNotification, role, strict);
    }

    /** With the R and F bits of Graceful Restart set or not (RFC 4724 §3). */
    public SessionConfig withRestarted(boolean on) {
        return new SessionConfig(localAs, routerId, peerAs, holdTimeSeconds, keepaliveSeconds, families,
                gracefulRestartTimeSeconds, on, sendHoldTimeSeconds, gracefulNotification, localRole, strictRole);
    }

    /** True if a BGP Role applies to this session: configured, and eBGP (RFC 9234 §4). */
    public boolean roleApplies() {
        return localRole >= 0 && ebgp();
    }

    /** True if the peer is in another AS. */
    public boolean ebgp() {
        return localAs != peerAs;
    }

    /**
     * Our OPEN: a Multiprotocol capability per family (RFC 4760), Route Refresh (RFC 2918),
     * Enhanced Route Refresh (RFC 7313), Extended Message (RFC 8654), 4-octet AS (RFC 6793) and,
     * if configured, Graceful Restart (RFC 4724) with the R and F bits set after our own restart and
     * the N bit (RFC 8538 §2) unless turned off, and our BGP Role (RFC 9234 §4.1) on an eBGP
     * session with a role configured.
     */
    public OpenMessage localOpen() {
        List<Capability> caps = new ArrayList<>();
        for (AddressFamily f : families) {
            caps.add(new Capability.MultiProtocol(f));
        }
        caps.add(Capability.RouteRefresh.INSTANCE);
        caps.add(Capability.EnhancedRouteRefresh.INSTANCE);
        caps.add(Capability.ExtendedMessage.INSTANCE);
        caps.add(new Capability.FourOctetAs(localAs));
        if (gracefulRestartTimeSeconds > 0) {
            caps.add(new Capability.GracefulRestart(restarted, gracefulRestartTimeSeconds,
                    families.stream().map(f -> new Capability.GracefulRestart.Family(f, restarted)).toList(),
                    gracefulNotification));
        }
        if (roleApplies()) {
            caps.add(new Capability.Role(localRole));
        }
        return OpenMessage.of(localAs, holdTimeSeconds, routerId, caps);
    }

    /** The send hold time for a negotiated hold time, in seconds; 0 = none. */
    public int effectiveSendHoldSeconds(int negotiatedHoldSeconds) {
        if (sendHoldTimeSeconds > 0) {
            return sendHoldTimeSeconds;
        }
        if (sendHoldTimeSeconds < 0 || negotiatedHoldSeconds == 0) {
            return 0;
        }
        return Math.max(MIN_DEFAULT_SEND_HOLD_SECONDS, 2 * negotiatedHoldSeconds);
    }
}
