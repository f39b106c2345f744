package dev.weft.agent.admin;

import dev.weft.agent.admin.AdminApi.BlockView;
import dev.weft.agent.admin.AdminApi.IpamView;
import dev.weft.agent.admin.AdminApi.KernelRouteView;
import dev.weft.agent.admin.AdminApi.LeaseView;
import dev.weft.agent.admin.AdminApi.PeerView;
import dev.weft.agent.admin.AdminApi.PolicyView;
import dev.weft.agent.admin.AdminApi.PoolView;
import dev.weft.agent.admin.AdminApi.RouteView;
import dev.weft.agent.admin.AdminApi.RoutesView;
import dev.weft.agent.admin.AdminApi.StatusView;
import dev.weft.agent.datastore.ClusterState;
import dev.weft.agent.datastore.Resource;
import dev.weft.bgp.server.BestPath;
import dev.weft.bgp.server.BgpSpeaker;
import dev.weft.bgp.server.PeerStatus;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import dev.weft.ipam.Ipam;
import dev.weft.ipam.Lease;
import dev.weft.model.route.RouteSpec;
import dev.weft.netlink.KernelRoute;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.NextHop;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Builds the admin API's documents ({@link AdminApi}) from the agent's live parts: the BGP speaker
 * (peers, Loc-RIB, originated prefixes), the kernel FIB (routes of Weft's protocol number), the
 * node's IPAM store and the datastore's current state. Thread-safe (each call takes fresh snapshots).
 */
public final class AdminViews {
    /** Reads the kernel FIB's routes of Weft's protocol number; may throw (reported, not fatal). */
    @FunctionalInterface
    public interface KernelRoutes {
        /** IPv4 and IPv6 routes of the main table owned by Weft's protocol number. */
        List<KernelRoute> list();
    }

    private final String nodeName;
    private final Supplier<Optional<BgpSpeaker>> speaker;
    private final Supplier<String> bgpProblem;
    private final Supplier<Optional<Ipam>> ipam;
    private final Supplier<ClusterState> state;
    private final KernelRoutes kernel;
    private final Clock clock;

    /**
     * @param nodeName this node's name
     * @param speaker the running BGP speaker, if any
     * @param bgpProblem why BGP is not running (empty string when it is)
     * @param ipam the node's IPAM once open (it opens when the node's Pod CIDRs are known)
     * @param state the datastore's current state
     * @param kernel the kernel FIB reader (e.g. {@link #netlink(int)})
     * @param clock wall clock for uptimes
     */
    public AdminViews(String nodeName, Supplier<Optional<BgpSpeaker>> speaker, Supplier<String> bgpProblem,
            Supplier<Optional<Ipam>> ipam, Supplier<ClusterState> state, KernelRoutes kernel, Clock clock) {
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.speaker = Objects.requireNonNull(speaker, "speaker");
        this.bgpProblem = Objects.requireNonNull(bgpProblem, "bgpProblem");
        this.ipam = Objects.requireNonNull(ipam, "ipam");
        this.state = Objects.requireNonNull(state, "state");
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Reads the main table of the caller's network namespace over rtnetlink, routes of {@code protocol}. */
    public static KernelRoutes netlink(int protocol) {
        return () -> {
            try (Netlink nl = Netlink.open()) {
                List<KernelRoute> out = new ArrayList<>(nl.listRoutes(Netlink.AF_INET, RouteSpec.MAIN_TABLE, protocol));
                out.addAll(nl.listRoutes(Netlink.AF_INET6, RouteSpec.MAIN_TABLE, protocol));
                return out;
            }
        };
    }

    /** The endpoints for {@link AdminServer#start}. */
    public Map<String, Callable<Object>> endpoints() {
        Map<String, Callable<Object>> m = new LinkedHashMap<>();
        m.put(AdminApi.STATUS, this::status);
        m.put(AdminApi.ROUTES, this::routes);
        m.put(AdminApi.IPAM, this::ipam);
        m.put(AdminApi.POLICY, this::policy);
        return m;
    }

    /** {@link AdminApi#STATUS}. */
    public StatusView status() {
        Optional<BgpSpeaker> s = speaker.get();
        if (s.isEmpty()) {
            return new StatusView(nodeName, false, null, null, bgpProblem.get(), List.of(), List.of());
        }
        BgpSpeaker sp = s.get();
        long localAs = sp.config().localAs();
        Instant now = clock.instant();
        List<PeerView> peers = new ArrayList<>();
        for (PeerStatus p : sp.peers()) {
            boolean up = "Established".equals(p.state());
            peers.add(new PeerView(IpAddresses.toText(p.peerAddress()), p.peerAs(), p.peerAs() == localAs ? "iBGP" : "eBGP",
                    p.state(), up ? p.establishedSince().map(Instant::toString).orElse(null) : null,
                    up ? Math.max(0, p.uptime(now).toSeconds()) : 0, p.prefixesReceived(), p.prefixesAdvertised(),
                    p.flaps(), p.updatesReceived(), p.updatesSent(), p.lastError().orElse(null)));
        }
        List<String> originated = sp.originated().stream().sorted().map(IpPrefix::toString).toList();
        return new StatusView(nodeName, true, localAs, IpAddresses.toText(sp.config().routerId()), bgpProblem.get(),
                originated, peers);
    }

    /** {@link AdminApi#ROUTES}. */
    public RoutesView routes() {
        Map<IpPrefix, KernelRoute> fib = new TreeMap<>();
        String kernelError = null;
        try {
            kernel.list().forEach(r -> fib.put(r.spec().destination(), r));
        } catch (RuntimeException e) {
            kernelError = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        Map<IpPrefix, RouteView> rib = new TreeMap<>();
        Optional<BgpSpeaker> s = speaker.get();
        if (s.isPresent()) {
            for (IpPrefix p : s.get().originated()) {
                rib.put(p, view(p, List.of(), List.of(), "local", "local", fib.get(p)));
            }
            for (BestPath b : s.get().locRib().values()) {
                rib.put(b.prefix(), view(b.prefix(), List.of(IpAddresses.toText(b.nextHop())), b.asPath(),
                        b.origin().name(), IpAddresses.toText(b.peerAddress()), fib.get(b.prefix())));
            }
        }
        List<KernelRouteView> kernelOnly = new ArrayList<>();
        fib.forEach((p, r) -> {
            if (!rib.containsKey(p)) {
                kernelOnly.add(new KernelRouteView(p.toString(), nextHops(r)));
            }
        });
        return new RoutesView(List.copyOf(rib.values()), kernelOnly, kernelError);
    }

    private static RouteView view(IpPrefix prefix, List<String> nextHops, List<Long> asPath, String origin, String from,
            KernelRoute k) {
        List<String> kernelHops = k == null ? List.of() : nextHops(k);
        // The speaker selects one best path per prefix; a multipath (ECMP) kernel route for it means
        // several equal paths are in use.
        return new RouteView(prefix.toString(), nextHops, asPath, origin, from, true, kernelHops.size() > 1, k != null,
                kernelHops);
    }

    private static List<String> nextHops(KernelRoute r) {
        List<String> out = new ArrayList<>();
        for (NextHop h : r.paths()) {
            String text = (h.gateway().map(IpAddresses::toText).orElse("") + h.device().map(d -> " dev " + d).orElse("")).trim();
            out.add(text);
        }
        return out;
    }

    /**
     * {@link AdminApi#IPAM}.
     *
     * @throws AdminServer.UnavailableException before the node's IPAM is open
     */
    public IpamView ipam() {
        Ipam store = ipam.get().orElseThrow(() -> new AdminServer.UnavailableException(
                "IPAM is not open yet: node " + nodeName + " has no Pod CIDRs (Node spec.podCIDRs)"));
        List<Lease> leases = store.leases();
        List<BlockView> blocks = new ArrayList<>();
        for (IpPrefix cidr : store.podCidrs()) {
            int bits = cidr.isIpv4() ? 32 : 128;
            BigInteger size = BigInteger.ONE.shiftLeft(bits - cidr.length());
            int used = (int) leases.stream().filter(l -> l.cidr().equals(cidr)).count();
            blocks.add(new BlockView(cidr.toString(), size.toString(), used));
        }
        List<LeaseView> out = new ArrayList<>();
        for (Lease l : leases) {
            String pod = l.owner().podName() == null || l.owner().podName().isEmpty() ? null
                    : l.owner().podNamespace() + "/" + l.owner().podName();
            out.add(new LeaseView(IpAddresses.toText(l.address()), l.cidr().toString(), l.owner().containerId(),
                    l.owner().ifName(), pod));
        }
        List<PoolView> pools = state.get().resources("IPPool").values().stream()
                .sorted(Comparator.comparing(Resource::key))
                .map(r -> new PoolView(r.name(), r.body().path("spec").path("cidr").asText(null)))
                .toList();
        return new IpamView(nodeName, store.directory().toString(), pools, blocks, out, store.freeAddresses().toString());
    }

    /** {@link AdminApi#POLICY}. */
    public PolicyView policy() {
        ClusterState s = state.get();
        List<AdminApi.ObjectView> objects = new ArrayList<>();
        for (String kind : List.of("Namespace", "Pod", "NetworkPolicy")) {
            s.resources(kind).values().stream().sorted(Comparator.comparing(Resource::key))
                    .forEach(r -> objects.add(new AdminApi.ObjectView(r.kind(), r.namespace(), r.name(), r.body())));
        }
        return new PolicyView(nodeName, objects, s.rejections().stream().map(Object::toString).toList());
    }
}
