package dev.weft.bgp.server;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Speaker-wide settings.
 *
 * @param localAs our AS number, 1–4294967295 (4-octet ASNs use AS_TRANS in OPEN, RFC 6793)
 * @param routerId our BGP Identifier (RFC 4271 §4.2), not 0.0.0.0
 * @param listenAddress address to accept connections on (e.g. 0.0.0.0)
 * @param listenPort TCP port to listen on (179); 0 = no listener (peers can still be active)
 * @param connectRetryInitial first delay before reconnecting after a failed connect or a session drop
 * @param connectRetryMax cap of the doubling delay
 */
public record SpeakerConfig(long localAs, Inet4Address routerId, InetAddress listenAddress, int listenPort,
        Duration connectRetryInitial, Duration connectRetryMax) {

    /** The IANA BGP port. */
    public static final int BGP_PORT = 179;

    public SpeakerConfig {
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(listenAddress, "listenAddress");
        Objects.requireNonNull(connectRetryInitial, "connectRetryInitial");
        Objects.requireNonNull(connectRetryMax, "connectRetryMax");
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

    /** Defaults: listen on 0.0.0.0:179, reconnect after 1 s doubling up to 60 s. */
    public static SpeakerConfig of(long localAs, Inet4Address routerId) {
        return new SpeakerConfig(localAs, routerId, anyIpv4(), BGP_PORT, Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    /** This config with another listen address and port. */
    public SpeakerConfig withListen(InetAddress address, int port) {
        return new SpeakerConfig(localAs, routerId, address, port, connectRetryInitial, connectRetryMax);
    }

    /** This config with other reconnect delays. */
    public SpeakerConfig withConnectRetry(Duration initial, Duration max) {
        return new SpeakerConfig(localAs, routerId, listenAddress, listenPort, initial, max);
    }

    private static InetAddress anyIpv4() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
