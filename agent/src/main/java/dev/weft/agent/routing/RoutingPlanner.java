package dev.weft.agent.routing;

import dev.weft.agent.crd.ImportFilter;
import dev.weft.agent.datastore.BgpConfigurationSpec;
import dev.weft.agent.datastore.BgpPeerSpec;
import dev.weft.agent.datastore.ClusterState;
import dev.weft.agent.datastore.NodeInfo;
import dev.weft.bgp.policy.Policy;
import dev.weft.bgp.policy.PrefixList;
import dev.weft.bgp.server.BgpRole;
import dev.weft.bgp.server.PeerConfig;
import dev.weft.common.net.IpPrefix;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pure calculation: from a {@link ClusterState} to this node's {@link NodeRouting}. No I/O.
 *
 * <p>Rules (as a Calico operator expects): BGPPeers apply to the node named in {@code node}, or
 * to nodes matching {@code nodeSelector}, or to every node when neither is set; a peer whose
 * address is this node's own InternalIP is skipped; with {@code nodeToNodeMeshEnabled} every
 * other node with an InternalIP becomes a peer too (with that node's AS). Announced prefixes are
 * the node's Pod CIDRs, IPv4 and IPv6 ({@code spec.podCIDRs} may be dual-stack; IPv6 goes out in
 * MP_REACH_NLRI, RFC 4760).
 *
 * <p>BGPPeer fields map onto the speaker's {@link PeerConfig}: {@code password} (from its Secret)
 * → TCP MD5 key (RFC 2385); {@code gracefulRestart}/{@code restartTime} → the Graceful Restart
 * capability and its Restart Time (RFC 4724 §3), not advertised when off; {@code ebgpMultihop}
 * → the TTL of our packets; {@code sourceAddress} → the session's local address;
 * {@code maxPrefixes}/{@code maxPrefixesRestartTime} → the peer's max-prefix limit (RFC 4486
 * CEASE 6/1) and its automatic restart; {@code role}/{@code strictRole} → the BGP Role of the
 * session and strict mode (RFC 9234: Role capability, 2/11 Role Mismatch, Only-to-Customer).
 *
 * <p>Policy (RFC 8212: an eBGP session carries nothing without one; every peer gets an explicit
 * one): export only the node's own Pod CIDRs ({@link Policy#agentExportDefault} — a node is never
 * a transit). Import: a BGPPeer's {@code importFilter} when set ({@link ImportPolicies}: rules in
 * order, first match decides, no match rejects); otherwise, and for node-to-node mesh peers,
 * every IPv4 and IPv6 prefix ({@link Policy#agentImportDefault}). Either way the node's own Pod
 * CIDRs and anything inside them are rejected: a route must never pull the node's own Pods
 * elsewhere. ECMP: BGPConfiguration {@code maxPaths} (default {@value #DEFAULT_MAX_PATHS})
 * equal-cost next hops per prefix become one multipath kernel route.
 */
public final class RoutingPlanner {
    /** Hold time of node-to-node mesh sessions, seconds (RFC 4271 §10 suggests 90). */
    static final int DEFAULT_HOLD_TIME = 90;
    /** ECMP width: next hops per multipath kernel route (as a typical pair or quad of ToRs needs). */
    static final int DEFAULT_MAX_PATHS = 8;

    private RoutingPlanner() {}

    /**
     * @return the plan, or empty (with a reason in {@code why}) when this node is not in the
     *     datastore or has no IPv4 InternalIP to use as router ID
     */
    public static Optional<NodeRouting> plan(String nodeName, ClusterState state, StringBuilder why) {
        NodeInfo self = state.nodes().get(nodeName);
        if (self == null) {
            why.append("Node ").append(nodeName).append(" not found in the datastore");
            return Optional.empty();
        }
        if (self.internalIp().isEmpty() || !(self.internalIp().get() instanceof Inet4Address routerId)) {
            why.append("Node ").append(nodeName).append(" has no IPv4 InternalIP (status.addresses) for the BGP router ID");
            return Optional.empty();
        }
        Optional<BgpConfigurationSpec> cfg = state.defaultBgpConfiguration();
        long defaultAs = cfg.flatMap(BgpConfigurationSpec::asNumber).orElse(BgpConfigurationSpec.DEFAULT_AS);
        long localAs = self.asNumber().orElse(defaultAs);
        int port = cfg.flatMap(BgpConfigurationSpec::listenPort).orElse(BgpConfigurationSpec.DEFAULT_PORT);

        Map<InetAddress, PeerConfig> peers = new LinkedHashMap<>();
        Map<InetAddress, Optional<ImportFilter>> filters = new HashMap<>();
        if (cfg.map(BgpConfigurationSpec::nodeToNodeMeshEnabled).orElse(false)) {
            state.nodes().values().stream()
                    .filter(n -> !n.name().equals(nodeName) && n.internalIp().isPresent())
                    .sorted((a, b) -> a.name().compareTo(b.name()))
                    .forEach(n -> peers.put(n.internalIp().get(), new PeerConfig(
                            n.internalIp().get(), n.asNumber().orElse(defaultAs), port, Optional.empty(),
                            DEFAULT_HOLD_TIME, DEFAULT_HOLD_TIME / 3, false)));
        }
        state.bgpPeers().values().stream()
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .filter(p -> p.appliesTo(self) && !p.peerIp().equals(routerId))
                .forEach(p -> {
                    peers.put(p.peerIp(), peerConfig(p));
                    filters.put(p.peerIp(), p.importFilter());
                });

        Set<IpPrefix> originated = new HashSet<>();
        originated.addAll(self.podCidrs());
        // sorted: equal plans give equal policies (a changed PeerConfig resets the session)
        Optional<Policy> exportPolicy = Optional.of(Policy.agentExportDefault(originated.stream().sorted().toList()));
        peers.replaceAll((ip, c) -> c.withPolicies(Optional.of(ImportPolicies.importPolicy(originated,
                filters.getOrDefault(ip, Optional.empty()))), exportPolicy));
        int maxPaths = cfg.flatMap(BgpConfigurationSpec::maxPaths).orElse(DEFAULT_MAX_PATHS);
        return Optional.of(new NodeRouting(nodeName, localAs, routerId, port, originated, peers, maxPaths));
    }

    /** Deny the node's own Pod CIDRs and their more-specifics, then permit every prefix of both families. */
    static PrefixList importFilter(Set<IpPrefix> own) {
        List<PrefixList.Entry> entries = new ArrayList<>();
        own.stream().sorted().forEach(p -> entries.add(new PrefixList.Entry(p, p.length(), p.isIpv4() ? 32 : 128, false)));
        entries.add(PrefixList.Entry.parse("permit 0.0.0.0/0 le 32"));
        entries.add(PrefixList.Entry.parse("permit ::/0 le 128"));
        return new PrefixList(entries);
    }

    /** The speaker's view of one BGPPeer (see the class comment for the field mapping). */
    static PeerConfig peerConfig(BgpPeerSpec p) {
        PeerConfig c = new PeerConfig(p.peerIp(), p.asNumber(), p.peerPort(), p.sourceAddress(),
                p.holdTimeSeconds(), p.keepaliveSeconds(), false)
                .withMd5Password(p.password().map(BgpPeerSpec.BgpPassword::value))
                .withGracefulRestartTime(p.gracefulRestart() ? p.restartTimeSeconds() : 0);
        if (p.maxPrefixes() > 0) {
            c = c.withMaxPrefixes(p.maxPrefixes(), p.maxPrefixesRestartSeconds().map(Duration::ofSeconds));
        }
        c = c.withRole(p.role().map(BgpRole::parse), p.strictRole()); // RFC 9234
        return p.ebgpMultihop().map(c::withEbgpMultihop).orElse(c);
    }
}
