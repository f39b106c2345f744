package dev.weft.it.bgp.matrix;

import java.util.Optional;

/**
 * How one daemon is configured to peer with Weft.
 *
 * @param family transport and NLRI family of the session
 * @param daemonAs the daemon's AS
 * @param weftAs Weft's AS (different: eBGP)
 * @param holdTime hold time in seconds the daemon proposes (keepalive a third of it)
 * @param md5 TCP MD5 password (RFC 2385) the daemon uses, if any
 * @param gracefulRestart whether the daemon advertises Graceful Restart (RFC 4724) and keeps a
 *     restarting Weft's routes
 */
record PeerSetup(Family family, long daemonAs, long weftAs, int holdTime, Optional<String> md5, boolean gracefulRestart) {
    static final long DAEMON_AS = 65000;
    static final long WEFT_AS = 65010;

    static PeerSetup of(Family family) {
        return new PeerSetup(family, DAEMON_AS, WEFT_AS, 9, Optional.empty(), false);
    }

    PeerSetup withHoldTime(int seconds) {
        return new PeerSetup(family, daemonAs, weftAs, seconds, md5, gracefulRestart);
    }

    PeerSetup withMd5(String password) {
        return new PeerSetup(family, daemonAs, weftAs, holdTime, Optional.of(password), gracefulRestart);
    }

    PeerSetup withGracefulRestart() {
        return new PeerSetup(family, daemonAs, weftAs, holdTime, md5, true);
    }

    /** The daemon's BGP Identifier. */
    String daemonRouterId() {
        return "10.252.0.1";
    }

    int keepalive() {
        return Math.max(1, holdTime / 3);
    }
}
