package dev.weft.it.kube;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Processes and network namespaces of the Kubernetes end-to-end test: every namespace has the
 * prefix {@code wke-}, every process is started here and stopped by its own handle (SIGTERM,
 * then SIGKILL) in {@link #close}, in reverse order, followed by the namespaces and the
 * temporary directory (logs, sockets, kubeconfig, IPAM leases).
 */
final class Rig implements AutoCloseable {
    static final String PREFIX = "wke-";

    /** The output of one finished command. */
    record Result(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();

    Rig() throws IOException {
        removeLeftovers();
        dir = Files.createTempDirectory("weft-kube-e2e");
    }

    /** Deletes namespaces of this prefix a crashed earlier run left behind. */
    static void removeLeftovers() {
        for (String line : run(List.of("ip", "netns", "list"), Map.of()).stdout().split("\n")) {
            String name = line.split(" ")[0].trim();
            if (name.startsWith(PREFIX)) {
                run(List.of("ip", "netns", "del", name), Map.of());
            }
        }
    }

    /** Creates {@code name} (which must carry the prefix) with {@code lo} up and forwarding on. */
    void netns(String name) {
        if (!name.startsWith(PREFIX)) {
            throw new IllegalArgumentException(name + " lacks prefix " + PREFIX);
        }
        ok("ip", "netns", "add", name);
        namespaces.add(name);
        ok("ip", "-n", name, "link", "set", "lo", "up");
        ok("ip", "netns", "exec", name, "sysctl", "-qw", "net.ipv4.ip_forward=1");
    }

    /** Runs a command to completion (30 s at most); fails the test on a non-zero exit. */
    Result ok(String... cmd) {
        Result r = run(List.of(cmd), Map.of());
        if (r.exitCode() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed (" + r.exitCode() + "): " + r.all());
        }
        return r;
    }

    /** Runs {@code cmd} inside namespace {@code ns}, whatever its exit code. */
    Result in(String ns, String... cmd) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(cmd));
        return run(full, Map.of());
    }

    static Result run(List<String> cmd, Map<String, String> env) {
        return run(cmd, env, null);
    }

    /** Runs {@code cmd} with {@code stdin} (may be null) and extra environment; 30 s at most. */
    static Result run(List<String> cmd, Map<String, String> env, String stdin) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(env);
            Path out = Files.createTempFile("wke", ".out");
            Path err = Files.createTempFile("wke", ".err");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            try (var w = p.getOutputStream()) {
                if (stdin != null) {
                    w.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd);
            }
            Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts a long-running process (output to {@code dir/LOG.log}); stopped by {@link #close}. */
    Process start(String log, List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(log + ".log").toFile())).start();
        processes.add(p);
        return p;
    }

    /** The last 4000 characters of {@code dir/LOG.log}. */
    String log(String log) {
        try {
            String s = Files.readString(dir.resolve(log + ".log"));
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return "(no " + log + " log: " + e + ")";
        }
    }

    /** Polls {@code probe} every 250 ms until it holds or {@code limit} passes. */
    static boolean await(Duration limit, Supplier<Boolean> probe) {
        long end = System.nanoTime() + limit.toNanos();
        while (!probe.get()) {
            if (System.nanoTime() > end) {
                return false;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Stops every process started here (newest first, by handle), then deletes the namespaces. */
    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        for (String ns : namespaces) {
            run(List.of("ip", "netns", "del", ns), Map.of());
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // only temporary files are left behind
        }
    }

}
