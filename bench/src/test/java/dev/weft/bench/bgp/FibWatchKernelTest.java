package dev.weft.bench.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.common.net.IpAddresses;
import dev.weft.netlink.Netlink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * FibWatch's two readings against a real kernel: the fib_triestat count of a namespace (through a
 * process in it) follows routes added with iproute2, and the netlink check of the table tells a
 * complete table from one with a missing route or a wrong next hop. Namespace {@code wbbt-fib}
 * (not {@code wbb-*}, which bgp-bench deletes; root needed); leftovers are removed first.
 */
class FibWatchKernelTest {
    private static final String NS = "wbbt-fib";
    private Process holder;

    private static void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    private static void deleteNamespace() throws InterruptedException, IOException {
        new ProcessBuilder("ip", "netns", "del", NS).redirectErrorStream(true).start().waitFor();
    }

    @BeforeEach
    void setUp() throws Exception {
        deleteNamespace();
        run("ip", "netns", "add", NS);
        run("ip", "-n", NS, "link", "set", "lo", "up");
        run("ip", "-n", NS, "link", "add", "t0", "type", "veth", "peer", "name", "t1");
        run("ip", "-n", NS, "addr", "add", "10.0.0.2/29", "dev", "t0");
        run("ip", "-n", NS, "link", "set", "t0", "up");
        run("ip", "-n", NS, "link", "set", "t1", "up");
        // a process in the namespace: its /proc/PID/net is the namespace's
        holder = new ProcessBuilder("ip", "netns", "exec", NS, "sleep", "60").start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (holder != null) {
            holder.destroy();
            holder.waitFor(5, TimeUnit.SECONDS);
        }
        deleteNamespace();
    }

    private void addRoutes(Path dir, int from, int to, String via) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            b.append("route add ").append(BenchUpdates.prefix(i)).append(" via ").append(via).append(" proto 87\n");
        }
        Path f = Files.writeString(dir.resolve("routes-" + from), b);
        run("ip", "-n", NS, "-batch", f.toString());
    }

    @Test
    void countAndCheckFollowTheKernelTable(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        long pid = holder.pid();
        // until `ip netns exec` has entered the namespace and exec'd sleep, /proc/PID/net is the
        // root namespace's (a baseline read then was one too many in CI)
        Path comm = Path.of("/proc/" + pid + "/comm");
        for (int i = 0; i < 250 && !Files.readString(comm).strip().equals("sleep"); i++) {
            Thread.sleep(20);
        }
        assertThat(Files.readString(comm).strip()).isEqualTo("sleep");
        long baseline = FibTrieStat.read(pid, FibTrieStat.MAIN);
        assertThat(baseline).isPositive(); // the connected /30 and the local addresses
        addRoutes(dir, 0, 300, "10.0.0.1");
        assertThat(FibTrieStat.read(pid, FibTrieStat.MAIN)).isEqualTo(baseline + 300);

        assertThat(check(300).ok()).isTrue();
        assertThat(check(300).protocols()).containsEntry(87, 300);
        assertThat(check(301).missing()).isEqualTo(1);

        run("ip", "-n", NS, "route", "del", BenchUpdates.prefix(7).toString());
        run("ip", "-n", NS, "route", "replace", BenchUpdates.prefix(8).toString(), "via", "10.0.0.3", "proto", "87");
        assertThat(FibTrieStat.read(pid, FibTrieStat.MAIN)).isEqualTo(baseline + 299);
        FibCheck broken = check(300);
        assertThat(broken.ok()).isFalse();
        assertThat(broken.missing()).isEqualTo(1);
        assertThat(broken.wrongNextHop()).isEqualTo(1);
    }

    private static FibCheck check(int n) {
        try (Netlink nl = Netlink.openIn(Path.of("/run/netns", NS))) {
            List<dev.weft.netlink.KernelRoute> routes = nl.listRoutes(Netlink.AF_INET, FibTrieStat.MAIN);
            return FibCheck.of(routes, n, IpAddresses.parse("10.0.0.1"));
        }
    }
}
