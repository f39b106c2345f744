package dev.weft.agent;

import dev.weft.agent.admin.AdminApi;
import dev.weft.agent.admin.AdminServer;
import dev.weft.agent.admin.AdminViews;
import dev.weft.agent.datastore.ClusterState;
import dev.weft.agent.datastore.Datastore;
import dev.weft.agent.datastore.DirectoryDatastore;
import dev.weft.agent.datastore.kube.BgpPeerStatusReporter;
import dev.weft.agent.datastore.kube.KubernetesDatastore;
import dev.weft.agent.policy.LocalAttachment;
import dev.weft.agent.policy.PolicyController;
import dev.weft.agent.policy.PolicyDataplanes;
import dev.weft.agent.routing.FibWarmUp;
import dev.weft.agent.routing.KernelRouteSync;
import dev.weft.agent.routing.RoutingController;
import dev.weft.agent.status.AgentMetrics;
import dev.weft.agent.status.BgpMetrics;
import dev.weft.agent.status.DataplaneCommandMetrics;
import dev.weft.agent.status.Liveness;
import dev.weft.agent.status.Readiness;
import dev.weft.agent.status.StatusServer;
import dev.weft.agent.status.Watchdog;
import dev.weft.bgp.server.BgpSpeaker;
import dev.weft.dataplane.iptables.DataplaneConfig;
import dev.weft.dataplane.iptables.IptablesDataplane;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weft-agent}: the per-node daemon. Wires the datastore to the BGP speaker and the kernel
 * route table, the CNI server and NetworkPolicy, and serves health, metrics ({@code
 * --health-listen}) and the admin API for {@code weftctl} ({@code --admin-socket}). A clean stop
 * (SIGTERM/SIGINT) sends CEASE Administrative Shutdown (RFC 4486) to every BGP peer and removes
 * Weft's kernel routes, or with {@code --shutdown-mode graceful-restart} closes the sessions without
 * a NOTIFICATION and keeps the routes so Graceful Restart peers keep forwarding (RFC 4724);
 * NetworkPolicy rules stay in force either way.
 */
@Command(name = "weft-agent", mixinStandardHelpOptions = true, version = "weft-agent 0.1.0",
        description = "Weft node agent: BGP underlay routing, CNI, NetworkPolicy.")
