package dev.weft.policy.eval;

import dev.weft.model.endpoint.LocalEndpoint;
import dev.weft.model.filter.ChainName;
import dev.weft.model.filter.Direction;
import dev.weft.model.filter.EndpointChain;
import dev.weft.model.filter.Match;
import dev.weft.model.filter.PolicyChain;
import dev.weft.model.filter.Rule;
import dev.weft.model.ipset.ContentHash;
import dev.weft.model.ipset.IpFamily;
import dev.weft.model.ipset.Protocol;
import dev.weft.model.sync.DesiredState;
import dev.weft.policy.calc.PolicyEngine;
import dev.weft.policy.calc.PolicyResult;
import dev.weft.policy.calc.Rejection;
import dev.weft.policy.eval.DirectionVerdict.Outcome;
import dev.weft.policy.input.ClusterState;
import dev.weft.policy.input.LocalEndpointInfo;
import dev.weft.policy.input.PodInfo;
import dev.weft.policy.input.PodRef;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates flows against NetworkPolicy by interpreting a {@link DesiredState} computed with
 * <em>every</em> Pod as a local endpoint: the same sets, chains and rules a node programs, walked
 * the way the {@code dev.weft.model.filter} package documents. Immutable after construction;
 * thread-safe.
 */
public final class PolicyEvaluator {
    private final DesiredState state;
    private final List<Rejection> rejections;
    private final SetMembership sets;
    private final Map<InetAddress, LocalEndpoint> byAddress = new HashMap<>();
    private final Map<PodRef, LocalEndpoint> byPod = new HashMap<>();

    private PolicyEvaluator(PolicyResult result) {
        this.state = result.desiredState();
        this.rejections = result.rejections();
        this.sets = new SetMembership(state.ipSets().values());
        for (LocalEndpoint ep : state.endpoints().values()) {
            byPod.put(new PodRef(ep.id().namespace(), ep.id().name()), ep);
            ep.ips().forEach(ip -> byAddress.putIfAbsent(ip, ep));
        }
    }

    /** An evaluator for the cluster: computes the desired state with every Pod treated as local. */
    public static PolicyEvaluator of(ClusterState cluster) {
        List<LocalEndpointInfo> all = new ArrayList<>();
        for (PodInfo pod : cluster.pods()) {
            all.add(new LocalEndpointInfo(pod.ref(), "wft" + ContentHash.base32(pod.ref().toString(), 12), pod.ips()));
        }
        return new PolicyEvaluator(PolicyEngine.compute(cluster, all));
    }

    /** The desired state being interpreted (every Pod an endpoint). */
    public DesiredState desiredState() {
        return state;
    }

    /** Every Pod known to the evaluator, in (namespace, name) order: the rows and columns of a matrix. */
    public List<PodRef> pods() {
        return state.endpoints().keySet().stream().map(id -> new PodRef(id.namespace(), id.name())).toList();
    }

    /** Policies refused as invalid, which the evaluator (like the dataplane) does not enforce. */
    public List<Rejection> rejections() {
        return rejections;
    }

