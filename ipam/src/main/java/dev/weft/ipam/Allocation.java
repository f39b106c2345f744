package dev.weft.ipam;

import java.util.List;

/**
 * The result of {@link Ipam#allocate(LeaseOwner)}.
 *
 * @param leases one lease per address family of the Pod CIDRs, IPv4 first
 * @param existing true if the owner already held these leases (idempotent ADD), false if they
 *     were allocated by this call
 */
public record Allocation(List<Lease> leases, boolean existing) {
    public Allocation {
        leases = List.copyOf(leases);
    }
}
