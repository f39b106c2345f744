package dev.weft.it.bgp;

import dev.weft.it.bgp.matrix.InteropNet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Two network namespaces joined by a veth pair for BGP interop tests: {@code <prefix>r} holds
 * the daemon (10.250.0.1/30), {@code <prefix>n} the speaker (10.250.0.2/30). Leftovers of the
 * prefix (namespaces and the processes inside them, which only these tests start) are removed
 * first; {@link #close()} removes everything again.
 */
final class BgpNetns implements AutoCloseable {
    static final String PREFIX = "weft-tb-";
    static final String DAEMON_IP = "10.250.0.1";
    static final String SPEAKER_IP = "10.250.0.2";

    final String daemonNs;
    final String speakerNs;
    final Path dir;
    private final List<Process> processes = new ArrayList<>();

    BgpNetns(String name) throws IOException {
        cleanLeftovers();
        daemonNs = PREFIX + name + "r";
        speakerNs = PREFIX + name + "n";
        dir = Files.createTempDirectory(PREFIX);
        sh("ip", "netns", "add", daemonNs);
        sh("ip", "netns", "add", speakerNs);
        String v0 = PREFIX + name + "0";
        String v1 = PREFIX + name + "1";
        sh("ip", "link", "add", v0, "netns", daemonNs, "type", "veth", "peer", "name", v1, "netns", speakerNs);
        sh("ip", "-n", daemonNs, "addr", "add", DAEMON_IP + "/30", "dev", v0);
        sh("ip", "-n", speakerNs, "addr", "add", SPEAKER_IP + "/30", "dev", v1);
        for (String[] nsDev : new String[][] {{daemonNs, v0}, {speakerNs, v1}}) {
            sh("ip", "-n", nsDev[0], "link", "set", "lo", "up");
            sh("ip", "-n", nsDev[0], "link", "set", nsDev[1], "up");
        }
    }

    /** The namespace file of the speaker's namespace. */
    Path speakerNsPath() {
        return Path.of("/var/run/netns", speakerNs);
    }

    /** Starts a long-running command inside the daemon namespace; stopped by {@link #close()}. */
    Process startInDaemonNs(String name, String... cmd) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", daemonNs));
        full.addAll(List.of(cmd));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
        processes.add(p);
        return p;
    }

    /** Stops one process started here (SIGTERM, then SIGKILL). */
    void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        processes.remove(p);
    }

    /** Runs a command inside the daemon namespace and returns stdout (fails on a non-zero exit). */
    String inDaemonNs(String... cmd) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", daemonNs));
        full.addAll(List.of(cmd));
        return sh(full.toArray(String[]::new));
    }

    String log(String name) {
        try {
            return Files.readString(dir.resolve(name + ".log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws Exception {
        for (Process p : List.copyOf(processes)) {
            stop(p);
        }
        run(List.of("ip", "netns", "del", daemonNs));
        run(List.of("ip", "netns", "del", speakerNs));
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    static void cleanLeftovers() {
        InteropNet.cleanLeftovers(PREFIX);
    }

    static String sh(String... cmd) {
        return InteropNet.sh(cmd);
    }

    private static String run(List<String> cmd) {
        return InteropNet.run(cmd);
    }

    /**
     * {@code peer} with accept-all import and export policies: RFC 8212 makes an eBGP peer without
     * explicit policies exchange nothing, and these tests are about the protocol, not policy.
     */
    static dev.weft.bgp.server.PeerConfig acceptAll(dev.weft.bgp.server.PeerConfig peer) {
        return peer.withPolicies(java.util.Optional.of(dev.weft.bgp.rib.RoutePolicy.ACCEPT_ALL),
                java.util.Optional.of(dev.weft.bgp.rib.RoutePolicy.ACCEPT_ALL));
    }

    /** Polls {@code condition} every 100 ms until it holds or {@code timeout} passes; then fails with {@code detail}. */
    static void await(Duration timeout, BooleanSupplier condition, Supplier<String> detail) throws InterruptedException {
        InteropNet.await(timeout, condition, detail);
    }
}
