package dev.weft.bgp.rib;

import dev.weft.bgp.wire.AddressFamily;
import dev.weft.bgp.wire.AsPathSegment;
import dev.weft.bgp.wire.AsPaths;
import dev.weft.bgp.wire.CodecOptions;
import dev.weft.bgp.wire.Ipv4Prefixes;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Adj-RIB-In per peer, the Loc-RIB, locally originated prefixes and Adj-RIB-Out per peer
 * (RFC 4271 §3.2, §9), for IPv4 and IPv6 unicast. Not thread-safe: one thread owns it. Changes
 * come out through {@link Output}: best-path changes, and the UPDATEs that bring each peer's
 * Adj-RIB-Out up to date.
 *
 * <p>Scale: routes are stored without per-prefix objects beyond one small {@link Route} (compact
 * IPv4 keys, interned attribute sets); each UPDATE (or batch of UPDATEs, {@link #update(InetAddress, List)})
 * is applied whole, then best paths are recomputed once per touched prefix, then exports are
 * packed (many NLRI per UPDATE per attribute set).
 *
 * <p>Import, per announced route: rejected (treated as withdrawn, RFC 7606) if the AS_PATH holds
 * our AS (§9.1.2), if an eBGP route's AS_PATH does not start with the peer's AS (§6.3), if
 * ORIGINATOR_ID is our router ID or CLUSTER_LIST holds our cluster ID (RFC 4456 §8); then the
 * peer's import policy (RFC 8212 default: nothing from eBGP) decides what enters the Loc-RIB.
 * Export ({@link RibExports}): {@link ExportRules} then the peer's export policy (RFC 8212 default: nothing to eBGP).
 *
 * <p>Graceful restart as receiving speaker (RFC 4724 §4.2): {@link #markStale}, {@link #endOfRib},
 * {@link #sweepStale}.
 */
public final class Rib {
    /** Where RIB changes go. */
    public interface Output {
        /** The learned best path for {@code prefix} changed; empty = no route any more. */
        void bestPathChanged(IpPrefix prefix, Optional<Path> best);

        /**
         * The learned best path or its ECMP multipath set changed. {@code nextHops} is the set
         * (first = the best path's own next hop; one element when multipath is off; empty with no
         * route). The default calls the two-argument method.
         */
        default void bestPathChanged(IpPrefix prefix, Optional<Path> best, List<InetAddress> nextHops) {
            bestPathChanged(prefix, best);
        }

        /** UPDATEs to send to {@code peer}, in order. */
        void send(RibPeer peer, List<UpdateMessage> updates);

        /**
         * False while nobody listens to best-path changes: the RIB then builds no {@link Path}
         * or prefix object for them (a full table's load would otherwise allocate one per prefix).
         */
        default boolean wantsBestPaths() {
            return true;
        }
    }

    private static final System.Logger LOG = System.getLogger(Rib.class.getName());

    private final long localAs;
    private final RibOptions options;
    private final Output output;
    private final RibPeer self;
    private final AttributeInterner interner = new AttributeInterner();
    private final Map<InetAddress, PeerState> peers = new LinkedHashMap<>();
    private final LocRib loc4;
    private final LocRib loc6;
    private final Set<IpPrefix> originated = new HashSet<>();
    private final RibExports exports;

    /** Prefixes touched by the UPDATEs being applied, with their state before. */
    private static final class Batch {
        final Touched v4 = new Touched(true);
        final Touched v6 = new Touched(false);
    }

    /**
     * The batch a finished update left for the next one (its arrays kept: a table load then
     * allocates them once, not once per batch); null while in use.
     */
    private Batch spare;

    /** Where the cache-warming reads of {@link #announce} go, so that the JIT keeps them. */
    @SuppressWarnings("unused")
    private long touchSink;

    private Batch batch() {
        Batch b = spare;
        spare = null;
        return b != null ? b : new Batch();
    }

    /** A RIB for the given local AS with default options and an unset (0.0.0.0) router ID. */
    public Rib(long localAs, Output output) {
        this(localAs, RibOptions.of(IpAddresses.fromIpv4Int(0)), output);
    }

    /** A RIB for the given local AS and options. */
    public Rib(long localAs, RibOptions options, Output output) {
        this.localAs = localAs;
        this.options = Objects.requireNonNull(options, "options");
        this.output = Objects.requireNonNull(output, "output");
        BestPathSelector selector = BestPathSelector.rfc4271();
        this.loc4 = new LocRib(true, selector, options.maxPaths());
        this.loc6 = new LocRib(false, selector, options.maxPaths());
        this.self = new RibPeer(IpAddresses.fromIpv4Int(0), localAs, options.routerId(), false, options.routerId(),
                CodecOptions.FOUR_OCTET_AS);
        this.exports = new RibExports(localAs, options, self, interner, originated, loc4, loc6, output);
    }

    /**
     * A peer reached Established: send it everything we advertise (then End-of-RIB if it asked
     * for it). Replaces an Established entry for the same address; a peer whose routes are kept
     * stale (after {@link #markStale}) keeps them until it re-announces them or sends End-of-RIB.
     */
    public void peerUp(RibPeer peer) {
        PeerState s = peers.get(peer.address());
        if (s != null && s.up) {
            peerDown(peer.address());
            s = null;
        }
        if (s == null) {
            s = new PeerState(peer);
            peers.put(peer.address(), s);
        } else {
            s.peer = peer;
            s.up = true;
            s.clearOut();
        }
        for (boolean ipv4 : new boolean[] {true, false}) {
            List<IpPrefix> all = loc(ipv4).prefixes();
            for (IpPrefix p : originated) {
                if (p.isIpv4() == ipv4 && loc(ipv4).best(p) == null) {
                    all.add(p);
                }
            }
            exports.family(s, ipv4, all);
        }
        if (peer.sendEndOfRib()) {
            List<UpdateMessage> eor = new ArrayList<>();
            eor.add(UpdateMessage.endOfRib(AddressFamily.IPV4_UNICAST));
            if (peer.ipv6NextHopSelf().isPresent()) {
                eor.add(UpdateMessage.endOfRib(AddressFamily.IPV6_UNICAST));
            }
            output.send(peer, eor);
        }
    }

    /** A peer left Established without graceful restart: drop its Adj-RIB-In (withdrawing its routes) and Adj-RIB-Out. */
    public void peerDown(InetAddress address) {
        PeerState s = peers.remove(address);
        if (s == null) {
            return;
        }
        Batch b = batch();
        for (boolean ipv4 : new boolean[] {true, false}) {
            for (IpPrefix p : s.in(ipv4).keys()) {
                setCandidate(b, ipv4, p, s, null);
            }
        }
        finish(b);
    }

    /**
     * The peer's session went down and it is restarting gracefully (RFC 4724 §4.2): keep its routes,
     * marked stale and still used for forwarding; forget what was sent to it.
     */
    public void markStale(InetAddress address) {
        PeerState s = peers.get(address);
        if (s == null) {
            return;
        }
        s.up = false;
        s.clearOut();
        for (boolean ipv4 : new boolean[] {true, false}) {
            LocRib loc = loc(ipv4);
            s.in(ipv4).forEach((p, raw) -> {
                raw.stale = true;
                Route c = loc.candidate(p, s);
                if (c != null) {
                    c.stale = true;
                }
            });
        }
    }

    /**
     * Enhanced Route Refresh, Beginning of Route Refresh from an Established peer (RFC 7313 §4.2):
     * mark its Adj-RIB-In routes of {@code family} stale (still selected and used); the routes it
     * re-announces become fresh and {@link #endOfRib(InetAddress, AddressFamily)} at its EoRR
     * drops the rest. Nothing is withdrawn here; unknown or down peers are ignored.
     *
     * @throws IllegalArgumentException for a family other than IPv4 or IPv6 unicast
     */
    public void markStale(InetAddress address, AddressFamily family) {
        boolean ipv4 = isIpv4(family);
        PeerState s = peers.get(address);
        if (s == null || !s.up) {
            return;
        }
        LocRib loc = loc(ipv4);
        s.in(ipv4).forEach((p, raw) -> {
            raw.stale = true;
            Route c = loc.candidate(p, s);
            if (c != null) {
                c.stale = true;
            }
        });
    }

    /** End-of-RIB from the peer for IPv4 ({@code ipv4}) or IPv6 unicast: see {@link #endOfRib(InetAddress, AddressFamily)}. */
    public void endOfRib(InetAddress address, boolean ipv4) {
        endOfRib(address, ipv4 ? AddressFamily.IPV4_UNICAST : AddressFamily.IPV6_UNICAST);
    }

    /**
     * End-of-RIB from the peer (RFC 4724 §4.2): drop its routes of that family still stale.
     * {@link #update} does this itself when the marker arrives in an UPDATE.
     *
     * @throws IllegalArgumentException for a family other than IPv4 or IPv6 unicast
     */
    public void endOfRib(InetAddress address, AddressFamily family) {
        boolean ipv4 = isIpv4(family);
        PeerState s = peers.get(address);
        if (s == null) {
            return;
        }
        Batch b = batch();
        dropStale(b, s, ipv4);
        finish(b);
    }

    /** The restart time ran out (RFC 4724 §4.2): drop all the peer's stale routes (and the peer, if it is not back). */
    public void sweepStale(InetAddress address) {
        PeerState s = peers.get(address);
        if (s == null) {
            return;
        }
        Batch b = batch();
        dropStale(b, s, true);
        dropStale(b, s, false);
        if (!s.up) {
            peers.remove(address);
        }
        finish(b);
    }

    /** Number of the peer's routes marked stale. */
    public int staleCount(InetAddress address) {
        PeerState s = peers.get(address);
        if (s == null) {
            return 0;
        }
        int[] n = {0};
        s.in4.forEach((p, r) -> n[0] += r.stale ? 1 : 0);
        s.in6.forEach((p, r) -> n[0] += r.stale ? 1 : 0);
        return n[0];
    }

    private void dropStale(Batch b, PeerState s, boolean ipv4) {
        List<IpPrefix> stale = new ArrayList<>();
        s.in(ipv4).forEach((p, r) -> {
            if (r.stale) {
                stale.add(p);
            }
        });
        for (IpPrefix p : stale) {
            s.in(ipv4).remove(p);
            setCandidate(b, ipv4, p, s, null);
        }
    }

    /**
     * Applies an UPDATE from an Established peer.
     *
     * @return the number of announced prefixes rejected by the loop checks or the first-AS check
     */
    public int update(InetAddress from, UpdateMessage update) {
        return update(from, List.of(update));
    }

    /**
     * Applies several UPDATEs from one peer in order, recomputing best paths and sending exports
     * once at the end (a batch drained from the session's queue).
     *
     * @return the number of announced prefixes rejected by the loop checks or the first-AS check
     */
    public int update(InetAddress from, List<UpdateMessage> updates) {
        PeerState s = peers.get(from);
        if (s == null || !s.up) {
            return 0;
        }
        Batch b = batch();
        int rejected = 0;
        boolean fourOctet = s.peer.codecOptions().fourOctetAs();
        for (UpdateMessage u : updates) {
            Optional<AddressFamily> eor = u.endOfRib();
            if (eor.isPresent()) {
                if (eor.get().equals(AddressFamily.IPV4_UNICAST) || eor.get().equals(AddressFamily.IPV6_UNICAST)) {
                    dropStale(b, s, eor.get().equals(AddressFamily.IPV4_UNICAST));
                }
                continue;
            }
            withdrawAll(b, s, u.withdrawn());
            Optional<PathAttribute.MpUnreachNlri> unreach = u.mpUnreach();
            if (unreach.isPresent()) {
                withdrawAll(b, s, unreach.get().withdrawn());
            }
            if (u.treatAsWithdraw()) {
                // RFC 7606 §2: the decoder already moved every prefix of the UPDATE into the withdrawals
                continue;
            }
            if (!u.nlri().isEmpty()) {
                RouteAttributes attrs = interner.intern(RouteAttributes.fromUpdate(u, fourOctet));
                rejected += announce(b, s, true, u.nlri(), attrs);
            }
            Optional<PathAttribute.MpReachNlri> reach = u.mpReach();
            if (reach.isPresent() && !reach.get().nlri().isEmpty()) {
                PathAttribute.MpReachNlri r = reach.get();
                RouteAttributes attrs = interner.intern(RouteAttributes.fromAttributes(u.attributes(), fourOctet,
                        r.nextHop(), r.linkLocalNextHop()));
                rejected += announce(b, s, r.family().equals(AddressFamily.IPV4_UNICAST), r.nlri(), attrs);
            }
        }
        finish(b);
        return rejected;
    }

    private void withdrawAll(Batch b, PeerState s, List<IpPrefix> prefixes) {
        if (prefixes instanceof Ipv4Prefixes keys) {
            for (int i = 0; i < keys.size(); i++) {
                long k = keys.key(i);
                if (s.in4.removeKey(k) != null) {
                    loc4.set(k, s, null, b.v4);
                }
            }
            return;
        }
        for (IpPrefix p : prefixes) {
            boolean ipv4 = p.isIpv4();
            if (s.in(ipv4).remove(p) != null) {
                setCandidate(b, ipv4, p, s, null);
            }
        }
    }

    private int announce(Batch b, PeerState s, boolean ipv4, List<IpPrefix> prefixes, RouteAttributes attrs) {
        String reject = rejectReason(s.peer, attrs);
        if (reject != null) {
            withdrawAll(b, s, prefixes);
            LOG.log(System.Logger.Level.DEBUG, () -> "rejected " + prefixes.size() + " prefixes from "
                    + s.peer.address().getHostAddress() + ": " + reject);
            return prefixes.size();
        }
        // One Route for all prefixes of the UPDATE: its peer and attribute set are the same, and it
        // changes only as a whole (GR marks all of a peer's routes of a family stale at once), so a
        // table load keeps no object per prefix.
        Route raw = new Route(s, attrs);
        Importer importer = new Importer(s);
        if (prefixes instanceof Ipv4Prefixes keys) {
            // the decoder's compact keys: no prefix object on the way into the tables. First the
            // home slots of all the UPDATE's prefixes in both tables are read, so their cache
            // misses overlap instead of coming one after another in the loop below.
            long sink = 0;
            for (int i = 0; i < keys.size(); i++) {
                long k = keys.key(i);
                sink ^= s.in4.touchKey(k) ^ loc4.touch(k);
            }
            touchSink = sink;
            for (int i = 0; i < keys.size(); i++) {
                long k = keys.key(i);
                s.in4.putKey(k, raw);
                loc4.set(k, s, importer.effective(raw, null, k), b.v4);
            }
            return 0;
        }
        PrefixTable<Route> in = s.in(ipv4);
        for (IpPrefix p : prefixes) {
            in.put(p, raw);
            setCandidate(b, ipv4, p, s, importer.effective(raw, p, 0));
        }
        return 0;
    }

    /**
     * The import policy applied to the routes of one UPDATE (one attribute set): a policy that
     * does not look at the prefix ({@link RoutePolicy#prefixIndependent()}, asked once per UPDATE)
     * is evaluated for the first prefix only and its outcome reused.
     */
    private final class Importer {
        private final PeerState s;
        private final RoutePolicy policy;
        private final boolean independent;
        private boolean memoized;
        private boolean memoRejected;
        private Route memo;

        Importer(PeerState s) {
            this.s = s;
            this.policy = s.peer.effectiveImport();
            this.independent = policy != RoutePolicy.ACCEPT_ALL && policy.prefixIndependent();
        }

        /** The route that enters the Loc-RIB for {@code raw} (null = rejected); {@code p} null = IPv4 {@code key}. */
        Route effective(Route raw, IpPrefix p, long key) {
            if (policy == RoutePolicy.ACCEPT_ALL) {
                return raw;
            }
            if (independent && memoized) {
                return memoRejected ? null : memo; // the same (shared) Route for every prefix
            }
            Route eff = importRoute(s, p != null ? p : Ipv4Prefixes.prefix(key), raw, policy);
            if (eff != null && eff != raw && memo != null && memo.attributes == eff.attributes) {
                eff = memo; // a policy that changed the attributes the same way: share that Route too
            }
            memoized = true;
            memoRejected = eff == null;
            memo = eff == null ? memo : eff;
            return eff;
        }
    }

    private Route importRoute(PeerState s, IpPrefix p, Route raw, RoutePolicy policy) {
        if (policy == RoutePolicy.ACCEPT_ALL) {
            return raw;
        }
        Path path = raw.toPath(p);
        Optional<Path> out = policy.apply(path, path);
        if (out.isEmpty()) {
            return null;
        }
        RouteAttributes a = out.get().attributes();
        if (a == raw.attributes) {
            return raw;
        }
        if (a.nextHop().isAnyLocalAddress()) {
            // "next hop self" means nothing on import: keep the received next hop
            a = a.withNextHop(raw.attributes.nextHop(), raw.attributes.linkLocalNextHop());
        }
        Route eff = new Route(s, interner.intern(a));
        eff.stale = raw.stale;
        return eff;
    }

    private String rejectReason(RibPeer peer, RouteAttributes attrs) {
        if (AsPaths.contains(attrs.asPath(), localAs)) {
            return "AS_PATH contains local AS " + localAs;
        }
        if (peer.ebgp()) {
            List<AsPathSegment> path = attrs.asPath();
            if (path.isEmpty() || path.get(0).type() != AsPathSegment.Type.AS_SEQUENCE
                    || path.get(0).asns().get(0) != peer.asn()) {
                return "AS_PATH does not start with peer AS " + peer.asn();
            }
        }
        if (attrs.originatorId().isPresent() && attrs.originatorId().get().equals(options.routerId())) {
            return "ORIGINATOR_ID is our router ID (RFC 4456 §8)";
        }
        if (attrs.clusterList().contains(options.effectiveClusterId())) {
            return "CLUSTER_LIST contains our cluster ID (RFC 4456 §8)";
        }
        return null;
    }

    /**
     * Replaces a peer's policies (empty = none configured, RFC 8212 defaults) and re-applies
     * them: its Adj-RIB-In goes through the new import policy again, and its Adj-RIB-Out is
     * brought in line with the new export policy (only differences are sent).
     */
    public void setPolicies(InetAddress address, Optional<RoutePolicy> importPolicy, Optional<RoutePolicy> exportPolicy) {
        PeerState s = peers.get(address);
        if (s == null) {
            return;
        }
        s.peer = s.peer.withPolicies(importPolicy, exportPolicy);
        RoutePolicy policy = s.peer.effectiveImport();
        Batch b = batch();
        for (boolean ipv4 : new boolean[] {true, false}) {
            for (IpPrefix p : s.in(ipv4).keys()) {
                setCandidate(b, ipv4, p, s, importRoute(s, p, s.in(ipv4).get(p), policy));
            }
        }
        finish(b);
        if (s.up) {
            for (boolean ipv4 : new boolean[] {true, false}) {
                List<IpPrefix> all = loc(ipv4).prefixes();
                originated.stream().filter(p -> p.isIpv4() == ipv4 && loc(ipv4).best(p) == null).forEach(all::add);
                s.out(ipv4).forEach((p, a) -> {
                    if (loc(ipv4).best(p) == null && !originated.contains(p)) {
                        all.add(p);
                    }
                });
                exports.family(s, ipv4, all);
            }
        }
    }

    /** Starts advertising a locally originated prefix to every peer. */
    public void originate(IpPrefix prefix) {
        originate(List.of(prefix));
    }

    /** Starts advertising locally originated IPv4 or IPv6 prefixes to every peer, packed into as few UPDATEs as fit. */
    public void originate(Collection<IpPrefix> prefixes) {
        List<IpPrefix> v4 = new ArrayList<>();
        List<IpPrefix> v6 = new ArrayList<>();
        for (IpPrefix p : prefixes) {
            if (originated.add(p)) {
                (p.isIpv4() ? v4 : v6).add(p);
            }
        }
        exportAll(v4, v6);
    }

    /** Stops advertising a locally originated prefix (a learned best path may take its place). */
    public void withdrawOriginated(IpPrefix prefix) {
        if (originated.remove(prefix)) {
            exportAll(prefix.isIpv4() ? List.of(prefix) : List.of(), prefix.isIpv4() ? List.of() : List.of(prefix));
        }
    }

    /** Re-sends the whole Adj-RIB-Out of a peer (RFC 2918 §4). */
    public void routeRefresh(InetAddress peer) {
        PeerState s = peers.get(peer);
        if (s == null || !s.up) {
            return;
        }
        exports.resend(s, true);
        exports.resend(s, false);
    }

    /**
     * Re-sends the peer's Adj-RIB-Out of one family (RFC 2918 §4: the ROUTE-REFRESH names the
     * AFI/SAFI to re-advertise; RFC 7313 §4 frames it with BoRR/EoRR).
     *
     * @throws IllegalArgumentException for a family other than IPv4 or IPv6 unicast
     */
    public void routeRefresh(InetAddress peer, AddressFamily family) {
        boolean ipv4 = isIpv4(family);
        PeerState s = peers.get(peer);
        if (s == null || !s.up) {
            return;
        }
        exports.resend(s, ipv4);
    }

    /** The learned best paths of both families (a copy). */
    public NavigableMap<IpPrefix, Path> locRib() {
        NavigableMap<IpPrefix, Path> out = new TreeMap<>();
        loc4.forEachBest((p, r) -> out.put(p, r.toPath(p)));
        loc6.forEachBest((p, r) -> out.put(p, r.toPath(p)));
        return out;
    }

    /** Number of prefixes with a learned best path (both families). */
    public int locRibSize() {
        return loc4.size() + loc6.size();
    }

    /** The ECMP next hops of the learned best path for {@code prefix} (first = the best's own), empty if none. */
    public List<InetAddress> nextHops(IpPrefix prefix) {
        return loc(prefix.isIpv4()).nextHops(prefix);
    }

    /** The locally originated prefixes (a copy). */
    public NavigableSet<IpPrefix> originated() {
        return new TreeSet<>(originated);
    }

    /** Prefixes in a peer's Adj-RIB-In, both families, before import policy (0 if unknown). */
    public int prefixesReceived(InetAddress peer) {
        PeerState s = peers.get(peer);
        return s == null ? 0 : s.in4.size() + s.in6.size();
    }

    /**
     * Prefixes in a peer's Adj-RIB-In of one family, before import policy (0 if unknown or not
     * IPv4/IPv6 unicast): per-family prefix limits (RFC 4486 §4).
     */
    public int prefixesReceived(InetAddress peer, AddressFamily family) {
        PeerState s = peers.get(peer);
        if (s == null) {
            return 0;
        }
        return family.equals(AddressFamily.IPV4_UNICAST) ? s.in4.size()
                : family.equals(AddressFamily.IPV6_UNICAST) ? s.in6.size() : 0;
    }

    /** Prefixes in a peer's Adj-RIB-Out, both families (0 if not Established). */
    public int prefixesAdvertised(InetAddress peer) {
        PeerState s = peers.get(peer);
        return s == null ? 0 : s.out4.size() + s.out6.size();
    }

    /** A copy of a peer's Adj-RIB-Out: prefix to the attributes sent (IPv6: without the next hop, which MP_REACH_NLRI carries). */
    public NavigableMap<IpPrefix, List<PathAttribute>> adjRibOut(InetAddress peer) {
        NavigableMap<IpPrefix, List<PathAttribute>> out = new TreeMap<>();
        PeerState s = peers.get(peer);
        if (s != null) {
            s.out4.forEach((p, a) -> out.put(p, a.toWire(true)));
            s.out6.forEach((p, a) -> out.put(p, a.toWire(false)));
        }
        return out;
    }

    /** A copy of a peer's Adj-RIB-Out in RIB form, both families. */
    public NavigableMap<IpPrefix, RouteAttributes> adjRibOutAttributes(InetAddress peer) {
        NavigableMap<IpPrefix, RouteAttributes> out = new TreeMap<>();
        PeerState s = peers.get(peer);
        if (s != null) {
            s.out4.forEach(out::put);
            s.out6.forEach(out::put);
        }
        return out;
    }

    /** True for IPv4 unicast, false for IPv6 unicast; the RIB carries no other family. */
    private static boolean isIpv4(AddressFamily family) {
        if (family.equals(AddressFamily.IPV4_UNICAST)) {
            return true;
        }
        if (family.equals(AddressFamily.IPV6_UNICAST)) {
            return false;
        }
        throw new IllegalArgumentException("unsupported family " + family);
    }

    private LocRib loc(boolean ipv4) {
        return ipv4 ? loc4 : loc6;
    }

    private void setCandidate(Batch b, boolean ipv4, IpPrefix p, PeerState s, Route r) {
        loc(ipv4).set(p, s, r, ipv4 ? b.v4 : b.v6);
    }

    private void finish(Batch b) {
        List<IpPrefix> changed4 = recompute(b.v4, loc4, exporting(true));
        List<IpPrefix> changed6 = recompute(b.v6, loc6, exporting(false));
        if (b.v4.clear() & b.v6.clear()) {
            spare = b;
        }
        exportAll(changed4, changed6);
    }

    /** True if some Established peer may be sent a change of this family (see {@link RibExports#family}). */
    private boolean exporting(boolean ipv4) {
        for (PeerState s : peers.values()) {
            if (s.up && RibExports.mayExport(s, ipv4)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Best paths of the touched prefixes; returns those whose best path (or multipath set)
     * changed, or nothing when {@code exporting} is false (no peer to send them to).
     */
    private List<IpPrefix> recompute(Touched touched, LocRib loc, boolean exporting) {
        boolean tell = output.wantsBestPaths();
        boolean ipv4 = touched.ipv4();
        Ipv4Prefixes.Builder changed4 = ipv4 && exporting ? new Ipv4Prefixes.Builder(touched.size()) : null;
        List<IpPrefix> changed6 = ipv4 || !exporting ? null : new ArrayList<>();
        for (int i = 0; i < touched.size(); i++) {
            if (!loc.select(touched, i)) {
                continue;
            }
            if (changed4 != null) {
                changed4.add(touched.key(i));
            } else if (changed6 != null) {
                changed6.add(touched.prefix(i));
            }
            if (tell) {
                IpPrefix p = touched.prefix(i);
                Route best = loc.selected();
                output.bestPathChanged(p, best == null ? Optional.empty() : Optional.of(best.toPath(p)),
                        best == null ? List.of()
                        : options.maxPaths() > 1 ? loc.selectedNextHops() : List.of(best.attributes.nextHop()));
            }
        }
        return changed4 != null ? changed4.build() : changed6 != null ? changed6 : List.of();
    }

    private void exportAll(List<IpPrefix> v4, List<IpPrefix> v6) {
        if (v4.isEmpty() && v6.isEmpty()) {
            return;
        }
        for (PeerState s : peers.values()) {
            if (s.up) {
                exports.family(s, true, v4);
                exports.family(s, false, v6);
            }
        }
    }
}
