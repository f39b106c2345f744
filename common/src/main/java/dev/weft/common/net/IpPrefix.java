package dev.weft.common.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An IPv4 or IPv6 prefix (CIDR block): a network address and a prefix length.
 *
 * <p>Always canonical: host bits below the prefix length are zero, so {@code 10.0.0.1/24} is
 * normalised to {@code 10.0.0.0/24} by {@link #of(InetAddress, int)}; {@link #parse(String)} is
 * strict and rejects host bits unless {@link #parseLenient(String)} is used. Ordered by family
 * (IPv4 first), then address bytes, then length.
 *
 * @param address the network address (IPv4 or IPv6), host bits zero
 * @param length prefix length in bits: 0–32 for IPv4, 0–128 for IPv6
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4632">RFC 4632 (CIDR)</a>
 */
public record IpPrefix(InetAddress address, int length) implements Comparable<IpPrefix> {

    public IpPrefix {
        Objects.requireNonNull(address, "address");
        int max = address.getAddress().length * 8;
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("prefix length " + length + " out of range 0-" + max);
        }
        byte[] masked = mask(address.getAddress(), length);
        if (!Arrays.equals(masked, address.getAddress())) {
            throw new IllegalArgumentException(
                    "host bits set in " + address.getHostAddress() + "/" + length);
        }
    }

    /** The prefix containing {@code address} with the given length (host bits cleared). */
    public static IpPrefix of(InetAddress address, int length) {
        int max = address.getAddress().length * 8;
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("prefix length " + length + " out of range 0-" + max);
        }
        return new IpPrefix(fromBytes(mask(address.getAddress(), length)), length);
    }

    /** The host prefix of one address: /32 for IPv4, /128 for IPv6. */
    public static IpPrefix host(InetAddress address) {
        return new IpPrefix(address, address.getAddress().length * 8);
    }

    /**
     * Parses {@code a.b.c.d/len} or {@code x::y/len}; a bare address is a host prefix.
     *
     * @throws IllegalArgumentException if the text is not an IP literal with a valid length, or
     *     has host bits set
     */
    public static IpPrefix parse(String text) {
        return parse(text, false);
    }

    /** Like {@link #parse(String)} but clears host bits instead of rejecting them. */
    public static IpPrefix parseLenient(String text) {
        return parse(text, true);
    }

    private static IpPrefix parse(String text, boolean lenient) {
        Objects.requireNonNull(text, "text");
        String s = text.trim();
        int slash = s.indexOf('/');
        InetAddress addr = IpAddresses.parse(slash < 0 ? s : s.substring(0, slash));
        int max = addr.getAddress().length * 8;
        int len;
        if (slash < 0) {
            len = max;
        } else {
            String l = s.substring(slash + 1);
            if (l.isEmpty() || l.length() > 3 || !l.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("invalid prefix length in '" + text + "'");
            }
            len = Integer.parseInt(l);
        }
        if (len > max) {
            throw new IllegalArgumentException("prefix length " + len + " out of range 0-" + max + " in '" + text + "'");
        }
        return lenient ? of(addr, len) : new IpPrefix(addr, len);
    }

    /** True for an IPv4 prefix. */
    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    /** True for an IPv6 prefix. */
    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    /** True if {@code ip} (of the same family) lies inside this prefix. */
    public boolean contains(InetAddress ip) {
        byte[] b = ip.getAddress();
        return b.length == address.getAddress().length && Arrays.equals(mask(b, length), address.getAddress());
    }

    /** True if {@code other} (of the same family) lies wholly inside this prefix. */
    public boolean contains(IpPrefix other) {
        return other.length >= length && contains(other.address);
    }

    /** Number of bytes needed to carry the prefix bits on the wire: ceil(length / 8) (RFC 4271 §4.3). */
    public int wireLength() {
        return (length + 7) / 8;
    }

    @Override
    public int compareTo(IpPrefix o) {
        byte[] a = address.getAddress();
        byte[] b = o.address.getAddress();
        if (a.length != b.length) {
            return Integer.compare(a.length, b.length);
        }
        int c = Arrays.compareUnsigned(a, b);
        return c != 0 ? c : Integer.compare(length, o.length);
    }

    /** {@code address/length} with the address as {@link IpAddresses#toText} prints it (RFC 5952 for IPv6). */
    @Override
    public String toString() {
        return IpAddresses.toText(address) + "/" + length;
    }

    static byte[] mask(byte[] bytes, int length) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int bitsHere = Math.max(0, Math.min(8, length - i * 8));
            out[i] &= (byte) (0xff << (8 - bitsHere));
        }
        return out;
    }

    private static InetAddress fromBytes(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
