package dev.weft.common.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Parsing and conversion of IP address literals without DNS lookups.
 *
 * <p>{@link InetAddress#getByName(String)} would resolve host names; these helpers accept only
 * numeric literals (dotted-quad IPv4, RFC 5952 / RFC 4291 IPv6 text).
 */
public final class IpAddresses {
    private IpAddresses() {}

    /**
     * Parses an IPv4 or IPv6 literal.
     *
     * @throws IllegalArgumentException if {@code text} is not a numeric IP literal
     */
    public static InetAddress parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("empty IP address");
        }
        String s = text.trim();
        if (s.indexOf(':') >= 0) {
            if (!s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                throw new IllegalArgumentException("invalid IPv6 address '" + text + "'");
            }
            try {
                return InetAddress.getByName(s);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("invalid IPv6 address '" + text + "'", e);
            }
        }
        return parseIpv4(s);
    }

    /**
     * Parses a dotted-quad IPv4 literal ({@code a.b.c.d}, each 0–255, no leading '+').
     *
     * @throws IllegalArgumentException if {@code text} is not one
     */
    public static Inet4Address parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("invalid IPv4 address '" + text + "'");
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("invalid IPv4 address '" + text + "'");
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                throw new IllegalArgumentException("invalid IPv4 address '" + text + "'");
            }
            b[i] = (byte) v;
        }
        return fromIpv4Int(toInt(b));
    }

    /**
     * The address as tools print it: dotted quad for IPv4, the RFC 5952 canonical text for IPv6
     * (lower case, no leading zeros, the longest run of two or more zero groups compressed to
     * {@code ::}, the first one on a tie; §4.2). {@link InetAddress#getHostAddress()} never
     * compresses, so its IPv6 text does not compare with the kernel's or the CNI reference
     * plugins'.
     */
    public static String toText(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    /** The IPv4 address as an unsigned 32-bit value in an int (network byte order). */
    public static int toInt(Inet4Address address) {
        return toInt(address.getAddress());
    }

    private static int toInt(byte[] b) {
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    /** The IPv4 address for a 32-bit value (network byte order). */
    public static Inet4Address fromIpv4Int(int value) {
        byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
