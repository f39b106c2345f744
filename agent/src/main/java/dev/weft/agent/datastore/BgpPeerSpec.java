package dev.weft.agent.datastore;

import dev.weft.agent.crd.ImportFilter;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code BGPPeer} ({@code weft.dev/v1}, cluster scoped): a BGP neighbour for one node, a set of
 * nodes, or all nodes, after validation. Field names follow Calico's and MetalLB's BGPPeer; the
 * API type is {@code dev.weft.agent.crd.BgpPeer}.
 *
 * @param name {@code metadata.name}
 * @param peerIp {@code spec.peerIP}: the neighbour's address
 * @param peerPort TCP port of the neighbour ({@code spec.peerIP} may be written {@code IP:port});
 *     179 by default
 * @param asNumber {@code spec.asNumber}: the neighbour's AS (1–4294967295)
 * @param node {@code spec.node}: only this node peers, if set
 * @param nodeSelector {@code spec.nodeSelector}: only nodes whose labels match peer, if set;
 *     with neither {@code node} nor {@code nodeSelector} every node peers
 * @param holdTimeSeconds {@code spec.holdTime} (seconds, or a duration such as {@code 90s}):
 *     0 or 3–65535, default 90 (RFC 4271 §4.2)
 * @param keepaliveSeconds {@code spec.keepaliveTime}: default holdTime/3 (RFC 4271 §10); 0 when
 *     the hold time is 0
 * @param password {@code spec.password.secretKeyRef}, resolved from the Secret (TCP MD5, RFC
 *     2385); a peer whose Secret or key is missing is rejected rather than configured without it
 * @param gracefulRestart {@code spec.gracefulRestart}: advertise the Graceful Restart capability
 *     (RFC 4724); default true (peers keep forwarding while the agent restarts or after a crash)
 * @param restartTimeSeconds {@code spec.restartTime}: 1–4095 s (RFC 4724 §3), default 120
 * @param ebgpMultihop {@code spec.ebgpMultihop}: IP TTL 1–255 for a neighbour that is not
 *     directly connected; empty = directly connected
 * @param sourceAddress {@code spec.sourceAddress}: local address the session is sourced from
 * @param importFilter {@code spec.importFilter}: which prefixes are imported (first matching rule
 *     decides, no match = reject); empty = not set (every prefix but the node's own Pod CIDRs)
 * @param maxPrefixes {@code spec.maxPrefixes}: most prefixes accepted from the peer (RFC 4486
 *     CEASE 6/1 past it); 0 = not set, no limit
 * @param maxPrefixesRestartSeconds {@code spec.maxPrefixesRestartTime}: reconnect this long after
 *     a max-prefix CEASE, 1–65535 s; empty = stay down
 * @param role {@code spec.role}: our BGP Role on the session (RFC 9234), one of {@link #ROLES};
 *     empty = none
 * @param strictRole {@code spec.strictRole}: RFC 9234 §4.2 strict mode (needs a role)
 */
public record BgpPeerSpec(
        String name,
        InetAddress peerIp,
        int peerPort,
        long asNumber,
        Optional<String> node,
        Optional<LabelSelector> nodeSelector,
        int holdTimeSeconds,
        int keepaliveSeconds,
        Optional<BgpPassword> password,
        boolean gracefulRestart,
        int restartTimeSeconds,
        Optional<Integer> ebgpMultihop,
        Optional<InetAddress> sourceAddress,
        Optional<ImportFilter> importFilter,
        int maxPrefixes,
        Optional<Integer> maxPrefixesRestartSeconds,
        Optional<String> role,
        boolean strictRole) {

    /** Graceful Restart time used when {@code spec.restartTime} is not set (seconds). */
    public static final int DEFAULT_RESTART_TIME = 120;
    /** The values of {@code spec.role} (RFC 9234 §4.1 roles). */
    public static final java.util.List<String> ROLES = java.util.List.of("provider", "rs", "rs-client", "customer", "peer");

    public BgpPeerSpec {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(ebgpMultihop, "ebgpMultihop");
        Objects.requireNonNull(sourceAddress, "sourceAddress");
        Objects.requireNonNull(importFilter, "importFilter");
        Objects.requireNonNull(maxPrefixesRestartSeconds, "maxPrefixesRestartSeconds");
        Objects.requireNonNull(role, "role");
        if (role.isPresent() && !ROLES.contains(role.get())) {
            throw new IllegalArgumentException("role must be one of " + ROLES + ": " + role.get());
        }
        if (strictRole && role.isEmpty()) {
            throw new IllegalArgumentException("strictRole needs a role (RFC 9234 §4.2)");
        }
    }

    /** A peer without BGP Role (RFC 9234). */
    public BgpPeerSpec(String name, InetAddress peerIp, int peerPort, long asNumber, Optional<String> node,
            Optional<LabelSelector> nodeSelector, int holdTimeSeconds, int keepaliveSeconds,
            Optional<BgpPassword> password, boolean gracefulRestart, int restartTimeSeconds,
            Optional<Integer> ebgpMultihop, Optional<InetAddress> sourceAddress, Optional<ImportFilter> importFilter,
            int maxPrefixes, Optional<Integer> maxPrefixesRestartSeconds) {
        this(name, peerIp, peerPort, asNumber, node, nodeSelector, holdTimeSeconds, keepaliveSeconds, password,
                gracefulRestart, restartTimeSeconds, ebgpMultihop, sourceAddress, importFilter, maxPrefixes,
                maxPrefixesRestartSeconds, Optional.empty(), false);
    }

    /** A peer without import filter and max-prefix limit. */
    public BgpPeerSpec(String name, InetAddress peerIp, int peerPort, long asNumber, Optional<String> node,
            Optional<LabelSelector> nodeSelector, int holdTimeSeconds, int keepaliveSeconds,
            Optional<BgpPassword> password, boolean gracefulRestart, int restartTimeSeconds,
            Optional<Integer> ebgpMultihop, Optional<InetAddress> sourceAddress) {
        this(name, peerIp, peerPort, asNumber, node, nodeSelector, holdTimeSeconds, keepaliveSeconds, password,
                gracefulRestart, restartTimeSeconds, ebgpMultihop, sourceAddress, Optional.empty(), 0, Optional.empty());
    }

    /** A peer with only the original fields: no password, Graceful Restart on (120 s), no multihop, no source address. */
    public BgpPeerSpec(String name, InetAddress peerIp, int peerPort, long asNumber, Optional<String> node,
            Optional<LabelSelector> nodeSelector, int holdTimeSeconds, int keepaliveSeconds) {
        this(name, peerIp, peerPort, asNumber, node, nodeSelector, holdTimeSeconds, keepaliveSeconds, Optional.empty(),
                true, DEFAULT_RESTART_TIME, Optional.empty(), Optional.empty(), Optional.empty(), 0, Optional.empty());
    }

    /** True if this peer applies to {@code n}. */
    public boolean appliesTo(NodeInfo n) {
        if (node.isPresent() && !node.get().equals(n.name())) {
            return false;
        }
        return nodeSelector.map(s -> s.matches(n.labels())).orElse(true);
    }

    /**
     * A BGP session password read from a Secret. {@link #toString()} never shows the value.
     *
     * @param secretName the Secret's name (in the agent's namespace)
     * @param key the key in the Secret's {@code data}
     * @param value the password (decoded)
     */
    public record BgpPassword(String secretName, String key, String value) {
        public BgpPassword {
            Objects.requireNonNull(secretName, "secretName");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return "BgpPassword[secret=" + secretName + ", key=" + key + ", value=<redacted>]";
        }
    }
}
