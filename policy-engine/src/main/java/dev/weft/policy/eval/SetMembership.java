package dev.weft.policy.eval;

import dev.weft.model.ipset.IpSet;
import dev.weft.model.ipset.IpSetId;
import dev.weft.model.ipset.IpSetMember;
import dev.weft.model.ipset.Protocol;
import java.net.InetAddress;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Membership tests over desired IP sets with the kernel's semantics: {@code hash:ip} exact address,
 * {@code hash:net} most specific containing prefix decides (a {@code nomatch} one means "not in the
 * set"), {@code hash:ip,port} exact (address, protocol, port).
 */
final class SetMembership {
    private final Map<IpSetId, Set<InetAddress>> addresses = new HashMap<>();
    private final Map<IpSetId, List<IpSetMember.Net>> nets = new HashMap<>();
    private final Map<IpSetId, Set<IpSetMember.AddressPort>> addressPorts = new HashMap<>();

    SetMembership(Collection<IpSet> sets) {
        for (IpSet set : sets) {
            switch (set.type()) {
                case HASH_IP -> {
                    Set<InetAddress> s = new HashSet<>();
                    set.members().forEach(m -> s.add(((IpSetMember.Address) m).address()));
                    addresses.put(set.id(), s);
                }
                case HASH_NET -> nets.put(set.id(), set.members().stream().map(m -> (IpSetMember.Net) m)
                        .sorted(Comparator.comparingInt((IpSetMember.Net n) -> n.prefix().length()).reversed()).toList());
                case HASH_IP_PORT -> {
                    Set<IpSetMember.AddressPort> s = new HashSet<>();
                    set.members().forEach(m -> s.add((IpSetMember.AddressPort) m));
                    addressPorts.put(set.id(), s);
                }
            }
        }
    }

    /** Address membership in a {@code hash:ip} or {@code hash:net} set. */
    boolean contains(IpSetId id, InetAddress ip) {
        Set<InetAddress> s = addresses.get(id);
        if (s != null) {
            return s.contains(ip);
        }
        List<IpSetMember.Net> n = nets.get(id);
        if (n == null) {
            throw new IllegalStateException("no address set " + id);
        }
        for (IpSetMember.Net net : n) {
            if (net.prefix().contains(ip)) {
                return !net.nomatch();
            }
        }
        return false;
    }

    /** Membership of (address, protocol, port) in a {@code hash:ip,port} set. */
    boolean contains(IpSetId id, InetAddress ip, Protocol protocol, int port) {
        Set<IpSetMember.AddressPort> s = addressPorts.get(id);
        if (s == null) {
            throw new IllegalStateException("no hash:ip,port set " + id);
        }
        return port >= 1 && port <= 65535 && s.contains(new IpSetMember.AddressPort(ip, protocol, port));
    }
}
