package dev.weft.bench.bgp;

import dev.weft.common.net.IpAddresses;
import dev.weft.netlink.KernelRoute;
import dev.weft.netlink.Netlink;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Watches a receiver's kernel FIB fill up and checks it at the end (the {@code --fib} mode of
 * {@code bench/bgp/bgp-bench}). Runs in the root namespace; the receiver's namespace is reached
 * through the receiver's process ({@code /proc/PID/net/fib_triestat}, {@link FibTrieStat}) and its
 * netns path (the final netlink dump).
 *
 * <p>At start it reads the table's route count as the baseline (connected and local routes) and
 * prints {@code BASELINE <count>}; the caller starts the sender after that line. It then polls
 * until the count reaches baseline + {@code --expect} and prints {@code FIB <epoch ms> <count>
 * <previous poll epoch ms>} (the routes were all in at some moment between the two times), then
 * {@code POLLS <polls> <ms spent reading> <ms elapsed>} — the polling overhead. The poll interval
 * adapts: after a read that took {@code c} ms the next comes {@code c / duty} ms later (at least
 * 2 ms), so reading takes at most {@code --duty} (default 0.1) of one core; when the install rate
 * seen so far says the last routes arrive before that, one extra read is made at the predicted
 * moment (then reading takes at most a third of a core). Finally it dumps the table over netlink inside the namespace and prints {@code VERIFY
 * ok|FAIL ...} ({@link FibCheck}: exactly N /32s via {@code --gateway}); exit code 0 only if ok.
 *
 * <p>{@code FibWatch --pid PID --netns /run/netns/NAME --expect N --gateway IP [--table 254]
 * [--duty 0.1] [--timeout-s 900]}
 */
public final class FibWatch {
    private FibWatch() {}

    public static void main(String[] args) throws Exception {
        long pid = -1;
        Path netns = null;
        int expect = -1;
        InetAddress gateway = null;
        int table = FibTrieStat.MAIN;
        double duty = 0.1;
        long timeoutS = 900;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--pid" -> pid = Long.parseLong(args[++i]);
                case "--netns" -> netns = Path.of(args[++i]);
                case "--expect" -> expect = Integer.parseInt(args[++i]);
                case "--gateway" -> gateway = IpAddresses.parse(args[++i]);
                case "--table" -> table = Integer.parseInt(args[++i]);
                case "--duty" -> duty = Double.parseDouble(args[++i]);
                case "--timeout-s" -> timeoutS = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (pid < 0 || netns == null || expect < 0 || gateway == null || !(duty > 0 && duty <= 1)) {
            throw new IllegalArgumentException("--pid, --netns, --expect and --gateway are required; 0 < --duty <= 1");
        }
        long baseline = Math.max(0, FibTrieStat.read(pid, table));
        System.out.println("BASELINE " + baseline);
        System.out.flush();
        long target = baseline + expect;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        long polls = 0;
        long readNanos = 0;
        long t0 = System.currentTimeMillis();
        long prevMs = t0;
        long firstMs = -1;
        long firstCount = baseline;
        while (true) {
            long r0 = System.nanoTime();
            long count = FibTrieStat.read(pid, table);
            long r1 = System.nanoTime();
            long nowMs = System.currentTimeMillis();
            polls++;
            readNanos += r1 - r0;
            if (count >= target) {
                System.out.println("FIB " + nowMs + " " + (count - baseline) + " " + prevMs);
                break;
            }
            if (r1 > deadline) {
                System.out.println("TIMEOUT " + nowMs + " " + (count - baseline));
                System.out.flush();
                System.exit(3);
            }
            if (firstMs < 0 && count > baseline) {
                firstMs = nowMs;
                firstCount = count;
            }
            prevMs = nowMs;
            long gapMs = Math.max(2, (long) ((r1 - r0) / 1e6 / duty));
            if (firstMs >= 0 && nowMs > firstMs && count > firstCount) {
                double perMs = (count - firstCount) / (double) (nowMs - firstMs);
                long etaMs = (long) Math.ceil((target - count) / perMs);
                // at most one read in three of the tail's time (the extra read is cut short, not repeated)
                gapMs = Math.max(Math.max(2, 2 * (r1 - r0) / 1_000_000), Math.min(gapMs, etaMs + 1));
            }
            Thread.sleep(gapMs);
        }
        System.out.println("POLLS " + polls + " " + readNanos / 1_000_000 + " " + (System.currentTimeMillis() - t0));
        System.out.flush();
        List<KernelRoute> routes;
        try (Netlink nl = Netlink.openIn(netns)) {
            routes = nl.listRoutes(Netlink.AF_INET, table);
        }
        FibCheck check = FibCheck.of(routes, expect, gateway);
        System.out.println("VERIFY " + check);
        System.out.flush();
        System.exit(check.ok() ? 0 : 1);
    }
}
