package dev.weft.bgp.wire;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A capability advertised in an OPEN's Capabilities optional parameter (RFC 5492 §4):
 * one-octet code, one-octet length, value. Encoded and decoded by {@link CapabilityCodec}.
 *
 * <pre>
 * | Capability Code (1) | Capability Length (1) | Capability Value (variable) |
 * </pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5492#section-4">RFC 5492 §4</a>
 */
public sealed interface Capability permits Capability.MultiProtocol,
        Capability.RouteRefresh, Capability.EnhancedRouteRefresh, Capability.ExtendedMessage,
        Capability.GracefulRestart, Capability.FourOctetAs, Capability.Role, Capability.Unknown {

    /** Multiprotocol Extensions capability code (RFC 4760 §8). */
    int MULTIPROTOCOL = 1;
    /** Route Refresh capability code (RFC 2918 §2). */
    int ROUTE_REFRESH = 2;
    /** Extended Message capability code (RFC 8654 §3). */
    int EXTENDED_MESSAGE = 6;
    /** BGP Role capability code (RFC 9234 §4.1). */
    int ROLE = 9;
    /** Graceful Restart capability code (RFC 4724 §3). */
    int GRACEFUL_RESTART = 64;
    /** Support for 4-octet AS number capability code (RFC 6793 §3). */
    int FOUR_OCTET_AS = 65;
    /** Enhanced Route Refresh capability code (RFC 7313 §3). */
    int ENHANCED_ROUTE_REFRESH = 70;

    /** The capability code. */
    int code();

    /**
     * Multiprotocol Extensions (RFC 4760 §8): one address family the sender carries.
     *
     * <pre>
     * | AFI (2) | Reserved (1) = 0 | SAFI (1) |
     * </pre>
     *
     * @param family the address family
     */
    record MultiProtocol(AddressFamily family) implements Capability {
        /** IPv4 unicast. */
        public static final MultiProtocol IPV4_UNICAST = new MultiProtocol(AddressFamily.IPV4_UNICAST);
        /** IPv6 unicast. */
        public static final MultiProtocol IPV6_UNICAST = new MultiProtocol(AddressFamily.IPV6_UNICAST);

        public MultiProtocol {
            Objects.requireNonNull(family, "family");
        }

        @Override
        public int code() {
            return MULTIPROTOCOL;
        }
    }

    /** Route Refresh (RFC 2918 §2), empty value. */
    record RouteRefresh() implements Capability {
        /** The only value needed. */
        public static final RouteRefresh INSTANCE = new RouteRefresh();

        @Override
        public int code() {
            return ROUTE_REFRESH;
        }
    }

    /** Enhanced Route Refresh (RFC 7313 §3), empty value: BoRR/EoRR route refresh subtypes. */
    record EnhancedRouteRefresh() implements Capability {
        /** The only value needed. */
        public static final EnhancedRouteRefresh INSTANCE = new EnhancedRouteRefresh();

        @Override
        public int code() {
            return ENHANCED_ROUTE_REFRESH;
        }
    }

    /** Extended Message (RFC 8654 §3), empty value: messages up to 65535 octets once both sides send it. */
    record ExtendedMessage() implements Capability {
        /** The only value needed. */
        public static final ExtendedMessage INSTANCE = new ExtendedMessage();

        @Override
        public int code() {
            return EXTENDED_MESSAGE;
        }
    }

    /**
     * Graceful Restart (RFC 4724 §3), with the Notification bit of RFC 8538 §2.
     *
     * <pre>
     * | R | N | res (2 bits) | Restart Time in seconds (12 bits) |
     * | AFI (2) | SAFI (1) | Flags for Address Family (1): F = 0x80 | ... repeated
     * </pre>
     * R (0x8 of the first nibble) = restart state; N (0x4, RFC 8538 §2) = the sender supports
     * Graceful Restart for BGP NOTIFICATION messages and Hard Reset; the reserved bits are ignored
     * on receipt and sent as zero.
     *
     * @param restartState the sender has restarted (R bit)
     * @param restartTimeSeconds restart time, 0–4095 seconds
     * @param families the families the sender preserves state for, with their F bit
     * @param notification the N bit (RFC 8538 §2); in effect on a session only when both sides set it
     */
    record GracefulRestart(boolean restartState, int restartTimeSeconds, List<Family> families, boolean notification)
            implements Capability {
        /** Largest restart time (12 bits). */
        public static final int MAX_RESTART_TIME = 4095;

        public GracefulRestart {
            families = List.copyOf(families);
            if (restartTimeSeconds < 0 || restartTimeSeconds > MAX_RESTART_TIME) {
                throw new IllegalArgumentException("restart time out of range 0-4095: " + restartTimeSeconds);
            }
        }

        /** Without the N bit (RFC 4724 only). */
        public GracefulRestart(boolean restartState, int restartTimeSeconds, List<Family> families) {
            this(restartState, restartTimeSeconds, families, false);
        }

        @Override
        public int code() {
            return GRACEFUL_RESTART;
        }

        /**
         * One address family of the Graceful Restart capability.
         *
         * @param family the address family
         * @param forwardingPreserved the F bit: forwarding state was kept across the restart
         */
        public record Family(AddressFamily family, boolean forwardingPreserved) {
            public Family {
                Objects.requireNonNull(family, "family");
            }
        }
    }

    /**
     * BGP Role (RFC 9234 §4.1): one octet, the sender's role on this session.
     *
     * @param role 0 Provider, 1 Route Server, 2 Route Server Client, 3 Customer, 4 Peer (0–255 held)
     */
    record Role(int role) implements Capability {
        /** Provider. */
        public static final int PROVIDER = 0;
        /** Route Server. */
        public static final int ROUTE_SERVER = 1;
        /** Route Server Client. */
        public static final int ROUTE_SERVER_CLIENT = 2;
        /** Customer. */
        public static final int CUSTOMER = 3;
        /** Peer (lateral peer). */
        public static final int PEER = 4;

        public Role {
            if (role < 0 || role > 255) {
                throw new IllegalArgumentException("role out of range: " + role);
            }
        }

        @Override
        public int code() {
            return ROLE;
        }
    }

    /**
     * Support for 4-octet AS numbers (RFC 6793 §3): the speaker's real AS number.
     *
     * @param asn the AS number, 0–4294967295
     */
    record FourOctetAs(long asn) implements Capability {
        public FourOctetAs {
            if (asn < 0 || asn > 0xffffffffL) {
                throw new IllegalArgumentException("AS number out of range: " + asn);
            }
        }

        @Override
        public int code() {
            return FOUR_OCTET_AS;
        }
    }

    /**
     * A capability this speaker does not interpret; kept as bytes (RFC 5492 §3: ignored).
     *
     * @param code capability code
     * @param value capability value (copied)
     */
    record Unknown(int code, byte[] value) implements Capability {
        public Unknown {
            if (code < 0 || code > 255 || value.length > 255) {
                throw new IllegalArgumentException("capability code or length out of range");
            }
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown u && u.code == code && Arrays.equals(u.value, value);
        }

        @Override
        public int hashCode() {
            return code * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Unknown[code=" + code + ", value=" + HexFormat.of().formatHex(value) + "]";
        }
    }
}
