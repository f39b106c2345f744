package dev.weft.agent.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code BGPPeer.weft.dev/v1} (cluster scoped): a BGP neighbour for one node, a set of nodes, or
 * every node. Field names follow Calico's and MetalLB's BGPPeer. Schema: {@code
 * helm/weft/crds/weft.dev_bgppeers.yaml}; validated by the agent in {@code
 * ResourceParser.bgpPeer} into {@code dev.weft.agent.datastore.BgpPeerSpec}.
 */
@Group(BgpPeer.GROUP)
@Version(BgpPeer.VERSION)
@Kind("BGPPeer")
@Plural("bgppeers")
@Singular("bgppeer")
public class BgpPeer extends CustomResource<BgpPeer.Spec, BgpPeer.Status> {
    /** API group of every Weft resource. */
    public static final String GROUP = "weft.dev";
    /** API version of every Weft resource. */
    public static final String VERSION = "v1";

    /** {@code spec}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Spec {
        /** The neighbour's address, {@code IP}, {@code IPv4:port} or {@code [IPv6]:port} (required). */
        public String peerIP;
        /** The neighbour's AS number, 1–4294967295 (required; RFC 6793, AS 0 per RFC 7607 never). */
        public Long asNumber;
        /** Only the node of this name peers, if set. */
        public String node;
        /** Only nodes whose labels match peer, if set; with neither node nor nodeSelector every node peers. */
        public LabelSelector nodeSelector;
        /** TCP MD5 password (RFC 2385) taken from a Secret in the agent's namespace. */
        public Password password;
        /** Hold time: seconds or a duration ({@code 90s}); 0 or 3–65535 s, default 90 (RFC 4271 §4.2). */
        public IntOrString holdTime;
        /** Keepalive interval: seconds or a duration; 1 s to holdTime, default holdTime/3 (RFC 4271 §10). */
        public IntOrString keepaliveTime;
        /** Advertise the Graceful Restart capability (RFC 4724); default true. */
        public Boolean gracefulRestart;
        /** Graceful Restart time: seconds or a duration, 1–4095 s (RFC 4724 §3), default 120. */
        public IntOrString restartTime;
        /** eBGP multihop: IP TTL of the session's packets, 1–255; unset = directly connected (TTL 1). */
        public Integer ebgpMultihop;
        /** Local address the session is sourced from, if set (an IP on this node). */
        public String sourceAddress;
        /**
         * Which prefixes are imported from the peer, rules in order, first match decides, no match
         * = Reject ({@link ImportFilter}); unset = every prefix but the node's own Pod CIDRs.
         */
        public List<ImportFilterRule> importFilter;
        /**
         * Most prefixes (all families) accepted from the peer, 1–2147483647; past it the session is
         * closed with CEASE 6/1 (RFC 4486 §4). Unset = no limit.
         */
        public Integer maxPrefixes;
        /**
         * After a max-prefix CEASE, reconnect after this long: seconds or a duration, 1–65535 s.
         * Unset = the session stays down until the BGPPeer changes or the agent restarts.
         */
        public IntOrString maxPrefixesRestartTime;
        /**
         * Our BGP Role on this eBGP session (RFC 9234): {@code provider}, {@code rs}, {@code rs-client},
         * {@code customer} or {@code peer}. Sent in the OPEN and checked against the peer's (NOTIFICATION
         * 2/11 Role Mismatch); routes are marked and filtered with the Only-to-Customer attribute. Unset = none.
         */
        public String role;
        /** RFC 9234 §4.2 strict mode: the peer must announce its role, else 2/11. Needs {@code role}; default false. */
        public Boolean strictRole;
    }

    /** {@code spec.importFilter[]}: one rule (Calico's BGPFilter rule shape). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ImportFilterRule {
        /** {@code Accept} or {@code Reject} (required). */
        public String action;
        /** {@code Equal}, {@code In} or {@code NotIn}; required with {@code cidr}. */
        public String matchOperator;
        /** The compared prefix, e.g. {@code 10.0.0.0/8}; unset = the rule matches every prefix. */
        public String cidr;
        /** Length range of matching prefixes (In / NotIn only). */
        public PrefixLength prefixLength;
    }

    /** {@code spec.importFilter[].prefixLength}: an inclusive range of prefix lengths. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class PrefixLength {
        /** Shortest matching length (In: default the cidr's length; NotIn: default 0). */
        public Integer min;
        /** Longest matching length (default 32 / 128). */
        public Integer max;
    }

    /** {@code spec.password}: where the TCP MD5 password is. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Password {
        /** The Secret key holding the password. */
        public SecretKeyRef secretKeyRef;
    }

    /** A key of a Secret in the agent's namespace (as {@code core/v1 SecretKeySelector}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SecretKeyRef {
        /** The Secret's name. */
        public String name;
        /** The key in the Secret's {@code data}. */
        public String key;
    }

    /** {@code status}: written by the agents through the status subresource. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Status {
        /** One entry per node that has this peer configured, sorted by node name. */
        public List<NodeStatus> nodes = new ArrayList<>();
    }

    /** {@code status.nodes[]}: the session as one node sees it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class NodeStatus {
        /** The node's name. */
        public String node;
        /** RFC 4271 §8.2.2 FSM state: Idle, Connect, Active, OpenSent, OpenConfirm, Established. */
        public String state;
        /** When the session entered {@code state} (RFC 3339). */
        public String since;
        /** Prefixes in this node's Adj-RIB-In from the peer. */
        public Long prefixesReceived;
        /** Prefixes this node advertises to the peer (Adj-RIB-Out). */
        public Long prefixesAdvertised;

        @Override
        public boolean equals(Object o) {
            return o instanceof NodeStatus n && Objects.equals(node, n.node) && Objects.equals(state, n.state)
                    && Objects.equals(since, n.since) && Objects.equals(prefixesReceived, n.prefixesReceived)
                    && Objects.equals(prefixesAdvertised, n.prefixesAdvertised);
        }

        @Override
        public int hashCode() {
            return Objects.hash(node, state, since, prefixesReceived, prefixesAdvertised);
        }
    }
}
