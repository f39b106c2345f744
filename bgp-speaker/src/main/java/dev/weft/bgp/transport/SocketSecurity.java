package dev.weft.bgp.transport;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Socket-level settings of one peer's connections (see {@link BgpTransport}).
 *
 * @param md5Password TCP MD5 key (RFC 2385), 1–80 octets of UTF-8; never logged
 * @param ttlSecurity GTSM (RFC 5082): TTL 255 out, at least 254 in
 * @param ttl TTL/hop limit of our packets when not GTSM, 1–255; 0 = the system default
 * @param tcpUserTimeoutMillis TCP_USER_TIMEOUT in milliseconds; 0 = none
 */
public record SocketSecurity(Optional<String> md5Password, boolean ttlSecurity, int ttl, int tcpUserTimeoutMillis) {
    /** Nothing set. */
    public static final SocketSecurity NONE = new SocketSecurity(Optional.empty(), false, 0, 0);

    public SocketSecurity {
        Objects.requireNonNull(md5Password, "md5Password");
        md5Password.ifPresent(p -> {
            int n = p.getBytes(StandardCharsets.UTF_8).length;
            if (n < 1 || n > 80) {
                throw new IllegalArgumentException("TCP MD5 key must be 1-80 octets");
            }
        });
        if (ttl < 0 || ttl > 255 || tcpUserTimeoutMillis < 0) {
            throw new IllegalArgumentException("TTL must be 0-255 and the user timeout >= 0");
        }
    }

    /** The password redacted. */
    @Override
    public String toString() {
        return "SocketSecurity[md5=" + (md5Password.isPresent() ? "***" : "none") + ", ttlSecurity=" + ttlSecurity
                + ", ttl=" + ttl + ", tcpUserTimeoutMillis=" + tcpUserTimeoutMillis + "]";
    }
}
