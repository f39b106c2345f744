package dev.weft.bench.bgp;

import dev.weft.agent.routing.FibWarmUp;
import dev.weft.agent.routing.KernelRouteSync;
import dev.weft.bgp.policy.Policy;
import dev.weft.bgp.server.BgpSpeaker;
import dev.weft.bgp.server.PeerConfig;
import dev.weft.bgp.server.PeerStatus;
import dev.weft.bgp.server.SpeakerConfig;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Weft's speaker as the benchmark receiver (its own JVM, in the receiver's namespace): listens on
 * {@code --listen IP:179}, one passive eBGP peer with accept-all import and export policies (so
 * RFC 8212 lets the routes in), RIB only unless a best-path listener is attached by a caller.
 * Polls its own peer status every 2 ms and prints {@code ESTABLISHED <epoch ms>} and
 * {@code FIRST <epoch ms> <count>} when the first routes are in, and {@code ALL <epoch ms> <count>}
 * when the Adj-RIB-In (and so the Loc-RIB: accept-all import) holds {@code --expect} prefixes;
 * then stays up until killed. Export is reject-all by default (as BIRD's {@code export none} in
 * the benchmark: nothing to send back), {@code --export all} accepts all. With {@code --originate PREFIX} it
 * announces that prefix.
 *
 * <p>With {@code --fib} the learned routes also go into the kernel FIB of the namespace it runs
 * in, through the agent's own code path: a {@link KernelRouteSync} (Weft's route protocol
 * {@value #ROUTE_PROTOCOL}, full resync every {@code --route-resync} seconds, default 10 as the
 * agent's {@code --route-resync}) attached as the speaker's best-path listener, exactly as
 * {@code RoutingController} attaches it, with ECMP up to {@value #MAX_PATHS} paths as the agent's
 * default. Whoever measures the FIB watches the kernel (FibWatch); this process reports RIB times
 * only.
 */
public final class WeftBenchReceiver {
    /** Weft's route protocol number (the agent's {@code WeftAgent.ROUTE_PROTOCOL}). */
    static final int ROUTE_PROTOCOL = 87;
    /** ECMP paths per prefix (the agent's {@code RoutingPlanner.DEFAULT_MAX_PATHS}). */
    static final int MAX_PATHS = 8;

    private WeftBenchReceiver() {}

    /**
     * Waits until the JIT compilers have been idle for 200 ms (at most 5 s): methods the warm-ups
     * queued for compilation are compiled by then, as in a daemon that has been up for a while,
     * instead of competing with the first table for the two cores. Returns the milliseconds waited.
     */
    static long awaitJitQuiet() throws InterruptedException {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        long t0 = System.nanoTime();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return 0;
        }
        long last = jit.getTotalCompilationTime();
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < 200_000_000L && System.nanoTime() - t0 < 5_000_000_000L) {
            Thread.sleep(20);
            long now = jit.getTotalCompilationTime();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            }
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    public static void main(String[] args) throws Exception {
        String listen = "10.0.0.2";
        String peer = "10.0.0.1";
        long localAs = 65002;
        long peerAs = 65001;
        int expect = -1;
        String originate = null;
        boolean exportAll = false;
        boolean fib = false;
        int routeResync = 10;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--listen" -> listen = args[++i];
                case "--peer" -> peer = args[++i];
                case "--local-as" -> localAs = Long.parseLong(args[++i]);
                case "--peer-as" -> peerAs = Long.parseLong(args[++i]);
                case "--expect" -> expect = Integer.parseInt(args[++i]);
                case "--originate" -> originate = args[++i];
                case "--export" -> exportAll = args[++i].equals("all");
                case "--fib" -> fib = true;
                case "--route-resync" -> routeResync = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        InetAddress peerAddress = IpAddresses.parse(peer);
        SpeakerConfig config = SpeakerConfig.of(localAs, IpAddresses.parseIpv4(listen))
                .withListen(IpAddresses.parse(listen), SpeakerConfig.BGP_PORT)
                // as the agent runs it; -Dweft.bench.noWarmUp=true measures the cold JIT instead
                .withIngestWarmUp(!Boolean.getBoolean("weft.bench.noWarmUp"));
        BgpSpeaker speaker;
        CompletableFuture<Long> fibWarmUp = CompletableFuture.completedFuture(0L);
        if (fib) {
            KernelRouteSync kernel = new KernelRouteSync(ROUTE_PROTOCOL, Duration.ofSeconds(routeResync));
            kernel.endStartupGrace(); // a fresh namespace: nothing of a previous run to keep
            speaker = BgpSpeaker.start(config.withMaxPaths(MAX_PATHS));
            speaker.addBestPathListener(kernel);
            if (!Boolean.getBoolean("weft.bench.noWarmUp")) {
                fibWarmUp = FibWarmUp.start(ROUTE_PROTOCOL); // as the agent's --fib-warm-up
            }
        } else {
            speaker = BgpSpeaker.start(config);
        }
        if (originate != null) {
            speaker.originate(IpPrefix.parse(originate));
        }
        // A running agent has logged long before its first session; so has this receiver, so that
        // the first log line of the session (PeerController's "Established") does not pay for
        // starting the logging (through the agent's System.Logger-to-SLF4J bridge) inside the time
        System.getLogger(WeftBenchReceiver.class.getName()).log(System.Logger.Level.INFO,
                "bench receiver: speaker AS " + localAs + " listening on " + listen);
        // The peer is configured once the JIT warm-up is done (the sender's connects are refused
        // until then and it retries every 20 ms): the time measured is the ingest of a running
        // speaker, as for BIRD; the start-up cost is in the restart measurement.
        long warm = speaker.ingestWarmUp().get();
        if (warm > 0) {
            System.out.println("WARMUP " + warm + " ms");
        }
        long quiet = awaitJitQuiet();
        System.out.println("JITQUIET " + quiet + " ms");
        long fibWarm = fibWarmUp.get();
        if (fibWarm > 0) {
            System.out.println("FIBWARMUP " + fibWarm + " ms");
        }
        speaker.addPeer(PeerConfig.of(peerAddress, peerAs).withPassive(true)
                .withPolicies(Optional.of(Policy.acceptAll()),
                Optional.of(exportAll || originate != null ? Policy.acceptAll() : Policy.rejectAll())));
        System.out.println("LISTENING " + System.currentTimeMillis());
        System.out.flush();
        boolean established = false;
        boolean first = false;
        while (true) {
            PeerStatus st = speaker.peers().get(0);
            if (!established && st.state().equals("Established")) {
                established = true;
                System.out.println("ESTABLISHED " + System.currentTimeMillis());
                System.out.flush();
            }
            if (!first && st.prefixesReceived() > 0) {
                first = true;
                System.out.println("FIRST " + System.currentTimeMillis() + " " + st.prefixesReceived());
                System.out.flush();
            }
            if (expect >= 0 && st.prefixesReceived() >= expect) {
                System.out.println("ALL " + System.currentTimeMillis() + " " + st.prefixesReceived());
                System.out.flush();
                expect = -1;
            }
            Thread.sleep(10); // as often as bgp-bench asks BIRD, FRR and GoBGP (each query costs the receiver)
        }
    }
}
