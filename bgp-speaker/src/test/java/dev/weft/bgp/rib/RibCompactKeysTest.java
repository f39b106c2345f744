package dev.weft.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.bgp.policy.Policy;
import dev.weft.bgp.policy.PrefixList;
import dev.weft.bgp.wire.CodecOptions;
import dev.weft.bgp.wire.Ipv4Prefixes;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.bgp.wire.Wire;
import dev.weft.common.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * UPDATEs as the decoder delivers them (IPv4 prefixes as compact keys, {@link Ipv4Prefixes}) and
 * the same UPDATEs built from {@link IpPrefix} lists take different paths through the RIB; both
 * must leave the same Adj-RIB-In, Loc-RIB and best-path changes, with competing peers, withdrawals,
 * re-announcements, a prefix-list import policy (evaluated per prefix) and a prefix-independent one.
 */
class RibCompactKeysTest {
    static Rib ribWithPeersUp(RibHarness out, List<RibPeer> peers) {
        Rib rib = new Rib(RibHarness.LOCAL_AS, out);
        peers.forEach(rib::peerUp);
        return rib;
    }

    @Test
    void decodedAndBuiltUpdatesGiveTheSameRib() throws Exception {
        RibPeer a = RibHarness.ebgp("10.0.0.2", 65002)
                .withPolicies(Optional.of(Policy.acceptAll()), Optional.of(Policy.rejectAll()));
        RibPeer b = RibHarness.ebgp("10.0.0.3", 65003)
                .withPolicies(Optional.of(Policy.agentImportDefault(PrefixList.of("100.64.0.0/16 le 32"))),
                        Optional.of(Policy.rejectAll()));
        RibPeer c = RibHarness.ibgp("10.0.0.4"); // ACCEPT_ALL both ways, exports to nobody else here
        List<RibPeer> peers = List.of(a, b, c);
        RibHarness outBuilt = new RibHarness();
        RibHarness outDecoded = new RibHarness();
        Rib built = ribWithPeersUp(outBuilt, peers);
        Rib decoded = ribWithPeersUp(outDecoded, peers);
        Random r = new Random(7);
        for (int round = 0; round < 60; round++) {
            RibPeer p = peers.get(r.nextInt(peers.size()));
            List<IpPrefix> nlri = new ArrayList<>();
            List<IpPrefix> withdrawn = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                IpPrefix q = IpPrefix.parse("100." + (63 + r.nextInt(3)) + "." + r.nextInt(4) + "." + r.nextInt(64) + "/32");
                if (!nlri.contains(q) && !withdrawn.contains(q)) {
                    (r.nextInt(4) == 0 ? withdrawn : nlri).add(q);
                }
            }
            long[] path = p == c ? new long[] {65010} : new long[] {p.asn(), 65010 + r.nextInt(2)};
            UpdateMessage u = RibHarness.announce(java.util.Arrays.stream(path).boxed().toList(), p.address().getHostAddress(),
                    List.of(), nlri.toArray(IpPrefix[]::new));
            u = new UpdateMessage(withdrawn, u.attributes(), u.nlri());
            UpdateMessage wire = (UpdateMessage) Wire.decode(Wire.encode(u, CodecOptions.FOUR_OCTET_AS), CodecOptions.FOUR_OCTET_AS,
                    new ArrayList<>());
            assertThat(wire.nlri()).isInstanceOf(Ipv4Prefixes.class);
            assertThat(built.update(p.address(), u)).isEqualTo(decoded.update(p.address(), wire));
        }
        assertThat(decoded.locRib()).isEqualTo(built.locRib()).isNotEmpty();
        for (RibPeer p : peers) {
            assertThat(decoded.prefixesReceived(p.address())).isEqualTo(built.prefixesReceived(p.address()));
        }
        assertThat(outDecoded.best).isEqualTo(outBuilt.best);
        assertThat(outDecoded.nextHops).isEqualTo(outBuilt.nextHops);
        // the prefix list kept peer b's routes outside 100.64.0.0/16 out of the Loc-RIB
        assertThat(decoded.locRib().entrySet()).noneMatch(e -> e.getValue().source().equals(b)
                && !IpPrefix.parse("100.64.0.0/16").contains(e.getKey()));
    }

    @Test
    void noBestPathObjectsWhenNobodyListens() {
        int[] calls = {0};
        Rib rib = new Rib(RibHarness.LOCAL_AS, new Rib.Output() {
            @Override
            public void bestPathChanged(IpPrefix prefix, Optional<Path> best) {
                calls[0]++;
            }

            @Override
            public void send(RibPeer peer, List<UpdateMessage> updates) {
            }

            @Override
            public boolean wantsBestPaths() {
                return false;
            }
        });
        RibPeer a = RibHarness.ebgp("10.0.0.2", 65002).withPolicies(Optional.of(Policy.acceptAll()), Optional.empty());
        rib.peerUp(a);
        rib.update(a.address(), RibHarness.announce(List.of(65002L), "10.0.0.2", List.of(), IpPrefix.parse("100.64.0.1/32")));
        assertThat(rib.locRibSize()).isEqualTo(1);
        assertThat(calls[0]).isZero();
    }

    /**
     * One RIB batch that touches the same prefixes several times (announce, withdraw, re-announce,
     * from competing peers) ends in the same Loc-RIB, and with the same final best path per
     * prefix, as the UPDATEs applied one at a time.
     */
    @Test
    void aBatchTouchingPrefixesRepeatedlyEndsAsTheUpdatesOneByOne() throws Exception {
        RibPeer a = RibHarness.ebgp("10.0.0.2", 65002).withPolicies(Optional.of(Policy.acceptAll()), Optional.of(Policy.rejectAll()));
        RibPeer b = RibHarness.ebgp("10.0.0.3", 65003).withPolicies(Optional.of(Policy.acceptAll()), Optional.of(Policy.rejectAll()));
        List<RibPeer> peers = List.of(a, b);
        RibHarness outBatch = new RibHarness();
        RibHarness outSingle = new RibHarness();
        Rib batch = ribWithPeersUp(outBatch, peers);
        Rib single = ribWithPeersUp(outSingle, peers);
        Random r = new Random(11);
        for (int round = 0; round < 20; round++) {
            RibPeer p = peers.get(r.nextInt(peers.size()));
            List<UpdateMessage> updates = new ArrayList<>();
            for (int u = 0; u < 8; u++) {
                List<IpPrefix> nlri = new ArrayList<>();
                List<IpPrefix> withdrawn = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    IpPrefix q = IpPrefix.parse("100.64.0." + r.nextInt(8) + "/32");
                    if (!nlri.contains(q) && !withdrawn.contains(q)) {
                        (r.nextInt(3) == 0 ? withdrawn : nlri).add(q);
                    }
                }
                UpdateMessage m = RibHarness.announce(List.of(p.asn(), 65010L + r.nextInt(3)), p.address().getHostAddress(),
                        List.of(), nlri.toArray(IpPrefix[]::new));
                m = new UpdateMessage(withdrawn, m.attributes(), m.nlri());
                updates.add((UpdateMessage) Wire.decode(Wire.encode(m, CodecOptions.FOUR_OCTET_AS), CodecOptions.FOUR_OCTET_AS,
                        new ArrayList<>()));
            }
            batch.update(p.address(), updates);
            for (UpdateMessage m : updates) {
                single.update(p.address(), m);
            }
            assertThat(batch.locRib()).as("round " + round).isEqualTo(single.locRib());
            for (IpPrefix q : outSingle.best.keySet()) {
                List<Optional<Path>> seenSingle = outSingle.best.get(q);
                List<Optional<Path>> seenBatch = outBatch.best.getOrDefault(q, List.of(Optional.empty()));
                assertThat(seenBatch.get(seenBatch.size() - 1)).as(q + " round " + round)
                        .isEqualTo(seenSingle.get(seenSingle.size() - 1));
            }
        }
        assertThat(batch.locRib()).isNotEmpty();
    }
}
