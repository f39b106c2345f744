package dev.weft.agent;

import dev.weft.agent.cni.CniHandler;
import dev.weft.agent.cni.CniServer;
import dev.weft.agent.cni.PodIpListener;
import dev.weft.agent.cni.PodPolicyHook;
import dev.weft.agent.cni.RoutedPodNetworkDriver;
import dev.weft.agent.datastore.ClusterState;
import dev.weft.agent.datastore.NodeInfo;
import dev.weft.common.net.IpPrefix;
import dev.weft.ipam.Ipam;
import dev.weft.netlink.AddressScope;
import dev.weft.netlink.Netlink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the CNI server once this node's Pod CIDRs are known (from its Node object), with IPAM
 * over those CIDRs and the routed Pod wiring. A later change of the node's Pod CIDRs is logged and
 * needs an agent restart (leases of the old CIDRs stay valid until their Pods are deleted).
 */
final class PodNetworking implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PodNetworking.class);

    private final String nodeName;
    private final Path socket;
    private final Path ipamDir;
    private final int routeProtocol;
    private volatile PodPolicyHook policyHook = PodPolicyHook.NO_OP;
    private final List<Consumer<Ipam>> ipamListeners = new CopyOnWriteArrayList<>();
    private volatile CniServer.CallObserver cniObserver = CniServer.CallObserver.NO_OP;
    private Path cniConfSource;
    private Path cniConfTarget;
    private List<IpPrefix> cidrs;
    private volatile Ipam ipam;
    private volatile CniServer server;
    private RoutedPodNetworkDriver driver;

    PodNetworking(String nodeName, Path socket, Path ipamDir, int routeProtocol) {
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.socket = socket;
        this.ipamDir = ipamDir;
        this.routeProtocol = routeProtocol;
    }

    /** Sets the NetworkPolicy hook run before each ADD returns; call before the first state. */
    void setPolicyHook(PodPolicyHook hook) {
        this.policyHook = Objects.requireNonNull(hook, "hook");
    }

    /** Adds a listener called with the node's IPAM when it is opened (before the CNI server accepts calls). */
    void onIpamOpened(Consumer<Ipam> listener) {
        ipamListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Sets the observer of the CNI server's calls (metrics); call before the first state. */
    void setCniObserver(CniServer.CallObserver observer) {
        this.cniObserver = Objects.requireNonNull(observer, "observer");
    }

    /**
     * Once the CNI server serves ADD, copy the network configuration {@code source} to {@code target}
     * (atomically: a temporary file in the target directory renamed over it), so the container
     * runtime only picks Weft when it can answer (like Cilium's {@code --write-cni-conf-when-ready});
     * {@link #close()} removes {@code target} again. Call before the first state.
     */
    synchronized void writeCniConfWhenReady(Path source, Path target) {
        this.cniConfSource = Objects.requireNonNull(source, "source");
        this.cniConfTarget = Objects.requireNonNull(target, "target");
    }

    /** The node's IPAM once open. */
    Optional<Ipam> ipam() {
        return Optional.ofNullable(ipam);
    }

    /** The CNI server once running. */
    Optional<CniServer> server() {
        return Optional.ofNullable(server);
    }

    synchronized void onState(ClusterState state) {
        List<IpPrefix> want = Optional.ofNullable(state.nodes().get(nodeName)).map(NodeInfo::podCidrs).orElse(List.of());
        if (server != null) {
            if (!want.equals(cidrs)) {
                LOG.warn("Pod CIDRs of {} changed from {} to {}: restart the agent to use them", nodeName, cidrs, want);
            }
            return;
        }
        if (want.isEmpty()) {
            return;
        }
        try {
            ensureGatewayAnswers();
            Ipam opened = Ipam.open(ipamDir, want);
            ipamListeners.forEach(l -> l.accept(opened));
            driver = new RoutedPodNetworkDriver(Optional.empty(), routeProtocol);
            CniHandler handler = new CniHandler(opened, driver, hook(), PodIpListener.NO_OP);
            CniServer started = CniServer.start(socket, handler);
            started.setObserver(cniObserver);
            ipam = opened;
            server = started;
            cidrs = want;
            LOG.info("CNI server on {} for Pod CIDRs {}", socket, want);
            if (cniConfTarget != null) {
                writeCniConf();
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot start the CNI server on {}: {}", socket, e.toString());
        }
    }

    /**
     * Pods ARP for their default gateway 169.254.1.1. Proxy ARP on the host-side veth answers only
     * when the node has a route to that address through another interface (a default route), which
     * a node of a routed fabric need not have; holding the address on {@code lo} makes the node
     * answer for it in every case (arp_ignore=0), with the veth's MAC. Scope host keeps it from
     * ever being chosen as the source address of the node's own traffic to its Pods.
     */
    private static void ensureGatewayAnswers() {
        try (Netlink nl = Netlink.open()) {
            nl.addAddress("lo", RoutedPodNetworkDriver.GATEWAY, 32, AddressScope.HOST);
        }
    }

    private void writeCniConf() {
        try {
            Path dir = cniConfTarget.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + cniConfTarget.getFileName(), ".tmp");
            try {
                Files.copy(cniConfSource, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, cniConfTarget, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            LOG.info("CNI network configuration {} written to {}", cniConfSource, cniConfTarget);
        } catch (IOException e) {
            LOG.error("cannot write the CNI network configuration {} to {}: {}", cniConfSource, cniConfTarget, e.toString());
        }
    }

    private PodPolicyHook hook() {
        return new PodPolicyHook() {
            @Override
            public void attached(dev.weft.agent.cni.AttachmentRequest request, dev.weft.agent.cni.Attachment attachment) {
                policyHook.attached(request, attachment);
            }

            @Override
            public void detached(String containerId, String ifName) {
                policyHook.detached(containerId, ifName);
            }
        };
    }

    @Override
    public synchronized void close() {
        try {
            if (cniConfTarget != null && server != null) {
                // The runtime must stop choosing Weft for new Pods while no agent answers.
                Files.deleteIfExists(cniConfTarget);
            }
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", cniConfTarget, e.toString());
        }
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            LOG.debug("closing CNI server", e);
        }
        if (driver != null) {
            driver.close();
        }
    }
}