public final class WeftAgent implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(WeftAgent.class);

    /** Weft's route protocol number (rtm_protocol), named {@code weft} in iproute2's rt_protos.d. */
    public static final int ROUTE_PROTOCOL = 87;
    /** Age of a loop's last heartbeat beyond which {@code /livez} fails. */
    static final Duration LIVENESS_THRESHOLD = Duration.ofSeconds(60);

    @Option(names = "--datastore", required = true, paramLabel = "dir:PATH|kubernetes",
            description = "Where cluster objects come from; dir:PATH reads YAML files in PATH and watches it; "
                    + "kubernetes watches the API server (--kubeconfig, $KUBECONFIG, ~/.kube/config or the in-cluster "
                    + "service account).")
    String datastore;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "kubeconfig file for --datastore kubernetes (default: auto-configuration).")
    Path kubeconfig;

    @Option(names = "--bgppeer-status-interval", defaultValue = "10s", paramLabel = "DURATION",
            description = "With --datastore kubernetes: minimum time between two writes of a BGPPeer's "
                    + "status.nodes[] entry for this node (default: ${DEFAULT-VALUE}).")
    String bgpPeerStatusInterval;

    @Option(names = "--node-name", paramLabel = "NAME", defaultValue = "${env:NODE_NAME}",
            description = "This node's Node object name (default: $NODE_NAME).")
    String nodeName;

    @Option(names = {"--health-listen", "--status-listen"}, paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9099",
            description = "Address of the /livez, /readyz, /metrics, /status and /healthz endpoint "
                    + "(default: ${DEFAULT-VALUE}; IPv6 as [::1]:9099).")
    String healthListen;

    @Option(names = "--admin-socket", paramLabel = "PATH", defaultValue = AdminApi.DEFAULT_SOCKET,
            description = "Unix socket of the admin API weftctl talks to (default: ${DEFAULT-VALUE}).")
    Path adminSocket;

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

    @Option(names = "--read-cni-conf", paramLabel = "FILE",
            description = "CNI network configuration to install with --write-cni-conf-when-ready.")
    Path readCniConf;

    @Option(names = "--write-cni-conf-when-ready", paramLabel = "FILE",
            description = "Once the CNI server can serve ADD, copy --read-cni-conf here atomically (e.g. "
                    + "/etc/cni/net.d/10-weft.conflist); removed again on a clean stop.")
    Path writeCniConf;

    @Option(names = "--ipam-dir", defaultValue = "/var/lib/weft/ipam",
            description = "Directory of this node's IP leases (default: ${DEFAULT-VALUE}).")
    Path ipamDir;

    @Option(names = "--policy-enforcement", arity = "1", defaultValue = "true", paramLabel = "true|false",
            description = "Enforce NetworkPolicy with iptables/ipset (default: ${DEFAULT-VALUE}).")
    boolean policyEnforcement;

    @Option(names = "--policy-resync", defaultValue = "10s",
            description = "Interval of NetworkPolicy (iptables/ipset) drift repair (default: ${DEFAULT-VALUE}).")
    String policyResync;

    @Option(names = "--route-resync", defaultValue = "10s",
            description = "Interval of kernel route drift repair (default: ${DEFAULT-VALUE}).")
    String routeResync;

    @Option(names = "--bgp-ingest-warm-up", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "At start, compile the BGP UPDATE ingest path in the background on synthetic routes "
                    + "(~2 s of one core, plus the JIT's own compiling): first through a throwaway RIB, then over a "
                    + "throwaway BGP session on 127.0.0.1 (it shows in the log as 'BGP session with 127.0.0.1 AS64513'), "
                    + "so that the first full table is not applied by interpreted code (default: ${DEFAULT-VALUE}).")
    boolean bgpIngestWarmUp;

    @Option(names = "--fib-warm-up", defaultValue = "true", negatable = true, fallbackValue = "true",
            description = "At start, compile the kernel route path in the background by adding and removing "
                    + "synthetic routes in a private network namespace of its own (~1-4 s of one core; the host's "
                    + "tables are never touched) so that the first full table is written by compiled code "
                    + "(default: ${DEFAULT-VALUE}).")
    boolean fibWarmUp;

    /** What a clean stop (SIGTERM/SIGINT) does to BGP sessions and kernel routes. */
    enum ShutdownMode {
        /** CEASE Administrative Shutdown to every peer (RFC 4486) and Weft's kernel routes removed: decommissioning. */
        withdraw,
        /**
         * Sessions closed without a NOTIFICATION and kernel routes kept (RFC 4724 §4.2): peers with
         * Graceful Restart go on forwarding to the node's Pods while the next agent starts (rolling update).
         */
        graceful_restart
    }

    @Option(names = "--shutdown-mode", defaultValue = "withdraw", paramLabel = "withdraw|graceful-restart",
            converter = ShutdownModeConverter.class,
            description = "On SIGTERM: 'withdraw' sends CEASE and removes Weft's routes; 'graceful-restart' keeps"
                    + " them for the next agent (RFC 4724) (default: ${DEFAULT-VALUE}).")
    ShutdownMode shutdownMode;

    /** Accepts {@code withdraw} and {@code graceful-restart}. */
    static final class ShutdownModeConverter implements CommandLine.ITypeConverter<ShutdownMode> {
        @Override
        public ShutdownMode convert(String value) {
            return switch (value) {
                case "withdraw" -> ShutdownMode.withdraw;
                case "graceful-restart" -> ShutdownMode.graceful_restart;
                default -> throw new CommandLine.TypeConversionException(
                        "expected withdraw or graceful-restart, got '" + value + "'");
            };
        }
    }

    @Override
    public Integer call() throws Exception {
        if (nodeName == null || nodeName.isBlank()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--node-name or $NODE_NAME is required");
        }
        if ((readCniConf == null) != (writeCniConf == null)) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--read-cni-conf and --write-cni-conf-when-ready go together");
        }
        if (readCniConf != null && !Files.isReadable(readCniConf)) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--read-cni-conf " + readCniConf + " is not a readable file");
        }
        InetSocketAddress healthAddress;
        try {
            healthAddress = hostPort(healthListen);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--health-listen: " + e.getMessage());
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AgentMetrics metrics = new AgentMetrics(registry);
        Liveness liveness = new Liveness();
        Readiness readiness = new Readiness();
        Watchdog watchdog = new Watchdog(Duration.ofSeconds(2));

        KernelRouteSync kernel = new KernelRouteSync(routeProtocol, Duration.ofSeconds(parseSeconds(routeResync)));
        if (fibWarmUp) {
            FibWarmUp.start(routeProtocol);
        }
        RoutingController routing = new RoutingController(nodeName, kernel,
                plan -> RoutingController.defaultConfig(plan).withIngestWarmUp(bgpIngestWarmUp));
        IptablesDataplane dataplane = null;
        PolicyController policy = null;
        if (policyEnforcement) {
            dataplane = IptablesDataplane.create(DataplaneConfig.defaults()
                    .withRunner(new DataplaneCommandMetrics(DataplaneConfig.defaults().runner(), registry)));
            dataplane.startPeriodicResync(Duration.ofSeconds(parseSeconds(policyResync)),
                    e -> LOG.error("NetworkPolicy dataplane resync failed (rules in force are kept): {}", e.toString()));
            policy = new PolicyController(nodeName, PolicyDataplanes.iptables(dataplane));
            policy.setObserver(metrics.policyObserver(liveness.register("policy", LIVENESS_THRESHOLD)));
        } else {
            LOG.warn("NetworkPolicy enforcement is off (--policy-enforcement=false)");
        }
        PolicyController policyRef = policy;
        AgentStatus status = new AgentStatus(nodeName, routing, kernel,
                () -> policyRef == null ? java.util.Optional.empty() : policyRef.lastSync());
        PodNetworking pods = new PodNetworking(nodeName, cniSocket, ipamDir, ROUTE_PROTOCOL);
        pods.setCniObserver(metrics.cniObserver());
        pods.onIpamOpened(metrics::bindIpam);
        if (writeCniConf != null) {
            pods.writeCniConfWhenReady(readCniConf, writeCniConf);
        }
        if (policy != null) {
            pods.setPolicyHook(policy.podPolicyHook(Duration.ofSeconds(10)));
            // Pods wired before a restart keep their policy: their endpoints are restored from the IPAM
            // leases before the controller sees its first state (its first apply sweeps what is unknown).
            pods.onIpamOpened(ipam -> policyRef.restoreEndpoints(LocalAttachment.fromLeases(ipam.leases())));
            policy.start();
        }
        var datastoreBeat = liveness.register("datastore", LIVENESS_THRESHOLD);
        Consumer<ClusterState> listener = s -> {
            datastoreBeat.beat();
            status.onState(s);
            routing.onState(s);
            pods.onState(s);
            if (policyRef != null) {
                policyRef.onState(s);
            }
        };
        Datastore store = openDatastore(listener);
        store.start();
        status.setDatastore(store::health);
        metrics.bindDatastore(store::health, Clock.systemUTC());
        status.bindMetrics(registry);

        // Liveness: the policy worker beats itself; the others are probed.
        watchdog.poll(datastoreBeat, AgentReadiness.datastoreProgress(store));
        watchdog.blockingProbe(liveness.register("routing", LIVENESS_THRESHOLD),
                () -> routing.speaker().ifPresent(BgpSpeaker::peers));
        watchdog.asyncProbe(liveness.register("cni", LIVENESS_THRESHOLD),
                () -> pods.server().<java.util.concurrent.CompletableFuture<?>>map(s -> s.probe())
                        .orElse(java.util.concurrent.CompletableFuture.completedFuture(null)));
        metrics.bindLiveness(liveness);
        AgentReadiness.register(readiness, store, routing, kernel, policy);

        BgpMetrics bgp = new BgpMetrics(registry,
                () -> routing.speaker().map(BgpSpeaker::peers).orElse(List.of()), Clock.systemUTC());
        StatusServer http = new StatusServer(healthAddress, status::snapshot, registry, liveness, readiness, bgp::refresh);
        AdminViews views = new AdminViews(nodeName, routing::speaker, routing::problem, pods::ipam, store::current,
                AdminViews.netlink(routeProtocol), Clock.systemUTC());
        AdminServer admin = AdminServer.start(adminSocket, views.endpoints());
        LOG.info("weft-agent running: node {}, datastore {}, health http://{}, admin {}", nodeName, datastore,
                healthListen, adminSocket);

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
        BgpPeerStatusReporter reporter = null;
        if (store instanceof KubernetesDatastore kube) {
            // BGPPeer status.nodes[] of this node, from the speaker's sessions (rate-limited writes).
            reporter = new BgpPeerStatusReporter(kube.client(), nodeName,
                    Duration.ofSeconds(Math.max(1, parseSeconds(bgpPeerStatusInterval))));
            BgpPeerStatusReporter r = reporter;
            PeerStatusPublisher publisher = new PeerStatusPublisher(nodeName);
            timers.scheduleWithFixedDelay(() -> {
                try {
                    r.report(publisher.sessions(store.current(),
                            routing.speaker().map(BgpSpeaker::peers).orElse(List.of()), Instant.now()));
                } catch (RuntimeException e) {
                    LOG.warn("BGPPeer status report failed: {}", e.toString());
                }
            }, 2, 2, TimeUnit.SECONDS);
        }
        BgpPeerStatusReporter reporterRef = reporter;

        IptablesDataplane dataplaneRef = dataplane;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            boolean graceful = shutdownMode == ShutdownMode.graceful_restart;
            LOG.info(graceful ? "stopping for a restart: BGP sessions closed without NOTIFICATION, kernel routes kept"
                    : "stopping: CEASE to BGP peers, removing kernel routes");
            admin.close();
            watchdog.close();
            if (reporterRef != null) {
                reporterRef.close();
            }
            store.close();
            pods.close();
            if (policyRef != null) {
                policyRef.close();
            }
            // The NetworkPolicy rules stay in the kernel: a stopped agent must not open denied traffic.
            if (dataplaneRef != null) {
                dataplaneRef.close();
            }
            if (graceful) {
                // Detach first: the speaker's shutdown withdraws its best paths, which must not
                // reach the kernel (the routes are kept for the next agent).
                kernel.detach();
                routing.closeForRestart();
            } else {
                routing.close();
                kernel.close();
            }
            http.close();
            timers.shutdownNow();
            stopped.countDown();
        }, "weft-agent-stop"));
        stopped.await();
        return 0;
    }

    /** The datastore named by {@code --datastore}, delivering to {@code listener}. */
    private Datastore openDatastore(Consumer<ClusterState> listener) {
        if (datastore.startsWith("dir:") && datastore.length() > 4) {
            return new DirectoryDatastore(Path.of(datastore.substring(4)), listener, Duration.ofMillis(50),
                    Duration.ofSeconds(5));
        }
        if (datastore.equals("kubernetes")) {
            return dev.weft.agent.datastore.kube.KubernetesDatastore.connect(java.util.Optional.ofNullable(kubeconfig),
                    nodeName, listener);
        }
        throw new CommandLine.ParameterException(new CommandLine(this),
                "unsupported --datastore '" + datastore + "' (expected dir:PATH or kubernetes)");
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

    /**
     * Parses {@code HOST:PORT}, {@code [IPV6]:PORT} or {@code :PORT} (all addresses).
     *
     * @throws IllegalArgumentException for anything else, or a port outside 0–65535
     */
    static InetSocketAddress hostPort(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected HOST:PORT, got '" + text + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("IPv6 addresses need brackets, e.g. [::1]:9099; got '" + text + "'");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in '" + text + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range 0-65535 in '" + text + "'");
        }
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    /** Entry point; exit code 0 after a clean stop, 2 for bad arguments. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new WeftAgent()).execute(args));
    }
}