    /**
     * Evaluates a new connection.
     *
     * @param source a Pod or an address
     * @param destination a Pod or an address
     * @param port destination port, 1–65535
     * @param protocol the protocol
     * @throws IllegalArgumentException if a Pod is unknown or has no address (of the other end's family)
     */
    public Verdict evaluate(FlowPeer source, FlowPeer destination, int port, Protocol protocol) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " out of range 1-65535");
        }
        InetAddress[] ips = addresses(source, destination);
        LocalEndpoint src = endpoint(source, ips[0]);
        LocalEndpoint dst = endpoint(destination, ips[1]);
        DirectionVerdict egress = check(src, src == null ? Optional.empty() : src.egressChain(), Direction.EGRESS,
                ips[0], ips[1], port, protocol);
        DirectionVerdict ingress = check(dst, dst == null ? Optional.empty() : dst.ingressChain(), Direction.INGRESS,
                ips[0], ips[1], port, protocol);
        // "a pod cannot block access to itself" (Kubernetes docs, Network Policies): the traffic
        // never leaves the Pod's network namespace.
        boolean loopback = src != null && src == dst;
        return new Verdict(ips[0], ips[1], port, protocol, loopback || (egress.permits() && ingress.permits()),
                egress, ingress, loopback);
    }

    /**
     * Whether a reply packet (destination → source) of the connection source → destination passes:
     * connection tracking accepts replies of every allowed connection, whatever the policies say
     * about new connections in the reverse direction.
     */
    public boolean replyAllowed(FlowPeer source, FlowPeer destination, int port, Protocol protocol) {
        return evaluate(source, destination, port, protocol).allowed();
    }

    private DirectionVerdict check(LocalEndpoint ep, Optional<ChainName> chainName, Direction direction,
                                   InetAddress src, InetAddress dst, int port, Protocol protocol) {
        if (ep == null) {
            return new DirectionVerdict(direction, Outcome.NOT_A_POD, Optional.empty(), List.of());
        }
        if (chainName.isEmpty()) {
            return new DirectionVerdict(direction, Outcome.NOT_ISOLATED, Optional.empty(), List.of());
        }
        EndpointChain chain = state.endpointChains().get(chainName.get());
        List<String> isolating = new ArrayList<>();
        for (ChainName ref : chain.policyChains()) {
            PolicyChain pc = state.policyChains().get(ref);
            isolating.add(pc.namespace() + "/" + pc.policyName());
        }
        for (ChainName ref : chain.policyChains()) {
            for (Rule rule : state.policyChains().get(ref).rules()) {
                if (matches(rule, src, dst, port, protocol)) {
                    return new DirectionVerdict(direction, Outcome.ALLOWED, Optional.of(rule.origin()), isolating);
                }
            }
        }
        return new DirectionVerdict(direction, Outcome.DENIED, Optional.empty(), isolating);
    }

    private boolean matches(Rule rule, InetAddress src, InetAddress dst, int port, Protocol protocol) {
        for (Match m : rule.matches()) {
            boolean ok;
            if (m instanceof Match.SourceSet s) {
                ok = sets.contains(s.set(), src);
            } else if (m instanceof Match.DestinationSet d) {
                ok = sets.contains(d.set(), dst);
            } else if (m instanceof Match.DestinationSetWithPort d) {
                ok = sets.contains(d.set(), dst, protocol, port);
            } else if (m instanceof Match.L4Protocol p) {
                ok = p.protocol() == protocol;
            } else if (m instanceof Match.DestinationPort d) {
                ok = d.range().contains(port);
            } else {
                throw new IllegalStateException("unknown match " + m);
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private LocalEndpoint endpoint(FlowPeer peer, InetAddress ip) {
        if (peer instanceof FlowPeer.Pod p) {
            return byPod.get(p.ref());
        }
        return byAddress.get(ip);
    }

    private InetAddress[] addresses(FlowPeer source, FlowPeer destination) {
        List<InetAddress> s = candidates(source);
        List<InetAddress> d = candidates(destination);
        for (IpFamily family : IpFamily.values()) {
            Optional<InetAddress> a = s.stream().filter(ip -> IpFamily.of(ip) == family).findFirst();
            Optional<InetAddress> b = d.stream().filter(ip -> IpFamily.of(ip) == family).findFirst();
            if (a.isPresent() && b.isPresent()) {
                return new InetAddress[] {a.get(), b.get()};
            }
        }
        throw new IllegalArgumentException("no common address family between " + source + " " + s + " and " + destination + " " + d);
    }

    private List<InetAddress> candidates(FlowPeer peer) {
        if (peer instanceof FlowPeer.Ip ip) {
            return List.of(ip.address());
        }
        PodRef ref = ((FlowPeer.Pod) peer).ref();
        LocalEndpoint ep = byPod.get(ref);
        if (ep == null) {
            throw new IllegalArgumentException("unknown Pod " + ref);
        }
        if (ep.ips().isEmpty()) {
            throw new IllegalArgumentException("Pod " + ref + " has no IP address");
        }
        return ep.ips();
    }
}
