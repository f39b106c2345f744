package dev.weft.agent.cni;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.common.net.IpPrefix;
import dev.weft.ipam.Allocation;
import dev.weft.ipam.Ipam;
import dev.weft.ipam.IpamException;
import dev.weft.ipam.IpamExhaustedException;
import dev.weft.ipam.Lease;
import dev.weft.ipam.LeaseOwner;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes CNI commands for the agent (CNI SPEC 1.1.0 §2; configs of 0.3.0–1.1.0 accepted and
 * answered in their own format): ADD, DEL, CHECK, VERSION, GC, STATUS.
 *
 * <ul>
 *   <li>ADD: IPAM lease → {@link PodNetworkDriver#add} → {@link PodPolicyHook#attached} →
 *       {@link PodIpListener#podAttached} → result. A failing step undoes the earlier ones (no
 *       veth, no lease left). An ADD for an attachment that is already complete returns it
 *       unchanged; a partial one is removed and wired again with the same addresses.</li>
 *   <li>DEL: wiring removed first, then the lease released (so an address is never reused while
 *       a route to the old Pod may remain). Succeeds when nothing is left: unknown container,
 *       second DEL, Pod namespace gone, {@code CNI_NETNS} empty or unset.</li>
 *   <li>CHECK (≥ 0.4.0): needs {@code prevResult}; the lease, its addresses in prevResult, and
 *       the kernel state are checked.</li>
 *   <li>GC, STATUS (≥ 1.1.0): GC removes every attachment holding a lease that is not in
 *       {@code cni.dev/valid-attachments}; STATUS fails with 50 when no address is free.</li>
 * </ul>
 * Error codes: see {@link CniException}. Thread-safe.
 */
public final class CniHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CniHandler.class);
    private static final Path OWN_NETNS = Path.of("/proc/self/ns/net");

    private final Ipam ipam;
    private final PodNetworkDriver driver;
    private final PodPolicyHook policyHook;
    private final PodIpListener podIpListener;
    private final ObjectMapper json = new ObjectMapper();
    private final ResultRenderer renderer = new ResultRenderer(json);

    /**
     * @param ipam leases of this node's Pod CIDRs
     * @param driver the kernel wiring ({@link RoutedPodNetworkDriver} in production)
     * @param policyHook NetworkPolicy programming, or {@link PodPolicyHook#NO_OP}
     * @param podIpListener reports Pod IPs to the datastore, or {@link PodIpListener#NO_OP}
     */
    public CniHandler(Ipam ipam, PodNetworkDriver driver, PodPolicyHook policyHook, PodIpListener podIpListener) {
        this.ipam = Objects.requireNonNull(ipam, "ipam");
        this.driver = Objects.requireNonNull(driver, "driver");
        this.policyHook = Objects.requireNonNull(policyHook, "policyHook");
        this.podIpListener = Objects.requireNonNull(podIpListener, "podIpListener");
    }

    /**
     * Runs one invocation.
     *
     * @param env the CNI environment variables the plugin received (only CNI_* are read)
     * @param stdin the network configuration the plugin received
     * @return exit code and stdout for the plugin; never throws
     */
    public CniResponse handle(Map<String, String> env, String stdin) {
        Optional<String> version = Optional.empty();
        try {
            CniEnv e = CniEnv.parse(env);
            if (e.command().equals("VERSION")) {
                return ok(renderer.version(versionForVersionCommand(stdin)));
            }
            ObjectNode raw = NetConf.decode(json, stdin);
            version = NetConf.versionOf(raw);
            NetConf conf = NetConf.parse(raw);
            switch (e.command()) {
                case "ADD":
                    return ok(add(e, conf));
                case "DEL":
                    del(e);
                    return ok("");
                case "CHECK":
                    check(e, conf);
                    return ok("");
                case "GC":
                    gc(conf, raw);
                    return ok("");
                default: // STATUS
                    status(conf);
                    return ok("");
            }
        } catch (CniException ex) {
            LOG.info("CNI {} {}/{} failed: code {} {}", env.get("CNI_COMMAND"), env.get("CNI_CONTAINERID"),
                    env.get("CNI_IFNAME"), ex.code, ex.getMessage());
            return new CniResponse(1, renderer.error(version, ex), "");
        } catch (RuntimeException ex) {
            LOG.error("CNI {} {}/{}: internal error", env.get("CNI_COMMAND"), env.get("CNI_CONTAINERID"),
                    env.get("CNI_IFNAME"), ex);
            return new CniResponse(1, renderer.error(version,
                    new CniException(CniException.INTERNAL, "internal error", String.valueOf(ex))), "");
        }
    }

    private static CniResponse ok(String stdout) {
        return new CniResponse(0, stdout, "");
    }

    private String versionForVersionCommand(String stdin) {
        try {
            JsonNode v = json.readTree(stdin).get("cniVersion");
            return v != null && v.isTextual() && !v.asText().isEmpty() ? v.asText() : CniVersions.NEWEST;
        } catch (IOException | RuntimeException e) {
            return CniVersions.NEWEST;
        }
    }

    // ------------------------------------------------------------------------------------ ADD

    private String add(CniEnv e, NetConf conf) throws CniException {
        Path netns = e.netns().orElseThrow();
        checkNetns(netns, e.netnsOverride());
        LeaseOwner owner;
        try {
            owner = new LeaseOwner(e.containerId(), e.ifName(), e.args().podNamespace(), e.args().podName());
        } catch (IllegalArgumentException ex) {
            throw new CniException(CniException.INVALID_ENV, "invalid CNI_ARGS", ex.getMessage());
        }
        List<Lease> held = ipamCall(() -> ipam.find(e.containerId(), e.ifName()));
        if (!held.isEmpty()) {
            AttachmentRequest again = request(e, conf, netns, held);
            Optional<Attachment> existing = driver.find(again);
            if (existing.isPresent()) {
                LOG.info("CNI ADD {}/{}: already attached, returning the existing attachment", e.containerId(), e.ifName());
                return renderer.addResult(conf.cniVersion(), existing.get(), conf.prevResult());
            }
            undoWiring(e.containerId(), e.ifName(), Optional.of(netns)); // partial leftovers of an earlier ADD
        }
        Allocation allocation;
        try {
            allocation = ipam.allocate(owner);
        } catch (IpamExhaustedException ex) {
            throw new CniException(CniException.IPAM_EXHAUSTED, "no free Pod address", ex.getMessage());
        } catch (IpamException ex) {
            throw new CniException(CniException.IO_FAILURE, "IPAM store failure", ex.getMessage());
        }
        AttachmentRequest req = request(e, conf, netns, allocation.leases());
        Attachment attachment;
        try {
            attachment = driver.add(req);
        } catch (RuntimeException ex) {
            releaseQuietly(e);
            throw new CniException(CniException.WIRING_FAILED, "failed to wire the Pod interface", message(ex));
        }
        try {
            policyHook.attached(req, attachment);
        } catch (RuntimeException ex) {
            undoWiring(e.containerId(), e.ifName(), Optional.of(netns));
            releaseQuietly(e);
            // Transient (the datastore has not caught up, or the dataplane is being repaired): the
            // runtime retries the ADD; the Pod never runs unpoliced (CNI SPEC §Error 11).
            throw new CniException(CniException.TRY_AGAIN_LATER, "failed to program NetworkPolicy for the Pod", message(ex));
        }
        try {
            podIpListener.podAttached(owner.podNamespace(), owner.podName(), e.containerId(), req.addresses());
        } catch (RuntimeException ex) {
            detachQuietly(e.containerId(), e.ifName());
            undoWiring(e.containerId(), e.ifName(), Optional.of(netns));
            releaseQuietly(e);
            throw new CniException(CniException.TRY_AGAIN_LATER, "failed to record the Pod's IPs", message(ex));
        }
        LOG.info("CNI ADD {}/{} pod {}/{}: {} via {}", e.containerId(), e.ifName(), owner.podNamespace(),
                owner.podName(), req.addresses(), attachment.hostIfName());
        return renderer.addResult(conf.cniVersion(), attachment, conf.prevResult());
    }

    private static AttachmentRequest request(CniEnv e, NetConf conf, Path netns, List<Lease> leases) {
        List<IpPrefix> addresses = new ArrayList<>();
        leases.forEach(l -> addresses.add(l.hostPrefix()));
        return new AttachmentRequest(e.containerId(), e.ifName(), netns, e.args().podNamespace(), e.args().podName(),
                addresses, conf.mtu());
    }

    /** CNI_NETNS must exist and must not be the agent's own namespace (libcni's code 8 guard). */
    private static void checkNetns(Path netns, boolean override) throws CniException {
        if (!Files.exists(netns)) {
            throw new CniException(CniException.INVALID_ENV, "invalid CNI_NETNS", netns + " does not exist");
        }
        try {
            if (!override && Files.isSameFile(netns, OWN_NETNS)) {
                throw new CniException(CniException.INVALID_NETNS, "CNI_NETNS is the agent's own network namespace",
                        netns + " (set CNI_NETNS_OVERRIDE=1 if this is intended)");
            }
        } catch (IOException ex) {
            throw new CniException(CniException.INVALID_ENV, "invalid CNI_NETNS", netns + ": " + ex.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------ DEL

    private void del(CniEnv e) throws CniException {
        try {
            driver.del(e.containerId(), e.ifName(), e.netns().filter(Files::exists));
        } catch (RuntimeException ex) {
            throw new CniException(CniException.TRY_AGAIN_LATER, "failed to remove the Pod interface", message(ex));
        }
        List<Lease> released = ipamCall(() -> ipam.release(e.containerId(), e.ifName()));
        detachQuietly(e.containerId(), e.ifName());
        String ns = released.isEmpty() ? e.args().podNamespace() : released.get(0).owner().podNamespace();
        String name = released.isEmpty() ? e.args().podName() : released.get(0).owner().podName();
        try {
            podIpListener.podDetached(ns, name, e.containerId());
        } catch (RuntimeException ex) {
            LOG.warn("CNI DEL {}/{}: reporting the Pod's removal failed", e.containerId(), e.ifName(), ex);
        }
        LOG.info("CNI DEL {}/{}: released {}", e.containerId(), e.ifName(),
                released.stream().map(l -> l.address().getHostAddress()).toList());
    }

    // ------------------------------------------------------------------------------------ CHECK

    private void check(CniEnv e, NetConf conf) throws CniException {
        if (!CniVersions.atLeast(conf.cniVersion(), "0.4.0")) {
            throw new CniException(CniException.INCOMPATIBLE_VERSION, "config version does not allow CHECK",
                    "CHECK needs cniVersion 0.4.0 or later, config is \"" + conf.cniVersion() + "\"");
        }
        ObjectNode prev = conf.prevResult().orElseThrow(() -> new CniException(CniException.INVALID_NETWORK_CONFIG,
                "required prevResult missing", "CHECK needs the ADD result as prevResult"));
        List<Lease> leases = ipamCall(() -> ipam.find(e.containerId(), e.ifName()));
        if (leases.isEmpty()) {
            throw new CniException(CniException.CHECK_FAILED, "attachment has no IP lease",
                    e.containerId() + "/" + e.ifName());
        }
        Set<InetAddress> inPrev = new HashSet<>();
        for (JsonNode ip : prev.path("ips")) {
            try {
                inPrev.add(IpPrefix.parseLenient(ip.path("address").asText()).address());
            } catch (IllegalArgumentException ex) {
                throw new CniException(CniException.INVALID_NETWORK_CONFIG, "invalid prevResult",
                        "bad ips[].address " + ip.path("address"));
            }
        }
        for (Lease l : leases) {
            if (!inPrev.contains(l.address())) {
                throw new CniException(CniException.CHECK_FAILED, "leased address missing from prevResult",
                        l.address().getHostAddress());
            }
        }
        try {
            driver.check(request(e, conf, e.netns().orElseThrow(), leases));
        } catch (PodNetworkException ex) {
            throw new CniException(CniException.CHECK_FAILED, "attachment check failed", ex.getMessage());
        }
    }

    // ------------------------------------------------------------------------------- GC, STATUS

    private void gc(NetConf conf, ObjectNode raw) throws CniException {
        requireV11(conf, "GC");
        JsonNode valid = raw.has("cni.dev/valid-attachments") ? raw.get("cni.dev/valid-attachments") : raw.get("cni.dev/attachments");
        if (valid == null || !valid.isArray()) {
            throw new CniException(CniException.INVALID_NETWORK_CONFIG, "GC needs cni.dev/valid-attachments",
                    "expected an array of {\"containerID\",\"ifname\"}");
        }
        Set<String> keep = new HashSet<>();
        valid.forEach(a -> keep.add(a.path("containerID").asText() + "/" + a.path("ifname").asText()));
        List<String> errors = new ArrayList<>();
        for (Lease l : ipamCall(ipam::leases)) {
            String cid = l.owner().containerId();
            String ifName = l.owner().ifName();
            if (keep.contains(cid + "/" + ifName)) {
                continue;
            }
            try {
                driver.del(cid, ifName, Optional.empty());
                ipam.release(cid, ifName);
                detachQuietly(cid, ifName);
                LOG.info("CNI GC: removed stale attachment {}/{} ({})", cid, ifName, l.address().getHostAddress());
            } catch (RuntimeException ex) {
                errors.add(cid + "/" + ifName + ": " + message(ex));
            }
        }
        if (!errors.isEmpty()) {
            throw new CniException(CniException.INTERNAL, "GC could not remove every stale attachment", String.join("; ", errors));
        }
    }

    private void status(NetConf conf) throws CniException {
        requireV11(conf, "STATUS");
        if (ipamCall(ipam::freeAddresses).signum() == 0) {
            throw new CniException(CniException.NOT_AVAILABLE, "no free Pod address",
                    "every address of " + ipam.podCidrs() + " is leased");
        }
    }

    private static void requireV11(NetConf conf, String command) throws CniException {
        if (!CniVersions.atLeast(conf.cniVersion(), "1.1.0")) {
            throw new CniException(CniException.INCOMPATIBLE_VERSION, "config version does not allow " + command,
                    command + " needs cniVersion 1.1.0 or later, config is \"" + conf.cniVersion() + "\"");
        }
    }

    // ---------------------------------------------------------------------------------- helpers

    private interface IpamCall<T> {
        T run();
    }

    private static <T> T ipamCall(IpamCall<T> call) throws CniException {
        try {
            return call.run();
        } catch (IpamException ex) {
            throw new CniException(CniException.IO_FAILURE, "IPAM store failure", ex.getMessage());
        }
    }

    private void undoWiring(String cid, String ifName, Optional<Path> netns) {
        try {
            driver.del(cid, ifName, netns);
        } catch (RuntimeException ex) {
            LOG.warn("CNI {}/{}: undoing the wiring failed", cid, ifName, ex);
        }
    }

    private void releaseQuietly(CniEnv e) {
        try {
            ipam.release(e.containerId(), e.ifName());
        } catch (RuntimeException ex) {
            LOG.warn("CNI {}/{}: releasing the lease failed", e.containerId(), e.ifName(), ex);
        }
    }

    private void detachQuietly(String cid, String ifName) {
        try {
            policyHook.detached(cid, ifName);
        } catch (RuntimeException ex) {
            LOG.warn("CNI {}/{}: policy hook detach failed", cid, ifName, ex);
        }
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
