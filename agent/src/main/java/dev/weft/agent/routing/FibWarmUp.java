package dev.weft.agent.routing;

import dev.weft.bgp.server.BestPath;
import dev.weft.bgp.wire.OriginType;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import dev.weft.netlink.NetNs;
import dev.weft.netlink.Netlink;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JIT warm-up of the kernel route path — best path → {@link KernelRouteSync} →
 * {@code RouteTableReconciler} → netlink batches — so that the first full table a freshly started
 * agent learns is written by compiled code (a cold path wrote a 100k-route table about 0.5–0.9 s
 * slower, bench/README.md).
 *
 * <p>Runs the real code against a real kernel, but never the host's tables: a throwaway
 * {@link KernelRouteSync} writes into a private network namespace ({@link NetNs#callInPrivate}:
 * a veth pair with {@value #LINK_ADDRESS}/24, invisible to anything else), adds {@code routes}
 * synthetic /32s from 198.18.0.0/15 (RFC 2544 benchmarking space) via {@value #NEXT_HOP},
 * deletes them, {@code rounds} times, and closes; the namespace and everything in it is freed by
 * the kernel with its last socket. Costs 1–4 s of one core for the defaults (2.6–3.9 s measured
 * beside the BGP ingest warm-up on two shared cores), in the background.
 */
public final class FibWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(FibWarmUp.class);

    /** Synthetic /32s per round (the defaults). */
    public static final int ROUTES = 30_000;
    /** Add + delete rounds (the defaults). */
    public static final int ROUNDS = 3;
    static final String LINK_ADDRESS = "10.255.0.1";
    static final String NEXT_HOP = "10.255.0.2";
    private static final int FIRST = 0xC612_0000; // 198.18.0.0

    private FibWarmUp() {}

    /**
     * Starts the warm-up on its own daemon thread.
     *
     * @param protocol the route protocol to write with (the agent's, 1–255; only inside the
     *     private namespace)
     * @return completes with the duration in milliseconds, or exceptionally (e.g. EPERM without
     *     CAP_SYS_ADMIN: the agent then simply runs cold)
     */
    public static CompletableFuture<Long> start(int protocol) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                done.complete(run(protocol, ROUTES, ROUNDS));
            } catch (Throwable e) {
                LOG.warn("kernel route warm-up failed (the route path starts cold): {}", e.toString());
                done.completeExceptionally(e);
            }
        }, "weft-fib-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
        return done;
    }

    /**
     * Runs the warm-up on the calling thread.
     *
     * @param routes synthetic /32s per round, 1–131,072
     * @param rounds add + delete rounds, ≥ 1
     * @return the duration in milliseconds
     * @throws IllegalStateException if a round did not leave the private table as expected
     * @throws dev.weft.netlink.NetlinkException if the private namespace cannot be made (EPERM
     *     without CAP_SYS_ADMIN)
     */
    public static long run(int protocol, int routes, int rounds) throws Exception {
        if (routes < 1 || routes > 131_072 || rounds < 1) {
            throw new IllegalArgumentException("routes 1-131072 and rounds >= 1, got " + routes + ", " + rounds);
        }
        long start = System.nanoTime();
        InetAddress nextHop = IpAddresses.parse(NEXT_HOP);
        List<Long> asPath = List.of(64_512L);
        Netlink nl = openPrivate(); // fails here, with unshare(2)'s errno, where namespaces cannot be made
        KernelRouteSync sync = new KernelRouteSync(protocol, Duration.ofDays(1), () -> nl, false); // closes nl
        try {
            sync.endStartupGrace();
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < routes; i++) {
                    IpPrefix p = IpPrefix.of(IpAddresses.fromIpv4Int(FIRST + i), 32);
                    sync.bestPathChanged(p, Optional.of(new BestPath(p, nextHop, asPath, nextHop, 64_512L, OriginType.IGP,
                            Optional.empty(), 100, List.of(), List.of(nextHop))));
                }
                sync.syncNow(Duration.ofSeconds(60));
                check(sync, routes, round);
                for (int i = 0; i < routes; i++) {
                    sync.bestPathChanged(IpPrefix.of(IpAddresses.fromIpv4Int(FIRST + i), 32), Optional.empty());
                }
                sync.syncNow(Duration.ofSeconds(60));
                check(sync, 0, round);
            }
        } finally {
            sync.close();
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        LOG.info("kernel route path warmed up in a private network namespace: {} × {} routes added and removed in {} ms",
                rounds, routes, ms);
        return ms;
    }

    private static void check(KernelRouteSync sync, int expected, int round) {
        if (sync.installedCount() != expected) {
            throw new IllegalStateException("warm-up round " + round + ": " + sync.installedCount()
                    + " routes installed, expected " + expected + "; last pass " + sync.lastResult());
        }
    }

    /** A netlink socket in a new private namespace holding the veth the synthetic routes go via. */
    private static Netlink openPrivate() {
        return NetNs.callInPrivate(() -> {
            Netlink nl = Netlink.open();
            try {
                nl.createVethPair("wwu0", "wwu1", 0, null);
                nl.setLinkUp("wwu0");
                nl.setLinkUp("wwu1");
                nl.addAddress("wwu0", IpAddresses.parse(LINK_ADDRESS), 24);
                return nl;
            } catch (RuntimeException e) {
                nl.close();
                throw e;
            }
        });
    }
}
