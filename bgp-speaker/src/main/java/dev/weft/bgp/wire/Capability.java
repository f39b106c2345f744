package dev.weft.bgp.wire;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A capability advertised in an OPEN's Capabilities optional parameter (RFC 5492 §4):
 * one-octet code, one-octet length, value.
 */
public sealed interface Capability
        permits Capability.Multiprotocol, Capability.RouteRefresh, Capability.FourOctetAs, Capability.Unknown {

    /** Multiprotocol Extensions capability code (RFC 4760 §8). */
    int MULTIPROTOCOL = 1;
    /** Route Refresh capability code (RFC 2918 §2). */
    int ROUTE_REFRESH = 2;
    /** Support for 4-octet AS number capability code (RFC 6793 §3). */
    int FOUR_OCTET_AS = 65;

    /** The capability code. */
    int code();

    /**
     * Multiprotocol Extensions (RFC 4760 §8): AFI (2 octets), reserved (1), SAFI (1).
     *
     * @param afi address family (1 = IPv4, 2 = IPv6)
     * @param safi subsequent address family (1 = unicast)
     */
    record Multiprotocol(int afi, int safi) implements Capability {
        /** IPv4 unicast, the only family this speaker carries. */
        public static final Multiprotocol IPV4_UNICAST = new Multiprotocol(1, 1);

        public Multiprotocol {
            if (afi < 0 || afi > 0xffff || safi < 0 || safi > 0xff) {
                throw new IllegalArgumentException("AFI/SAFI out of range: " + afi + "/" + safi);
            }
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
