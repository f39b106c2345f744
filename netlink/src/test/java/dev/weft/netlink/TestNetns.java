package dev.weft.netlink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A network namespace named {@code weft-tn-<suffix>} created with iproute2 for a kernel test, and
 * {@code ip} helpers to set it up and to check it. Deleted on close; leftovers of the prefix from
 * an earlier, crashed run are deleted by {@link #cleanupLeftovers()}.
 */
final class TestNetns implements AutoCloseable {
    static final String PREFIX = "weft-tn-";
    private final String name;

    private TestNetns(String name) {
        this.name = name;
    }

    /**
     * Creates the namespace. Also names Weft's route protocol for iproute2 (as the lab does), so
     * that {@code ip route} prints {@code proto weft} for protocol 87.
     */
    static TestNetns create(String suffix) {
        installRtProtoName();
        String n = PREFIX + suffix;
        run(List.of("ip", "netns", "del", n), true);
        run(List.of("ip", "netns", "add", n), false);
        TestNetns ns = new TestNetns(n);
        ns.ip("link", "set", "lo", "up");
        return ns;
    }

    static void installRtProtoName() {
        Path f = Path.of("/etc/iproute2/rt_protos.d/weft.conf");
        try {
            if (!Files.exists(f) || !Files.readString(f).contains("87")) {
                Files.createDirectories(f.getParent());
                Files.writeString(f, "87 weft\n");
            }
        } catch (IOException e) {
            throw new AssertionError("cannot write " + f, e);
        }
    }

    /** Deletes every namespace whose name starts with {@link #PREFIX}. */
    static void cleanupLeftovers() {
        cleanupLeftovers(PREFIX);
    }

    /** Deletes every namespace whose name starts with {@code prefix} (itself starting with {@link #PREFIX}). */
    static void cleanupLeftovers(String prefix) {
        if (!prefix.startsWith(PREFIX)) {
            throw new IllegalArgumentException(prefix);
        }
        for (String line : run(List.of("ip", "netns", "list"), false).split("\n")) {
            String n = line.trim().split("\\s+")[0];
            if (n.startsWith(prefix)) {
                run(List.of("ip", "netns", "del", n), true);
            }
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    String name() {
        return name;
    }

    Path path() {
        return Path.of("/var/run/netns", name);
    }

    /** Runs {@code ip -n NAME args...}; fails the test on a non-zero exit. */
    String ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        return run(cmd, false);
    }

    /** Runs {@code ip -n NAME args...}, ignoring failure (e.g. flushing a table that does not exist). */
    void ipIgnoringFailure(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        run(cmd, true);
    }

    /** Runs {@code ip netns exec NAME cmd...}; returns the exit code. */
    int exec(String... cmd) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(cmd));
        return exitCode(full);
    }

    /** Runs {@code ip netns exec NAME cmd...} and returns stdout; fails on a non-zero exit. */
    String execOut(String... cmd) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(List.of(cmd));
        return run(full, false);
    }

    @Override
    public void close() {
        run(List.of("ip", "netns", "del", name), true);
    }

    static String run(List<String> cmd, boolean ignoreFailure) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            if (rc != 0 && !ignoreFailure) {
                throw new AssertionError(String.join(" ", cmd) + " exited " + rc + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + cmd, e);
        }
    }

    static int exitCode(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + cmd, e);
        }
    }
}
