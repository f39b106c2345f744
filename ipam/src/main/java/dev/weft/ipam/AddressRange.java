package dev.weft.ipam;

import dev.weft.common.net.IpPrefix;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The allocatable addresses of one Pod CIDR as an inclusive range of integers, with the
 * reserved addresses described in the package documentation removed from its ends.
 */
final class AddressRange {
    final IpPrefix cidr;
    final BigInteger first;
    final BigInteger last;
    private final int byteLength;

    private AddressRange(IpPrefix cidr, BigInteger first, BigInteger last) {
        this.cidr = cidr;
        this.first = first;
        this.last = last;
        this.byteLength = cidr.address().getAddress().length;
    }

    /** The range of {@code cidr}, optionally keeping its first host address out. */
    static AddressRange of(IpPrefix cidr, boolean reserveFirstHost) {
        int bits = cidr.address().getAddress().length * 8;
        BigInteger network = new BigInteger(1, cidr.address().getAddress());
        BigInteger size = BigInteger.ONE.shiftLeft(bits - cidr.length());
        BigInteger first = network;
        BigInteger last = network.add(size).subtract(BigInteger.ONE);
        boolean smallNet = cidr.length() >= bits - 1; // /31,/32 or /127,/128: nothing reserved
        if (!smallNet) {
            first = first.add(BigInteger.ONE); // network (IPv4) / subnet-router anycast (IPv6)
            if (cidr.isIpv4()) {
                last = last.subtract(BigInteger.ONE); // broadcast
            }
            if (reserveFirstHost && first.compareTo(last) < 0) {
                first = first.add(BigInteger.ONE);
            }
        }
        return new AddressRange(cidr, first, last);
    }

    boolean contains(BigInteger v) {
        return v.compareTo(first) >= 0 && v.compareTo(last) <= 0;
    }

    BigInteger size() {
        return last.subtract(first).add(BigInteger.ONE);
    }

    static BigInteger toBig(InetAddress a) {
        return new BigInteger(1, a.getAddress());
    }

    InetAddress toAddress(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[byteLength];
        int n = Math.min(raw.length, byteLength);
        System.arraycopy(raw, raw.length - n, out, byteLength - n, n);
        try {
            return InetAddress.getByAddress(out);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
