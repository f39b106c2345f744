package dev.weft.bgp.rib;

import dev.weft.bgp.wire.AsPathSegment;
import dev.weft.bgp.wire.AsPaths;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.HashMap;
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
 * Adj-RIB-In per peer, the Loc-RIB of learned best paths, locally originated prefixes and
 * Adj-RIB-Out per peer (RFC 4271 §3.2, §9). Not thread-safe: one thread owns it. Changes come
 * out through {@link Output}: best-path changes of learned routes, and the UPDATEs that bring
 * each peer's Adj-RIB-Out up to date.
 *
 * <p>Import: a route whose AS_PATH holds our AS is rejected (loop detection, §9.1.2); so is an
 * eBGP route whose AS_PATH does not start with the peer's AS (§6.3, handled as
 * treat-as-withdraw per RFC 7606). A rejected announcement withdraws that peer's earlier path.
 */
public final class Rib {
    /** Where RIB changes go. */
    public interface Output {
        /** The learned best path for {@code prefix} changed; empty = no route any more. */
        void bestPathChanged(IpPrefix prefix, Optional<Path> best);

        /** UPDATEs to send to {@code peer}, in order. */
        void send(RibPeer peer, List<UpdateMessage> updates);
    }

    private static final System.Logger LOG = System.getLogger(Rib.class.getName());

    private final long localAs;
    private final Output output;
    private final BestPathSelector selector = BestPathSelector.rfc4271();
    private final Map<InetAddress, PeerTables> peers = new HashMap<>();
    private final Map<IpPrefix, Map<InetAddress, Path>> candidates = new HashMap<>();
    private final Map<IpPrefix, Path> locRib = new HashMap<>();
    private final Set<IpPrefix> originated = new HashSet<>();

    private static final class PeerTables {
        final RibPeer peer;
        final Map<IpPrefix, Path> adjRibIn = new HashMap<>();
        final Map<IpPrefix, List<PathAttribute>> adjRibOut = new HashMap<>();

        PeerTables(RibPeer peer) {
            this.peer = peer;
        }
    }

    /** A RIB for the given local AS. */
    public Rib(long localAs, Output output) {
        this.localAs = localAs;
        this.output = Objects.requireNonNull(output, "output");
    }

    /** A peer reached Established: send it everything we advertise. Replaces a previous entry for the address. */
    public void peerUp(RibPeer peer) {
        if (peers.containsKey(peer.address())) {
            peerDown(peer.address());
        }
        peers.put(peer.address(), new PeerTables(peer));
        Set<IpPrefix> all = new HashSet<>(originated);
        all.addAll(locRib.keySet());
        export(all, List.of(peers.get(peer.address())));
    }

    /** A peer left Established: drop its Adj-RIB-In (withdrawing its routes) and Adj-RIB-Out. */
    public void peerDown(InetAddress address) {
        PeerTables t = peers.remove(address);
        if (t == null) {
            return;
        }
        Set<IpPrefix> affected = new HashSet<>(t.adjRibIn.keySet());
        for (IpPrefix p : affected) {
            removeCandidate(p, address);
        }
        recompute(affected);
    }

    /**
     * Applies an UPDATE from an Established peer.
     *
     * @return the number of announced prefixes rejected by loop detection or the first-AS check
     */
    public int update(InetAddress from, UpdateMessage update) {
        PeerTables t = peers.get(from);
        if (t == null) {
            return 0;
        }
        Set<IpPrefix> affected = new LinkedHashSet<>();
        for (IpPrefix p : update.withdrawn()) {
            if (t.adjRibIn.remove(p) != null) {
                removeCandidate(p, from);
                affected.add(p);
            }
        }
        int rejected = 0;
        if (!update.nlri().isEmpty()) {
            RouteAttributes attrs = RouteAttributes.fromUpdate(update, t.peer.codecOptions().fourOctetAs());
            String reject = rejectReason(t.peer, attrs);
            for (IpPrefix p : update.nlri()) {
                affected.add(p);
                if (reject != null) {
                    rejected++;
                    if (t.adjRibIn.remove(p) != null) {
                        removeCandidate(p, from);
                    }
                } else {
                    Path path = new Path(p, attrs, t.peer);
                    t.adjRibIn.put(p, path);
                    candidates.computeIfAbsent(p, k -> new HashMap<>()).put(from, path);
                }
            }
            if (reject != null) {
                LOG.log(System.Logger.Level.DEBUG, "rejected " + update.nlri().size() + " prefixes from "
                        + from.getHostAddress() + ": " + reject);
            }
        }
        recompute(affected);
        return rejected;
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
        return null;
    }

    /** Starts advertising a locally originated prefix to every peer. */
    public void originate(IpPrefix prefix) {
        originate(List.of(prefix));
    }

    /** Starts advertising locally originated prefixes to every peer, packed into as few UPDATEs as fit. */
    public void originate(Collection<IpPrefix> prefixes) {
        prefixes.forEach(Rib::requireIpv4);
        Set<IpPrefix> added = new LinkedHashSet<>();
        for (IpPrefix p : prefixes) {
            if (originated.add(p)) {
                added.add(p);
            }
        }
        export(added, peers.values());
    }

