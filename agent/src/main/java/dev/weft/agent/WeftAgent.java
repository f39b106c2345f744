package dev.weft.agent;

import dev.weft.agent.datastore.DirectoryDatastore;
import dev.weft.agent.policy.LocalAttachment;
import dev.weft.agent.policy.PolicyController;
import dev.weft.agent.policy.PolicyDataplanes;
import dev.weft.agent.routing.KernelRouteSync;
import dev.weft.dataplane.iptables.DataplaneConfig;
import dev.weft.dataplane.iptables.IptablesDataplane;
import dev.weft.agent.routing.RoutingController;
import dev.weft.agent.status.StatusServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weft-agent}: the per-node daemon. Wires the datastore to the BGP speaker and the kernel
 * route table, and serves status/metrics. A clean stop (SIGTERM/SIGINT) sends CEASE
 * Administrative Shutdown (RFC 4486) to every BGP peer and removes Weft's kernel routes.
 */
@Command(name = "weft-agent", mixinStandardHelpOptions = true, version = "weft-agent 0.1.0",
        description = "Weft node agent: BGP underlay routing, CNI, NetworkPolicy.")
public final class WeftAgent implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(WeftAgent.class);

    /** Weft's route protocol number (rtm_protocol), named {@code weft} in iproute2's rt_protos.d. */
    public static final int ROUTE_PROTOCOL = 87;

    @Option(names = "--datastore", required = true, paramLabel = "dir:PATH",
            description = "Where cluster objects come from; dir:PATH reads YAML files in PATH and watches it.")
    String datastore;

    @Option(names = "--node-name", paramLabel = "NAME", defaultValue = "${env:NODE_NAME}",
            description = "This node's Node object name (default: $NODE_NAME).")
    String nodeName;

    @Option(names = "--status-listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9099",
            description = "Address of the /status, /metrics and /healthz endpoint (default: ${DEFAULT-VALUE}).")
    String statusListen;

    @Option(names = "--route-protocol", defaultValue = "" + ROUTE_PROTOCOL,
            description = "Route protocol number owning Weft's kernel routes (default: ${DEFAULT-VALUE}).")
    int routeProtocol;

    @Option(names = "--startup-grace", defaultValue = "60s",
            description = "After a (re)start, kernel routes are only added, never deleted, until every BGP peer is "
                    + "Established or this long has passed (default: ${DEFAULT-VALUE}).")
    String startupGrace;

    @Option(names = "--cni-socket", defaultValue = "/var/run/weft/cni.sock",
            description = "Unix socket the weft CNI plugin talks to (default: ${DEFAULT-VALUE}).")
    Path cniSocket;

    @Option(names = "--ipam-dir", defaultValue = "/var/lib/weft/ipam",
            description = "Directory of this node's IP leases (default: ${DEFAULT-VALUE}).")
    Path ipamDir;

    @Option(names = "--policy-resync", defaultValue = "10s",
            description = "Interval of NetworkPolicy (iptables/ipset) drift repair (default: ${DEFAULT-VALUE}).")
    String policyResync;

    @Option(names = "--route-resync", defaultValue = "10s",
            description = "Interval of kernel route drift repair (default: ${DEFAULT-VALUE}).")
    String routeResync;

    @Override
    public Integer call() throws Exception {
        if (nodeName == null || nodeName.isBlank()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--node-name or $NODE_NAME is required");
        }
        if (!datastore.startsWith("dir:") || datastore.length() <= 4) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "unsupported --datastore '" + datastore + "' (expected dir:PATH)");
        }
        Path dir = Path.of(datastore.substring(4));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        KernelRouteSync kernel = new KernelRouteSync(routeProtocol, Duration.ofSeconds(parseSeconds(routeResync)));
        RoutingController routing = new RoutingController(nodeName, kernel, RoutingController::defaultConfig);
        IptablesDataplane dataplane = IptablesDataplane.create(DataplaneConfig.defaults());
        dataplane.startPeriodicResync(Duration.ofSeconds(parseSeconds(policyResync)),
                e -> LOG.error("NetworkPolicy dataplane resync failed (rules in force are kept): {}", e.toString()));
        PolicyController policy = new PolicyController(nodeName, PolicyDataplanes.iptables(dataplane));
        AgentStatus status = new AgentStatus(nodeName, routing, kernel, policy::lastSync);
        PodNetworking pods = new PodNetworking(nodeName, cniSocket, ipamDir, ROUTE_PROTOCOL);
        pods.setPolicyHook(policy.podPolicyHook(Duration.ofSeconds(10)));
        // Pods wired before a restart keep their policy: their endpoints are restored from the IPAM
        // leases before the controller sees its first state (its first apply sweeps what is unknown).
        pods.onIpamOpened(ipam -> policy.restoreEndpoints(LocalAttachment.fromLeases(ipam.leases())));
        policy.start();
        DirectoryDatastore store = new DirectoryDatastore(dir, s -> {
            status.onState(s);
            routing.onState(s);
            pods.onState(s);
            policy.onState(s);
        }, Duration.ofMillis(50), Duration.ofSeconds(5));
        store.start();
        status.bindMetrics(registry);
        StatusServer http = new StatusServer(hostPort(statusListen), status::snapshot, () -> true, registry);
        LOG.info("weft-agent running: node {}, datastore {}, status http://{}", nodeName, dir, statusListen);

        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "weft-agent-timers");
            t.setDaemon(true);
            return t;
        });
        long graceEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(parseSeconds(startupGrace));
        timers.scheduleWithFixedDelay(() -> {
            if (status.allPeersEstablished() || System.nanoTime() > graceEnd) {
                kernel.endStartupGrace();
                throw new IllegalStateException("grace over"); // cancels this periodic task
            }
        }, 1, 1, TimeUnit.SECONDS);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping: CEASE to BGP peers, removing kernel routes");
            store.close();
            pods.close();
            policy.close();
            // The NetworkPolicy rules stay in the kernel: a stopped agent must not open denied traffic.
            dataplane.close();
            routing.close();
            kernel.close();
            http.close();
            timers.shutdownNow();
            stopped.countDown();
        }, "weft-agent-stop"));
        stopped.await();
        return 0;
    }

    static long parseSeconds(String text) {
        String s = text.trim();
        if (s.endsWith("ms")) {
            return Math.max(0, Long.parseLong(s.substring(0, s.length() - 2)) / 1000);
        }
        if (s.endsWith("s")) {
            s = s.substring(0, s.length() - 1);
        }
        return Long.parseLong(s);
    }

    static InetSocketAddress hostPort(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected HOST:PORT, got '" + text + "'");
        }
        return new InetSocketAddress(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    }

    /** Entry point; exit code 0 after a clean stop, 2 for bad arguments. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new WeftAgent()).execute(args));
    }
}
