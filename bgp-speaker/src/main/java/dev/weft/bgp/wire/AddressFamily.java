package dev.weft.bgp.wire;

import java.util.Locale;

/**
 * An address family: AFI (RFC 4760 §3, IANA "Address Family Numbers") and SAFI (IANA
 * "Subsequent Address Family Identifiers"). An open registry: any pair can be held, the two
 * this speaker carries have constants.
 *
 * <pre>
 * | AFI (2 octets) | SAFI (1 octet) |      1 = IPv4, 2 = IPv6; SAFI 1 = unicast
 * </pre>
 *
 * @param afi address family identifier, 0–65535
 * @param safi subsequent address family identifier, 0–255
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4760#section-3">RFC 4760 §3</a>
 */
public record AddressFamily(int afi, int safi) {
    /** AFI of IPv4. */
    public static final int AFI_IPV4 = 1;
    /** AFI of IPv6. */
    public static final int AFI_IPV6 = 2;
    /** SAFI of unicast forwarding. */
    public static final int SAFI_UNICAST = 1;

    /** IPv4 unicast (1, 1): the family of the base UPDATE's NLRI and withdrawn fields. */
    public static final AddressFamily IPV4_UNICAST = new AddressFamily(AFI_IPV4, SAFI_UNICAST);
    /** IPv6 unicast (2, 1). */
    public static final AddressFamily IPV6_UNICAST = new AddressFamily(AFI_IPV6, SAFI_UNICAST);

    public AddressFamily {
        if (afi < 0 || afi > 0xffff || safi < 0 || safi > 0xff) {
            throw new IllegalArgumentException("AFI/SAFI out of range: " + afi + "/" + safi);
        }
    }

    /** The family for a wire AFI/SAFI pair (the constants for the known ones). */
    public static AddressFamily valueOf(int afi, int safi) {
        if (safi == SAFI_UNICAST && afi == AFI_IPV4) {
            return IPV4_UNICAST;
        }
        if (safi == SAFI_UNICAST && afi == AFI_IPV6) {
            return IPV6_UNICAST;
        }
        return new AddressFamily(afi, safi);
    }

    /**
     * Parses the text {@link #toString()} prints: "ipv4-unicast", "ipv6-unicast" (any case) or
     * "afi-SAFI" numbers such as "2-128".
     *
     * @throws IllegalArgumentException for any other text
     */
    public static AddressFamily valueOf(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("ipv4-unicast")) {
            return IPV4_UNICAST;
        }
        if (s.equals("ipv6-unicast")) {
            return IPV6_UNICAST;
        }
        int dash = s.indexOf('-');
        try {
            if (dash > 0) {
                return valueOf(Integer.parseInt(s.substring(0, dash)), Integer.parseInt(s.substring(dash + 1)));
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("unknown address family '" + text + "'");
    }

    /** True for IPv4 unicast and IPv6 unicast, the families whose NLRI are plain prefixes this codec decodes. */
    public boolean isSupported() {
        return equals(IPV4_UNICAST) || equals(IPV6_UNICAST);
    }

    /** Address length in octets (4 or 16) of a supported family's prefixes and next hops. */
    public int addressLength() {
        return afi == AFI_IPV6 ? 16 : 4;
    }

    /** "ipv4-unicast", "ipv6-unicast", or "AFI-SAFI" numbers for other families. */
    @Override
    public String toString() {
        if (equals(IPV4_UNICAST)) {
            return "ipv4-unicast";
        }
        if (equals(IPV6_UNICAST)) {
            return "ipv6-unicast";
        }
        return afi + "-" + safi;
    }
}