    /** Stops advertising a locally originated prefix (a learned best path may take its place). */
    public void withdrawOriginated(IpPrefix prefix) {
        if (originated.remove(prefix)) {
            export(Set.of(prefix), peers.values());
        }
    }

    /** Re-sends the whole Adj-RIB-Out of a peer (RFC 2918 §4). */
    public void routeRefresh(InetAddress peer) {
        PeerTables t = peers.get(peer);
        if (t == null) {
            return;
        }
        Map<List<PathAttribute>, List<IpPrefix>> announce = new LinkedHashMap<>();
        t.adjRibOut.forEach((p, attrs) -> announce.computeIfAbsent(attrs, k -> new ArrayList<>()).add(p));
        send(t, List.of(), announce);
    }

    /** The learned best paths (a copy). */
    public NavigableMap<IpPrefix, Path> locRib() {
        return new TreeMap<>(locRib);
    }

    /** The locally originated prefixes (a copy). */
    public NavigableSet<IpPrefix> originated() {
        return new TreeSet<>(originated);
    }

    /** Prefixes in a peer's Adj-RIB-In (0 if not Established). */
    public int prefixesReceived(InetAddress peer) {
        PeerTables t = peers.get(peer);
        return t == null ? 0 : t.adjRibIn.size();
    }

    /** Prefixes in a peer's Adj-RIB-Out (0 if not Established). */
    public int prefixesAdvertised(InetAddress peer) {
        PeerTables t = peers.get(peer);
        return t == null ? 0 : t.adjRibOut.size();
    }

    /** A copy of a peer's Adj-RIB-Out: prefix to the attributes sent. */
    public NavigableMap<IpPrefix, List<PathAttribute>> adjRibOut(InetAddress peer) {
        PeerTables t = peers.get(peer);
        return t == null ? new TreeMap<>() : new TreeMap<>(t.adjRibOut);
    }

    private void removeCandidate(IpPrefix p, InetAddress from) {
        Map<InetAddress, Path> m = candidates.get(p);
        if (m != null) {
            m.remove(from);
            if (m.isEmpty()) {
                candidates.remove(p);
            }
        }
    }

    private void recompute(Set<IpPrefix> affected) {
        if (affected.isEmpty()) {
            return;
        }
        Set<IpPrefix> changed = new LinkedHashSet<>();
        for (IpPrefix p : affected) {
            Map<InetAddress, Path> m = candidates.get(p);
            Optional<Path> best = m == null ? Optional.empty() : selector.select(m.values());
            Path old = best.isPresent() ? locRib.put(p, best.get()) : locRib.remove(p);
            if (!Objects.equals(old, best.orElse(null))) {
                changed.add(p);
                output.bestPathChanged(p, best);
            }
        }
        export(changed, peers.values());
    }

    private void export(Set<IpPrefix> prefixes, Collection<PeerTables> to) {
        if (prefixes.isEmpty()) {
            return;
        }
        for (PeerTables t : to) {
            List<IpPrefix> withdraw = new ArrayList<>();
            Map<List<PathAttribute>, List<IpPrefix>> announce = new LinkedHashMap<>();
            for (IpPrefix p : prefixes) {
                Optional<List<PathAttribute>> want = desired(p, t.peer);
                List<PathAttribute> have = t.adjRibOut.get(p);
                if (want.isEmpty()) {
                    if (have != null) {
                        t.adjRibOut.remove(p);
                        withdraw.add(p);
                    }
                } else if (!want.get().equals(have)) {
                    t.adjRibOut.put(p, want.get());
                    announce.computeIfAbsent(want.get(), k -> new ArrayList<>()).add(p);
                }
            }
            send(t, withdraw, announce);
        }
    }

    private void send(PeerTables t, List<IpPrefix> withdraw, Map<List<PathAttribute>, List<IpPrefix>> announce) {
        if (withdraw.isEmpty() && announce.isEmpty()) {
            return;
        }
        // deterministic order on the wire
        List<IpPrefix> sortedWithdraw = new ArrayList<>(withdraw);
        Collections.sort(sortedWithdraw);
        announce.values().forEach(Collections::sort);
        output.send(t.peer, UpdatePacker.pack(sortedWithdraw, announce, t.peer.codecOptions()));
    }

    private Optional<List<PathAttribute>> desired(IpPrefix p, RibPeer to) {
        if (originated.contains(p)) {
            return Optional.of(ExportPolicy.originated(localAs, to));
        }
        Path best = locRib.get(p);
        return best == null ? Optional.empty() : ExportPolicy.learned(localAs, best, to);
    }

    private static void requireIpv4(IpPrefix p) {
        if (!p.isIpv4()) {
            throw new IllegalArgumentException("only IPv4 unicast prefixes are carried: " + p);
        }
    }
}
