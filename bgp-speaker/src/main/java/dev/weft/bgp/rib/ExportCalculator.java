package dev.weft.bgp.rib;

import dev.weft.common.net.IpPrefix;
import java.net.Inet4Address;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The attribute set to advertise to one peer for one prefix ({@link ExportRules} then the
 * peer's export policy, interned), for one export pass. When the policy does not look at the
 * prefix, results are memoised per (source peer, attribute set), so exporting a million routes
 * that share a few attribute sets computes a few results.
 */
final class ExportCalculator {
    private static final Object NONE = new Object();

    private final long localAs;
    private final Inet4Address clusterId;
    private final RibPeer to;
    private final RibPeer self;
    private final AttributeInterner interner;
    private final RoutePolicy policy;
    private final boolean memoise;
    private final Map<PeerState, Map<RouteAttributes, Object>> learnedMemo = new IdentityHashMap<>();
    private final Object[] originatedMemo = new Object[2];

    ExportCalculator(long localAs, Inet4Address clusterId, RibPeer to, RibPeer self, AttributeInterner interner) {
        this.localAs = localAs;
        this.clusterId = clusterId;
        this.to = to;
        this.self = self;
        this.interner = interner;
        this.policy = to.effectiveExport();
        this.memoise = policy.prefixIndependent();
    }

    /** For a locally originated prefix; null = do not advertise. */
    RouteAttributes originated(IpPrefix p) {
        if (policy.rejectsAll()) {
            return null;
        }
        int slot = p.isIpv4() ? 0 : 1;
        if (memoise && originatedMemo[slot] != null) {
            return unwrap(originatedMemo[slot]);
        }
        RouteAttributes out = ExportRules.originated(localAs, p.isIpv4(), to)
                .map(a -> applyPolicy(new Path(p, a, self), new Path(p, a, self))).orElse(null);
        if (memoise) {
            originatedMemo[slot] = out == null ? NONE : out;
        }
        return out;
    }

    /** For the learned best route {@code best} (null = none); null = do not advertise. */
    RouteAttributes learned(IpPrefix p, Route best) {
        if (best == null || policy.rejectsAll()) {
            return null;
        }
        Map<RouteAttributes, Object> memo = null;
        if (memoise) {
            memo = learnedMemo.computeIfAbsent(best.peer, k -> new IdentityHashMap<>());
            Object hit = memo.get(best.attributes);
            if (hit != null) {
                return unwrap(hit);
            }
        }
        Path original = best.toPath(p);
        RouteAttributes out = ExportRules.learned(localAs, clusterId, original, to)
                .map(a -> applyPolicy(new Path(p, a, original.source()), original)).orElse(null);
        if (memo != null) {
            memo.put(best.attributes, out == null ? NONE : out);
        }
        return out;
    }

    private RouteAttributes applyPolicy(Path path, Path original) {
        Optional<Path> r = policy == RoutePolicy.ACCEPT_ALL ? Optional.of(path) : policy.apply(path, original);
        if (r.isEmpty()) {
            return null;
        }
        RouteAttributes a = r.get().attributes();
        if (a.nextHop().isAnyLocalAddress()) {
            // the policy's "next hop self": our address on this session
            Optional<java.net.InetAddress> self = ExportRules.nextHopSelf(path.prefix().isIpv4(), to);
            if (self.isEmpty()) {
                return null;
            }
            a = a.withNextHop(self.get(), path.prefix().isIpv4() ? Optional.empty() : to.ipv6LinkLocalNextHop());
        }
        return interner.intern(a);
    }

    private static RouteAttributes unwrap(Object o) {
        return o == NONE ? null : (RouteAttributes) o;
    }
}
