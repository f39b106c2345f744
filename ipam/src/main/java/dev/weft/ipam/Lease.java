package dev.weft.ipam;

import dev.weft.common.net.IpPrefix;
import java.net.InetAddress;
import java.util.Objects;

/**
 * One leased address.
 *
 * @param address the Pod address (IPv4 or IPv6)
 * @param cidr the Pod CIDR it was allocated from (contains {@code address})
 * @param owner the attachment holding it
 */
public record Lease(InetAddress address, IpPrefix cidr, LeaseOwner owner) {
    public Lease {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(cidr, "cidr");
        Objects.requireNonNull(owner, "owner");
        if (!cidr.contains(address)) {
            throw new IllegalArgumentException(address.getHostAddress() + " is not in " + cidr);
        }
    }

    /** The address as a host prefix ({@code /32} or {@code /128}), as the Pod's eth0 carries it. */
    public IpPrefix hostPrefix() {
        return IpPrefix.host(address);
    }
}
