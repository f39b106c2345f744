package dev.weft.bgp.rib;

import dev.weft.bgp.wire.AddressFamily;
import dev.weft.bgp.wire.CodecOptions;
import dev.weft.bgp.wire.PathAttribute;
import dev.weft.common.net.IpPrefix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The export side of the {@link Rib} (RFC 4271 §9.1.3, §9.2): what each peer's Adj-RIB-Out should
 * hold for a set of prefixes ({@link ExportRules}, then the peer's export policy, via
 * {@link ExportCalculator}), the difference to what it holds, and the UPDATEs that carry it (many
 * NLRI per attribute set, {@link UpdatePacker}). Runs on the RIB's thread; shares the RIB's
 * tables (the originated set and the Loc-RIBs are read, the peers' Adj-RIB-Out written).
 */
final class RibExports {
    private final long localAs;
    private final RibOptions options;
    private final RibPeer self;
    private final AttributeInterner interner;
    private final Set<IpPrefix> originated;
    private final LocRib loc4;
    private final LocRib loc6;
    private final Rib.Output output;

    RibExports(long localAs, RibOptions options, RibPeer self, AttributeInterner interner, Set<IpPrefix> originated,
            LocRib loc4, LocRib loc6, Rib.Output output) {
        this.localAs = localAs;
        this.options = options;
        this.self = self;
        this.interner = interner;
        this.originated = originated;
        this.loc4 = loc4;
        this.loc6 = loc6;
        this.output = output;
    }

    /** Re-sends {@code s}'s whole Adj-RIB-Out of one family (route refresh, RFC 2918 §4). */
    void resend(PeerState s, boolean ipv4) {
        Map<RouteAttributes, List<IpPrefix>> announce = new LinkedHashMap<>();
        s.out(ipv4).forEach((p, a) -> announce.computeIfAbsent(a, k -> new ArrayList<>()).add(p));
        send(s, ipv4, List.of(), announce);
    }

    /**
     * Brings {@code s}'s Adj-RIB-Out of one family in line for {@code prefixes} (changed best
     * paths or originated prefixes) and sends the difference, packed.
     */
    void family(PeerState s, boolean ipv4, List<IpPrefix> prefixes) {
        if (prefixes.isEmpty() || !mayExport(s, ipv4)) {
            return; // nothing advertised and nothing ever will be: skip the per-prefix pass
        }
        ExportCalculator calc = new ExportCalculator(localAs, options.effectiveClusterId(), s.peer, self, interner);
        PrefixTable<RouteAttributes> out = s.out(ipv4);
        LocRib loc = ipv4 ? loc4 : loc6;
        List<IpPrefix> withdraw = new ArrayList<>();
        Map<RouteAttributes, List<IpPrefix>> announce = new LinkedHashMap<>();
        RouteAttributes lastWant = null;
        List<IpPrefix> lastList = null;
        for (IpPrefix p : prefixes) {
            RouteAttributes want = originated.contains(p) ? calc.originated(p) : calc.learned(p, loc.best(p));
            RouteAttributes have = out.get(p);
            if (want == null) {
                if (have != null) {
                    out.remove(p);
                    withdraw.add(p);
                }
            } else if (want != have) {
                out.put(p, want);
                if (want != lastWant) {
                    lastWant = want;
                    lastList = announce.computeIfAbsent(want, k -> new ArrayList<>());
                }
                lastList.add(p);
            }
        }
        send(s, ipv4, withdraw, announce);
    }

    /**
     * False when {@code s} holds nothing of this family in its Adj-RIB-Out and its export policy
     * rejects everything (RFC 8212's eBGP default, BIRD's {@code export none}): no change of the
     * family can reach it.
     */
    static boolean mayExport(PeerState s, boolean ipv4) {
        return s.out(ipv4).size() != 0 || !s.peer.effectiveExport().rejectsAll();
    }

    private void send(PeerState s, boolean ipv4, List<IpPrefix> withdraw, Map<RouteAttributes, List<IpPrefix>> announce) {
        if (withdraw.isEmpty() && announce.isEmpty()) {
            return;
        }
        CodecOptions codec = s.peer.codecOptions();
        if (!ipv4) {
            Map<RouteAttributes, List<IpPrefix>> sorted = new LinkedHashMap<>();
            announce.forEach((a, ps) -> sorted.put(a, PrefixOrder.sorted(ps)));
            output.send(s.peer, UpdatePacker.packMp(AddressFamily.IPV6_UNICAST, PrefixOrder.sorted(withdraw), sorted,
                    codec, codec.maxMessageLength()));
            return;
        }
        Map<List<PathAttribute>, List<IpPrefix>> wire = new LinkedHashMap<>();
        announce.forEach((a, ps) -> wire.computeIfAbsent(a.toWire(true), k -> new ArrayList<>()).addAll(PrefixOrder.sorted(ps)));
        output.send(s.peer, UpdatePacker.packIpv4(PrefixOrder.sorted(withdraw), wire, codec, codec.maxMessageLength()));
    }
}
