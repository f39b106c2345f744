package dev.weft.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measures installing N IPv4 /32 routes (default 100,000; {@code -Dweft.fib.benchRoutes=N},
 * {@code -Dweft.fib.benchRounds=R}, default 1 to keep the build short; the README figures use 3) in a fresh namespace {@code weft-tn-fib-bench}:
 * the reconciler's batched pass, one request per route with its own ACK (the pre-batch
 * reconciler), and {@code ip -batch} of the same routes; then the no-op full resync (a dump) and
 * deleting them all. Prints medians and the ratio to {@code ip -batch}; asserts only that every
 * route arrived (timings are reported, never asserted). The numbers are in netlink/README.md.
 */
@Tag("kernel")
class FibBatchBenchmarkTest {
    static final int WEFT = 87;

    @Test
    void batchedInstallVersusIpBatch() throws IOException {
        assumeTrue(TestNetns.isRoot(), "kernel tests need root");
        int n = Integer.getInteger("weft.fib.benchRoutes", 100_000);
        int rounds = Integer.getInteger("weft.fib.benchRounds", 1); // README figures: 3
        InetAddress gw = IpAddresses.parse("10.99.0.2");
        List<FibRoute> routes = new ArrayList<>(n);
        StringBuilder add = new StringBuilder();
        StringBuilder del = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String dst = "10." + (64 + (i >> 16)) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff) + "/32";
            routes.add(FibRoute.via(IpPrefix.parse(dst), List.of(gw)));
            add.append("route add ").append(dst).append(" via 10.99.0.2 proto 87\n");
            del.append("route del ").append(dst).append(" via 10.99.0.2 proto 87\n");
        }
        Path addFile = Files.createTempFile("weft-fib-add", ".batch");
        Path delFile = Files.createTempFile("weft-fib-del", ".batch");
        Files.writeString(addFile, add);
        Files.writeString(delFile, del);

        double[] batchAdd = new double[rounds];
        double[] batchNoop = new double[rounds];
        double[] delta = new double[rounds];
        double[] batchDel = new double[rounds];
        double[] ipAdd = new double[rounds];
        double[] ipDel = new double[rounds];
        double[] single = new double[rounds];
        TestNetns.cleanupLeftovers("weft-tn-fib-bench");
        try (TestNetns ns = TestNetns.create("fib-bench")) {
            ns.ip("link", "add", "v0", "type", "veth", "peer", "name", "v1");
            ns.ip("addr", "add", "10.99.0.1/24", "dev", "v0");
            ns.ip("link", "set", "v0", "up");
            ns.ip("link", "set", "v1", "up");
            try (Netlink nl = Netlink.openIn(ns.path())) {
                for (int r = 0; r < rounds; r++) {
                    RouteTableReconciler rec = new RouteTableReconciler(nl, WEFT);
                    long t0 = System.nanoTime();
                    SyncResult s = rec.apply(routes, true);
                    batchAdd[r] = seconds(t0);
                    assertThat(s.added()).isEqualTo(n);
                    assertThat(nl.listRoutes(Netlink.AF_INET, 254, WEFT)).hasSize(n);
                    t0 = System.nanoTime();
                    assertThat(rec.syncRoutes(routes, true).noChange()).isTrue();
                    batchNoop[r] = seconds(t0);
                    // 1 % of the table moves to another next hop: only those are written
                    java.util.Map<IpPrefix, java.util.Optional<FibRoute>> moved = new java.util.HashMap<>();
                    for (int i = 0; i < n; i += 100) {
                        moved.put(routes.get(i).destination(), java.util.Optional.of(FibRoute.via(routes.get(i).destination(),
                                List.of(IpAddresses.parse("10.99.0.3")))));
                    }
                    t0 = System.nanoTime();
                    assertThat(rec.applyChanges(254, moved, true).replaced()).isEqualTo(moved.size());
                    delta[r] = seconds(t0);
                    moved.replaceAll((k, v) -> java.util.Optional.of(FibRoute.via(k, List.of(gw))));
                    rec.applyChanges(254, moved, true);
                    t0 = System.nanoTime();
                    assertThat(rec.apply(List.of(), true).deleted()).isEqualTo(n);
                    batchDel[r] = seconds(t0);

                    t0 = System.nanoTime();
                    ns.ip("-batch", addFile.toString());
                    ipAdd[r] = seconds(t0);
                    assertThat(nl.listRoutes(Netlink.AF_INET, 254, WEFT)).hasSize(n);
                    t0 = System.nanoTime();
                    ns.ip("-batch", delFile.toString());
                    ipDel[r] = seconds(t0);

                    t0 = System.nanoTime();
                    for (FibRoute f : routes) {
                        nl.replaceRoute(f, WEFT); // one RTM_NEWROUTE + ACK round trip per route
                    }
                    single[r] = seconds(t0);
                    assertThat(nl.listRoutes(Netlink.AF_INET, 254, WEFT)).hasSize(n);
                    new RouteTableReconciler(nl, WEFT).apply(List.of(), true);
                }
            }
        } finally {
            Files.deleteIfExists(addFile);
            Files.deleteIfExists(delFile);
        }
        String report = String.format(
                "FIB install of %,d IPv4 /32 routes, medians of %d rounds (s; routes/s):%n"
                        + "  reconciler batched add      %.3f  %,.0f/s%n"
                        + "  ip -batch add               %.3f  %,.0f/s%n"
                        + "  one request+ACK per route   %.3f  %,.0f/s%n"
                        + "  reconciler no-op full resync %.3f%n"
                        + "  reconciler change of 1%% (%,d routes) %.4f%n"
                        + "  reconciler batched delete   %.3f  %,.0f/s%n"
                        + "  ip -batch delete            %.3f  %,.0f/s%n"
                        + "  ratio add: batched vs ip -batch %.1fx, vs one-per-route %.1fx; delete vs ip -batch %.1fx%n",
                n, rounds, median(batchAdd), n / median(batchAdd), median(ipAdd), n / median(ipAdd),
                median(single), n / median(single), median(batchNoop), (n + 99) / 100, median(delta), median(batchDel), n / median(batchDel),
                median(ipDel), n / median(ipDel), median(ipAdd) / median(batchAdd), median(single) / median(batchAdd),
                median(ipDel) / median(batchDel));
        System.out.print(report);
        Path out = Path.of("target", "fib-bench.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
