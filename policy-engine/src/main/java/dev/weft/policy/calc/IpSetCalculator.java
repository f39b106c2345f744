package dev.weft.policy.calc;

import dev.weft.common.net.IpPrefix;
import dev.weft.model.ipset.IpSet;
import dev.weft.model.ipset.IpSetId;
import dev.weft.model.ipset.IpSetMember;
import dev.weft.model.ipset.IpSetType;
import dev.weft.model.ipset.Protocol;
import dev.weft.policy.calc.ValidPolicy.BlockPeer;
import dev.weft.policy.input.ContainerPort;
import dev.weft.policy.input.PodInfo;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Computes IP sets on demand, once per definition: the set's id is the hash of its definition
 * text, so every rule that needs "Pods of namespace x with pod=a" shares one set.
 *
 * <p>Definitions: {@code pods <scope>} ({@code hash:ip} of the scope's Pod addresses);
 * {@code net <cidr> except <e1>,<e2>} ({@code hash:net}, excepts as {@code nomatch});
 * {@code namedport <PROTO>/<name> of <scope>} ({@code hash:ip,port} of each scope Pod's address
 * with the number that Pod gives the name for that protocol).
 */
final class IpSetCalculator {
    private final ClusterIndex cluster;
    private final Map<String, IpSet> byDefinition = new HashMap<>();

    IpSetCalculator(ClusterIndex cluster) {
        this.cluster = cluster;
    }

    /** The {@code hash:ip} set of every address of every Pod in {@code scope}. */
    IpSetId pods(PodScope scope) {
        return byDefinition.computeIfAbsent("pods " + scope.definition(), def -> {
            List<IpSetMember> members = new ArrayList<>();
            for (PodInfo pod : cluster.podsIn(scope)) {
                for (InetAddress ip : cluster.addresses(pod.ref())) {
                    members.add(new IpSetMember.Address(ip));
                }
            }
            return IpSet.of(IpSetType.HASH_IP, def, members);
        }).id();
    }

    /**
     * The {@code hash:net} set of an ipBlock: {@code cidr} (a /0 split into two /1, which the kernel
     * accepts) and each {@code except} as a {@code nomatch} entry, which wins because it is more specific.
     */
    IpSetId block(BlockPeer block) {
        String def = "net " + block.cidr() + (block.except().isEmpty() ? ""
                : " except " + block.except().stream().map(IpPrefix::toString).collect(Collectors.joining(",")));
        return byDefinition.computeIfAbsent(def, d -> {
            List<IpSetMember> members = new ArrayList<>();
            if (block.cidr().length() == 0) {
                members.add(new IpSetMember.Net(IpPrefix.of(block.cidr().address(), 1), false));
                members.add(new IpSetMember.Net(halfAbove(block.cidr().address()), false));
            } else {
                members.add(new IpSetMember.Net(block.cidr(), false));
            }
            for (IpPrefix e : block.except()) {
                members.add(new IpSetMember.Net(e, true));
            }
            return IpSet.of(IpSetType.HASH_NET, d, members);
        }).id();
    }

    /**
     * The {@code hash:ip,port} set resolving named port {@code name}/{@code protocol} on every Pod of
     * {@code scope}: a Pod contributes (address, protocol, number) for each container port with that
     * name and protocol; Pods without such a port contribute nothing.
     */
    IpSetId namedPort(PodScope scope, Protocol protocol, String name) {
        return byDefinition.computeIfAbsent("namedport " + protocol + "/" + name + " of " + scope.definition(), def -> {
            List<IpSetMember> members = new ArrayList<>();
            for (PodInfo pod : cluster.podsIn(scope)) {
                for (ContainerPort cp : pod.containerPorts()) {
                    String cpProtocol = cp.protocol() == null ? "TCP" : cp.protocol();
                    if (name.equals(cp.name()) && protocol.name().equals(cpProtocol) && cp.port() >= 1 && cp.port() <= 65535) {
                        for (InetAddress ip : cluster.addresses(pod.ref())) {
                            members.add(new IpSetMember.AddressPort(ip, protocol, cp.port()));
                        }
                    }
                }
            }
            return IpSet.of(IpSetType.HASH_IP_PORT, def, members);
        }).id();
    }

    /** Every set computed so far. */
    Collection<IpSet> sets() {
        return byDefinition.values();
    }

    private static IpPrefix halfAbove(InetAddress zero) {
        byte[] b = zero.getAddress();
        b[0] = (byte) 0x80;
        try {
            return IpPrefix.of(InetAddress.getByAddress(b), 1);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
