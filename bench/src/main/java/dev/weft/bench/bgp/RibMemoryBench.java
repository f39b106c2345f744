package dev.weft.bench.bgp;

import dev.weft.bgp.rib.Path;
import dev.weft.bgp.rib.Rib;
import dev.weft.bgp.rib.RibOptions;
import dev.weft.bgp.rib.RibPeer;
import dev.weft.bgp.rib.RoutePolicy;
import dev.weft.bgp.wire.CodecOptions;
import dev.weft.bgp.wire.UpdateMessage;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Heap bytes per route of the RIB: loads N /32s (default 1,000,000) from one eBGP peer (then the
 * same N from a second peer, so every prefix has two candidates), through {@link Rib#update} in
 * UPDATEs of 800, and reports used heap after full GCs divided by N. The UPDATE objects are
 * built and dropped one at a time, so only the RIB stays reachable.
 *
 * <p>{@code java -cp weft-bench.jar:lib/* dev.weft.bench.bgp.RibMemoryBench [N]}
 */
public final class RibMemoryBench {
    private RibMemoryBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long[] changes = {0};
        Rib rib = new Rib(65002, RibOptions.of(IpAddresses.parseIpv4("10.0.0.2")), new Rib.Output() {
            @Override
            public void bestPathChanged(IpPrefix prefix, Optional<Path> best) {
                changes[0]++;
            }

            @Override
            public void send(RibPeer peer, List<UpdateMessage> updates) {}
        });
        long before = usedAfterGc();
        RibPeer a = peer("10.0.0.1", 65001);
        RibPeer b = peer("10.0.1.1", 65003);
        rib.peerUp(a);
        long t0 = System.nanoTime();
        load(rib, a, n);
        long t1 = System.nanoTime();
        long in = usedAfterGc();
        rib.peerUp(b);
        long t2 = System.nanoTime();
        long out = usedAfterGc();
        load(rib, b, n);
        long two = usedAfterGc();
        System.out.printf("routes: %,d per peer; best-path changes %,d; load of peer 1 %.2f s, export of it all to "
                + "peer 2 %.2f s (in-process, no decode)%n", n, changes[0], (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        System.out.printf("heap used: empty %.1f MiB; + 1 peer's routes %.1f MiB; + Adj-RIB-Out to a 2nd peer %.1f MiB;"
                + " + the same routes from the 2nd peer %.1f MiB%n", before / 1048576.0, in / 1048576.0,
                out / 1048576.0, two / 1048576.0);
        System.out.printf("bytes/route: Adj-RIB-In + Loc-RIB (one peer) %.1f; Adj-RIB-Out per peer %.1f; "
                + "a second candidate per prefix %.1f%n", (in - before) / (double) n, (out - in) / (double) n,
                (two - out) / (double) n);
        if (rib.locRibSize() != n) {
            throw new IllegalStateException("Loc-RIB has " + rib.locRibSize() + " prefixes, expected " + n);
        }
    }

    static RibPeer peer(String address, long as) {
        return new RibPeer(IpAddresses.parse(address), as, IpAddresses.parseIpv4(address), true,
                IpAddresses.parseIpv4("10.0.0.2"), CodecOptions.FOUR_OCTET_AS)
                .withPolicies(Optional.of(RoutePolicy.ACCEPT_ALL), Optional.of(RoutePolicy.ACCEPT_ALL));
    }

    static void load(Rib rib, RibPeer from, int n) {
        InetAddress addr = from.address();
        long t0 = System.nanoTime();
        List<UpdateMessage> updates = BenchUpdates.updates(n, from.asn(), IpAddresses.parseIpv4(addr.getHostAddress()));
        long t1 = System.nanoTime();
        for (UpdateMessage u : updates) {
            rib.update(addr, u);
        }
        System.out.printf("  %s: build UPDATE objects %.2f s, Rib.update %.2f s%n", addr.getHostAddress(),
                (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
    }

    static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
