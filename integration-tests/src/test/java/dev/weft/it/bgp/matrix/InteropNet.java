package dev.weft.it.bgp.matrix;

import dev.weft.bgp.rib.RoutePolicy;
import dev.weft.bgp.server.PeerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Two network namespaces joined by a dual-stack veth for the interop matrix: {@code wbi-<tag>-d}
 * holds the daemon (and raw-socket peers), {@code wbi-<tag>-s} the speaker. IPv6 duplicate address
 * detection is off in both ({@code accept_dad=0}, addresses added {@code nodad}) so IPv6 sessions
 * start at once. Leftovers of the same tag (namespaces and the processes in them, which only these
 * tests start) are removed first; {@link #close()} removes everything again.
 */
public final class InteropNet implements AutoCloseable {
    static final String PREFIX = "wbi-";

    final String daemonNs;
    final String speakerNs;
    final String daemonDev;
    final String speakerDev;
    final Path dir;
    private final List<Process> processes = new ArrayList<>();

    /** Creates the pair; {@code tag} is 1–5 characters (interface names are limited to 15). */
    InteropNet(String tag) throws IOException {
        cleanLeftovers(PREFIX + tag + "-");
        daemonNs = PREFIX + tag + "-d";
        speakerNs = PREFIX + tag + "-s";
        daemonDev = PREFIX + tag + "-d0";
        speakerDev = PREFIX + tag + "-s0";
        dir = Files.createTempDirectory(PREFIX + tag);
        // daemons that drop root (FRR runs as user frr) must reach their subdirectory
        dir.toFile().setExecutable(true, false);
        dir.toFile().setReadable(true, false);
        try {
            sh("ip", "netns", "add", daemonNs);
            sh("ip", "netns", "add", speakerNs);
            for (String ns : List.of(daemonNs, speakerNs)) {
                sh("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0",
                        "net.ipv6.conf.default.accept_dad=0");
            }
            sh("ip", "link", "add", daemonDev, "netns", daemonNs, "type", "veth", "peer", "name", speakerDev, "netns", speakerNs);
            for (Family f : Family.values()) {
                for (int n : new int[] {1, 3, 4}) {
                    addAddress(daemonNs, daemonDev, f.daemonIp(n) + f.maskSuffix);
                }
                addAddress(speakerNs, speakerDev, f.speakerIp() + f.maskSuffix);
            }
            for (String[] nsDev : new String[][] {{daemonNs, daemonDev}, {speakerNs, speakerDev}}) {
                sh("ip", "-n", nsDev[0], "link", "set", "lo", "up");
                sh("ip", "-n", nsDev[0], "link", "set", nsDev[1], "up");
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static void addAddress(String ns, String dev, String cidr) {
        if (cidr.contains(":")) {
            sh("ip", "-n", ns, "addr", "add", cidr, "dev", dev, "nodad");
        } else {
            sh("ip", "-n", ns, "addr", "add", cidr, "dev", dev);
        }
    }

    /** The namespace file of the speaker's namespace. */
    Path speakerNsPath() {
        return Path.of("/var/run/netns", speakerNs);
    }

    /** The namespace file of the daemon's namespace. */
    Path daemonNsPath() {
        return Path.of("/var/run/netns", daemonNs);
    }

    /** Starts a long-running command in namespace {@code ns}, output to {@code <dir>/<name>.log}; stopped by {@link #close()}. */
    Process startIn(String ns, String name, List<String> cmd, List<String> env) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns, "env"));
        full.addAll(env);
        full.addAll(cmd);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
        synchronized (processes) {
            processes.add(p);
        }
        return p;
    }

    /** Starts a long-running command in the daemon namespace. */
    Process startInDaemonNs(String name, String... cmd) throws IOException {
        return startIn(daemonNs, name, List.of(cmd), List.of());
    }

    /** Stops one process started here: SIGTERM (SIGKILL if {@code abruptly}), then waits. */
    void stop(Process p, boolean abruptly) throws InterruptedException {
        if (abruptly) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        } else {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        synchronized (processes) {
            processes.remove(p);
        }
    }

    /** Runs a command inside the daemon namespace and returns stdout (fails on a non-zero exit). */
    String inDaemonNs(String... cmd) {
        return in(daemonNs, cmd);
    }

    /** Runs a command inside the daemon namespace and returns its output whatever its exit code. */
    String inDaemonNsAnyExit(String... cmd) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", daemonNs));
        full.addAll(List.of(cmd));
        return run(full);
    }

    /** Runs a command inside namespace {@code ns} and returns stdout (fails on a non-zero exit). */
    static String in(String ns, String... cmd) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(cmd));
        return sh(full.toArray(String[]::new));
    }

    /**
     * Cuts the link silently: every packet of {@code family} on the daemon's veth is
     * dropped by ip(6)tables in the daemon namespace (no RST, no ICMP), as a dead fibre would.
     */
    void cut(Family family) {
        in(daemonNs, family.iptables(), "-w", "-I", "INPUT", "-i", daemonDev, "-j", "DROP");
        in(daemonNs, family.iptables(), "-w", "-I", "OUTPUT", "-o", daemonDev, "-j", "DROP");
    }

    /** Undoes {@link #cut}. */
    void restore(Family family) {
        in(daemonNs, family.iptables(), "-w", "-D", "INPUT", "-i", daemonDev, "-j", "DROP");
        in(daemonNs, family.iptables(), "-w", "-D", "OUTPUT", "-o", daemonDev, "-j", "DROP");
    }

    /** The kernel's absolute {@code nstat} counter (e.g. TcpExtTCPMD5Failure) in namespace {@code ns}; history untouched. */
    static long nstat(String ns, String counter) {
        for (String line : in(ns, "nstat", "-asz", counter).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].equals(counter)) {
                return Long.parseLong(f[1]);
            }
        }
        return 0;
    }

    /** Contents of {@code <dir>/<name>.log}, or a note that there is none. */
    String log(String name) {
        try {
            return Files.readString(dir.resolve(name + ".log"));
        } catch (IOException e) {
            return "(no log " + name + ": " + e + ")";
        }
    }

    @Override
    public void close() throws IOException {
        List<Process> copy;
        synchronized (processes) {
            copy = List.copyOf(processes);
        }
        for (Process p : copy) {
            try {
                stop(p, false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        killAllIn(daemonNs);
        killAllIn(speakerNs);
        run(List.of("ip", "netns", "del", daemonNs));
        run(List.of("ip", "netns", "del", speakerNs));
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /**
     * Closes each of {@code resources} in order (null ones skipped), even when an earlier one fails;
     * then throws the first failure with the later ones added as suppressed.
     */
    static void closeAll(AutoCloseable... resources) throws Exception {
        Throwable first = null;
        for (AutoCloseable r : resources) {
            if (r == null) {
                continue;
            }
            try {
                r.close();
            } catch (Exception | Error e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first instanceof Error e) {
            throw e;
        }
        if (first != null) {
            throw (Exception) first;
        }
    }

    /** Removes namespaces whose names start with {@code prefix} and kills the processes in them (ours from an earlier run). */
    public static void cleanLeftovers(String prefix) {
        for (String line : run(List.of("ip", "netns", "list")).split("\n")) {
            String ns = line.split(" ")[0];
            if (ns.startsWith(prefix)) {
                killAllIn(ns);
                run(List.of("ip", "netns", "del", ns));
            }
        }
    }

    private static void killAllIn(String ns) {
        for (String pid : run(List.of("ip", "netns", "pids", ns)).split("\\s+")) {
            if (!pid.isBlank() && Long.parseLong(pid.trim()) != ProcessHandle.current().pid()) {
                run(List.of("kill", "-9", pid.trim()));
            }
        }
    }

    /** Runs a command; returns stdout+stderr, fails on a non-zero exit. */
    public static String sh(String... cmd) {
        Result r = exec(List.of(cmd));
        if (r.exit != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed (" + r.exit + "): " + r.output);
        }
        return r.output;
    }

    /** Runs a command; returns stdout+stderr whatever its exit code. */
    public static String run(List<String> cmd) {
        return exec(cmd).output;
    }

    private record Result(int exit, String output) {}

    private static Result exec(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + cmd);
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code peer} with accept-all import and export policies: RFC 8212 makes an eBGP peer without
     * explicit policies exchange nothing, and the matrix is about the protocol, not policy.
     */
    static PeerConfig acceptAll(PeerConfig peer) {
        return peer.withPolicies(Optional.of(RoutePolicy.ACCEPT_ALL), Optional.of(RoutePolicy.ACCEPT_ALL));
    }

    /** Polls {@code condition} every 100 ms until it holds or {@code timeout} passes; then fails with {@code detail}. */
    public static void await(Duration timeout, BooleanSupplier condition, Supplier<String> detail) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout + ": " + detail.get());
            }
            Thread.sleep(100);
        }
    }

    /** Checks {@code invariant} every 100 ms for {@code duration}; fails at the first sample where it does not hold. */
    static void holdsFor(Duration duration, BooleanSupplier invariant, Supplier<String> detail) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < deadline) {
            if (!invariant.getAsBoolean()) {
                throw new AssertionError("invariant broken: " + detail.get());
            }
            Thread.sleep(100);
        }
    }
}
