package dev.weft.dataplane.iptables;

import dev.weft.dataplane.iptables.exec.CommandResult;
import dev.weft.dataplane.iptables.exec.CommandRunner;
import dev.weft.dataplane.iptables.exec.NetnsThread;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node and its Pods in network namespaces named {@code weft-ti-<id>-*}: the node namespace
 * {@code -h} (where the dataplane programs iptables and ipset, IPv4 and IPv6 forwarding on) and one
 * namespace per Pod, wired like Weft wires Pods: a veth {@code wft<pod>0} on the node, {@code eth0}
 * in the Pod ({@code 10.99.N.2/24}, {@code fd99:N::2/64}, default routes via the node side
 * {@code .1}/{@code ::1}). Every Pod serves TCP 80 and 81 (IPv4 and IPv6) from an in-process
 * listener opened inside its namespace. Deleted on close; {@link #cleanupLeftovers()} removes
 * namespaces of the prefix left by a crashed run.
 */
final class TestNet implements AutoCloseable {
    static final String PREFIX = "weft-ti-";
    final String host;
    private final Map<String, String> pods = new LinkedHashMap<>();
    private final List<ServerSocket> servers = new ArrayList<>();
    private final List<NetnsThread> threads = new ArrayList<>();

    private TestNet(String id) {
        this.host = PREFIX + id + "-h";
    }

    /** A node with Pods a (10.99.1.2), b (10.99.2.2) and c (10.99.3.2). */
    static TestNet threePods(String id) {
        TestNet net = new TestNet(id);
        try {
            net.setUp(List.of("a", "b", "c"));
        } catch (RuntimeException | Error e) {
            net.close();
            throw e;
        }
        return net;
    }

    /** A bare node namespace without Pods. */
    static TestNet nodeOnly(String id) {
        TestNet net = new TestNet(id);
        run("ip", "netns", "del", net.host);
        check(run("ip", "netns", "add", net.host));
        return net;
    }

    private void setUp(List<String> names) {
        run("ip", "netns", "del", host);
        check(run("ip", "netns", "add", host));
        ns(host, "ip", "link", "set", "lo", "up");
        ns(host, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        ns(host, "sysctl", "-q", "-w", "net.ipv6.conf.all.forwarding=1");
        int n = 1;
        for (String p : names) {
            String pns = host.substring(0, host.length() - 1) + p;
            run("ip", "netns", "del", pns);
            check(run("ip", "netns", "add", pns));
            pods.put(p, pns);
            String dev = "wft" + p + "0";
            check(run("ip", "-n", host, "link", "add", dev, "type", "veth", "peer", "name", "eth0", "netns", pns));
            ns(pns, "ip", "link", "set", "lo", "up");
            ns(pns, "ip", "addr", "add", "10.99." + n + ".2/24", "dev", "eth0");
            ns(pns, "ip", "-6", "addr", "add", "fd99:" + n + "::2/64", "dev", "eth0", "nodad");
            ns(pns, "ip", "link", "set", "eth0", "up");
            ns(pns, "ip", "route", "add", "default", "via", "10.99." + n + ".1");
            ns(pns, "ip", "-6", "route", "add", "default", "via", "fd99:" + n + "::1");
            ns(host, "ip", "addr", "add", "10.99." + n + ".1/24", "dev", dev);
            ns(host, "ip", "-6", "addr", "add", "fd99:" + n + "::1/64", "dev", dev, "nodad");
            ns(host, "ip", "link", "set", dev, "up");
            NetnsThread t = NetnsThread.enter(Path.of("/var/run/netns", pns));
            threads.add(t);
            for (int port : new int[] {80, 81}) {
                ServerSocket s = t.call(() -> {
                    ServerSocket ss = new ServerSocket();
                    ss.bind(new InetSocketAddress(port));
                    return ss;
                });
                servers.add(s);
                Thread acceptor = new Thread(() -> acceptLoop(s), "accept-" + pns + "-" + port);
                acceptor.setDaemon(true);
                acceptor.start();
            }
            n++;
        }
        // Wait until every veth has carrier and neighbours resolve, so a first SYN is never lost.
        n = 1;
        for (String pns : pods.values()) {
            waitForPing(pns, "10.99." + n + ".1");
            waitForPing(pns, "fd99:" + n + "::1");
            n++;
        }
    }

    private static void waitForPing(String ns, String address) {
        for (int i = 0; i < 50; i++) {
            if (run("ip", "netns", "exec", ns, "ping", "-c", "1", "-W", "1", "-i", "0.2", address).ok()) {
                return;
            }
        }
        throw new AssertionError(ns + " cannot reach " + address);
    }

    private static void acceptLoop(ServerSocket s) {
        while (!s.isClosed()) {
            try (Socket c = s.accept()) {
                c.getOutputStream().write('k');
            } catch (IOException e) {
                // closed, or a client gone: keep serving until closed
            }
        }
    }

    /** A runner for the node namespace. */
    CommandRunner runner() {
        return CommandRunner.inNetns(host);
    }

    /**
     * Opens a new TCP connection from Pod {@code from} to {@code to}:{@code port} and reads the
     * server's one-byte greeting (so the handshake and a reply both passed). False if it does not
     * complete within 1 s (a DROP) or is refused.
     */
    boolean connects(String from, InetAddress to, int port) {
        NetnsThread t = threads.get(new ArrayList<>(pods.keySet()).indexOf(from));
        return t.call(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(to, port), 1000);
                s.setSoTimeout(1000);
                return s.getInputStream().read() == 'k';
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Runs a command in the node namespace, failing the test on a non-zero exit; returns stdout. */
    String node(String... cmd) {
        return ns(host, cmd);
    }

    /** Runs a command in the node namespace; returns its result whatever the exit code. */
    CommandResult nodeResult(String... cmd) {
        return runner().run(List.of(cmd), null);
    }

    private static String ns(String ns, String... cmd) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        full.addAll(List.of(cmd));
        return check(run(full.toArray(String[]::new)));
    }

    private static String check(CommandResult r) {
        if (!r.ok()) {
            throw new AssertionError(r.describe());
        }
        return r.stdout();
    }

    static CommandResult run(String... cmd) {
        return CommandRunner.local().run(List.of(cmd), null);
    }

    /** Deletes every namespace named with {@link #PREFIX}. */
    static void cleanupLeftovers() {
        for (String line : run("ip", "netns", "list").stdout().split("\n")) {
            String n = line.trim().split("\\s+")[0];
            if (n.startsWith(PREFIX)) {
                run("ip", "netns", "del", n);
            }
        }
    }

    @Override
    public void close() {
        for (ServerSocket s : servers) {
            try {
                s.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        threads.forEach(NetnsThread::close);
        pods.values().forEach(p -> run("ip", "netns", "del", p));
        run("ip", "netns", "del", host);
    }
}
