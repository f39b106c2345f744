package dev.weft.netlink;

import java.net.InetAddress;
import java.util.Objects;

/**
 * An address assigned to an interface (RTM_GETADDR), e.g. {@code 10.244.1.7/32} on {@code eth0}.
 *
 * @param index ifindex of the interface
 * @param address the local address (IFA_LOCAL for IPv4, IFA_ADDRESS for IPv6)
 * @param prefixLength ifa_prefixlen in bits
 */
public record LinkAddress(int index, InetAddress address, int prefixLength) {
    public LinkAddress {
        Objects.requireNonNull(address, "address");
    }
}
