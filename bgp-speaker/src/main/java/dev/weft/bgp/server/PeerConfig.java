package dev.weft.bgp.server;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One configured neighbour.
 *
 * @param peerAddress the neighbour's address (its identity; incoming connections are matched on it)
 * @param peerAs the neighbour's AS; equal to the local AS means iBGP
 * @param peerPort TCP port to connect to (179)
 * @param localAddress source address for outgoing connections, if any
 * @param holdTimeSeconds hold time we propose: 0 or 3–65535 (90)
 * @param keepaliveSeconds keepalive interval (30); 0 = a third of the negotiated hold time
 * @param passive never connect, only accept
 */
public record PeerConfig(InetAddress peerAddress, long peerAs, int peerPort, Optional<InetAddress> localAddress,
        int holdTimeSeconds, int keepaliveSeconds, boolean passive) {

    public PeerConfig {
        Objects.requireNonNull(peerAddress, "peerAddress");
        Objects.requireNonNull(localAddress, "localAddress");
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
    }

    /** Defaults: port 179, no local address, hold time 90 s, keepalive 30 s, active. */
    public static PeerConfig of(InetAddress peerAddress, long peerAs) {
        return new PeerConfig(peerAddress, peerAs, 179, Optional.empty(), 90, 30, false);
    }

    /** With another peer port. */
    public PeerConfig withPeerPort(int port) {
        return new PeerConfig(peerAddress, peerAs, port, localAddress, holdTimeSeconds, keepaliveSeconds, passive);
    }

    /** With a source address for outgoing connections. */
    public PeerConfig withLocalAddress(InetAddress address) {
        return new PeerConfig(peerAddress, peerAs, peerPort, Optional.of(address), holdTimeSeconds, keepaliveSeconds, passive);
    }

    /** With other timers. */
    public PeerConfig withTimers(int holdTime, int keepalive) {
        return new PeerConfig(peerAddress, peerAs, peerPort, localAddress, holdTime, keepalive, passive);
    }

    /** Passive or active. */
    public PeerConfig withPassive(boolean passive) {
        return new PeerConfig(peerAddress, peerAs, peerPort, localAddress, holdTimeSeconds, keepaliveSeconds, passive);
    }
}
