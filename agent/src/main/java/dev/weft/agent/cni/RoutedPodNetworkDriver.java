package dev.weft.agent.cni;

import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import dev.weft.model.route.RouteSpec;
import dev.weft.netlink.KernelRoute;
import dev.weft.netlink.LinkAddress;
import dev.weft.netlink.LinkInfo;
import dev.weft.netlink.NetNs;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.NetlinkException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Routed Pod wiring (DESIGN.md "Pod wiring", like Calico), over rtnetlink — no bridge:
 *
 * <pre>
 *  node namespace                                   Pod namespace (CNI_NETNS)
 *  wft&lt;11 hex&gt;  proxy_arp=1, proxy_delay=0  ══veth══  eth0  10.244.1.2/32, up
 *  10.244.1.2/32 dev wft… proto weft(87)             169.254.1.1 dev eth0 scope link
 *                                                    default via 169.254.1.1 dev eth0
 * </pre>
 * The Pod ARPs for 169.254.1.1; the host end answers with its own MAC (proxy ARP), so every
 * packet from the Pod is routed by the node. The host end's name is {@code wft} + the first 11
 * hex digits of sha256(container ID) (sha256(container ID + "/" + ifName) for interfaces other
 * than {@code eth0}): 14 characters, within IFNAMSIZ − 1 = 15, stable across agent restarts so
 * DEL finds it without any state. The veth peer is created directly in the Pod's namespace
 * under its final name (IFLA_NET_NS_FD on the peer), so no temporary name ever exists.
 *
 * <p><b>Node requirement</b>: proxy ARP answers for 169.254.1.1 only if the node namespace has a
 * route to 169.254.1.1 through an interface other than the Pod's host end — normally its default
 * route (Calico has the same requirement). A node namespace without a default route leaves Pods
 * unable to resolve their gateway.
 *
 * <p>IPv6 (dual stack): the Pod's {@code /128} goes on {@code eth0} with a default route
 * {@code ::/0 via fe80::1 dev eth0}; the host end holds {@code fe80::1/64} (link-local, the same
 * on every host end, added without DAD) so the node answers the Pod's neighbour solicitation for
 * its gateway itself; host route {@code <podIPv6>/128 dev wft…}. The node must forward IPv6
 * ({@code net.ipv6.conf.all.forwarding=1}).
 *
 * <p>Thread-safe: the node-side netlink socket is shared (its methods are synchronized); each
 * call opens its own socket in the Pod's namespace.
 */
public final class RoutedPodNetworkDriver implements PodNetworkDriver, AutoCloseable {
    /** The Pod's gateway: link-local, answered by proxy ARP on the host end. */
    public static final InetAddress GATEWAY = IpAddresses.parse("169.254.1.1");
    private static final IpPrefix GATEWAY_HOST = IpPrefix.host(GATEWAY);
    private static final IpPrefix DEFAULT_V4 = IpPrefix.parse("0.0.0.0/0");
    /** The Pod's IPv6 gateway: link-local, held by every host end. */
    public static final InetAddress GATEWAY_V6 = IpAddresses.parse("fe80::1");
    private static final IpPrefix DEFAULT_V6 = IpPrefix.parse("::/0");

    private final Optional<Path> hostNetns;
    private final int protocol;
    private final Netlink host;

    /**
     * @param hostNetns the node's namespace for the host ends and host routes (tests and labs); empty
     *     = the agent's own namespace
     * @param protocol rtm_protocol of the host routes and Pod routes (Weft: 87)
     * @throws NetlinkException if the node-side netlink socket cannot be opened
     */
    public RoutedPodNetworkDriver(Optional<Path> hostNetns, int protocol) {
        this.hostNetns = Objects.requireNonNull(hostNetns, "hostNetns");
        this.protocol = protocol;
        this.host = hostNetns.isPresent() ? Netlink.openIn(hostNetns.get()) : Netlink.open();
    }

    /** The host end's name for an attachment (see the class documentation). */
    public static String hostIfName(String containerId, String ifName) {
        String key = ifName.equals("eth0") ? containerId : containerId + "/" + ifName;
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "wft" + HexFormat.of().formatHex(d).substring(0, 11);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Attachment add(AttachmentRequest req) {
        boolean v4 = req.addresses().stream().anyMatch(IpPrefix::isIpv4);
        boolean v6 = req.addresses().stream().anyMatch(IpPrefix::isIpv6);
        String hostName = hostIfName(req.containerId(), req.ifName());
        String pod = req.ifName();
        String step = "open netlink in " + req.netns();
        boolean created = false;
        try (Netlink p = Netlink.openIn(req.netns())) {
            step = "look for " + pod + " in " + req.netns();
            if (p.link(pod).isPresent()) {
                throw new PodNetworkException("interface " + pod + " already exists in " + req.netns());
            }
            step = "create veth " + hostName + " - " + pod;
            host.createVethPair(hostName, pod, req.mtu(), req.netns());
            created = true;
            step = "set proxy_arp on " + hostName;
            hostSysctls("net/ipv4/conf/" + hostName + "/proxy_arp", "1", "net/ipv4/neigh/" + hostName + "/proxy_delay", "0");
            if (v6) {
                step = "add " + GATEWAY_V6.getHostAddress() + "/64 to " + hostName;
                host.addAddress(hostName, GATEWAY_V6, 64);
            }
            step = "set " + hostName + " up";
            host.setLinkUp(hostName);
            for (IpPrefix a : req.addresses()) {
                step = "add " + a + " to " + pod;
                p.addAddress(pod, a.address(), a.length());
            }
            step = "set " + pod + " up";
            p.setLinkUp(pod);
            if (v4) {
                step = "add route " + GATEWAY_HOST + " dev " + pod;
                p.replaceRoute(RouteSpec.dev(GATEWAY_HOST, pod), protocol);
                step = "add default route via " + GATEWAY.getHostAddress() + " dev " + pod;
                p.replaceRoute(new RouteSpec(DEFAULT_V4, Optional.of(GATEWAY), Optional.of(pod), RouteSpec.MAIN_TABLE), protocol);
            }
            if (v6) {
                step = "add default route via " + GATEWAY_V6.getHostAddress() + " dev " + pod;
                p.replaceRoute(new RouteSpec(DEFAULT_V6, Optional.of(GATEWAY_V6), Optional.of(pod), RouteSpec.MAIN_TABLE),
                        protocol);
            }
            for (IpPrefix a : req.addresses()) {
                step = "add host route " + a + " dev " + hostName;
                host.replaceRoute(RouteSpec.dev(a, hostName), protocol);
            }
            step = "read back " + hostName + " and " + pod;
            LinkInfo h = host.link(hostName).orElseThrow(() -> new PodNetworkException(hostName + " vanished"));
            LinkInfo e = p.link(pod).orElseThrow(() -> new PodNetworkException(pod + " vanished"));
            return attachment(req, h, e);
        } catch (RuntimeException ex) {
            if (created) {
                try {
                    host.deleteLink(hostName); // takes the Pod end and the host routes with it
                } catch (RuntimeException cleanup) {
                    ex.addSuppressed(cleanup);
                }
            }
            if (ex instanceof PodNetworkException) {
                throw ex;
            }
            throw new PodNetworkException(step + ": " + ex.getMessage(), ex);
        }
    }

    private static Attachment attachment(AttachmentRequest req, LinkInfo h, LinkInfo e) {
        List<Attachment.Route> routes = new java.util.ArrayList<>();
        if (req.addresses().stream().anyMatch(IpPrefix::isIpv4)) {
            routes.add(new Attachment.Route(DEFAULT_V4, GATEWAY));
        }
        if (req.addresses().stream().anyMatch(IpPrefix::isIpv6)) {
            routes.add(new Attachment.Route(DEFAULT_V6, GATEWAY_V6));
        }
        return new Attachment(h.name(), h.mac(), e.name(), e.mac(), e.mtu(), req.netns().toString(), req.addresses(), routes);
    }

    @Override
    public Optional<Attachment> find(AttachmentRequest req) {
        String hostName = hostIfName(req.containerId(), req.ifName());
        try {
            Optional<LinkInfo> h = host.link(hostName);
            if (h.isEmpty() || !h.get().up() || !Files.exists(req.netns())) {
                return Optional.empty();
            }
            try (Netlink p = Netlink.openIn(req.netns())) {
                Optional<LinkInfo> e = p.link(req.ifName());
                if (e.isEmpty() || !e.get().up() || !hasAddresses(p.addresses(req.ifName()), req.addresses())) {
                    return Optional.empty();
                }
                return Optional.of(attachment(req, h.get(), e.get()));
            }
        } catch (NetlinkException ex) {
            return Optional.empty();
        }
    }

    private static boolean hasAddresses(List<LinkAddress> have, List<IpPrefix> want) {
        return want.stream().allMatch(w -> have.stream()
                .anyMatch(a -> a.address().equals(w.address()) && a.prefixLength() == w.length()));
    }

    @Override
    public void del(String containerId, String ifName, Optional<Path> netns) {
        String hostName = hostIfName(containerId, ifName);
        try {
            host.deleteLink(hostName); // the Pod end and the host routes go with it; absent is fine
        } catch (NetlinkException ex) {
            throw new PodNetworkException("delete " + hostName + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public void check(AttachmentRequest req) {
        String hostName = hostIfName(req.containerId(), req.ifName());
        String pod = req.ifName();
        try {
            LinkInfo h = host.link(hostName).orElseThrow(() -> new PodNetworkException("host interface " + hostName + " is missing"));
            if (!h.up()) {
                throw new PodNetworkException("host interface " + hostName + " is down");
            }
            if (!"1".equals(hostSysctlGet("net/ipv4/conf/" + hostName + "/proxy_arp"))) {
                throw new PodNetworkException("proxy_arp is off on " + hostName);
            }
            List<KernelRoute> hostRoutes = new java.util.ArrayList<>(host.listRoutes(Netlink.AF_INET, RouteSpec.MAIN_TABLE, protocol));
            hostRoutes.addAll(host.listRoutes(Netlink.AF_INET6, RouteSpec.MAIN_TABLE, protocol));
            for (IpPrefix a : req.addresses()) {
                if (hostRoutes.stream().noneMatch(r -> r.satisfies(RouteSpec.dev(a, hostName)))) {
                    throw new PodNetworkException("host route " + a + " dev " + hostName + " is missing");
                }
            }
            if (!Files.exists(req.netns())) {
                throw new PodNetworkException("network namespace " + req.netns() + " is missing");
            }
            try (Netlink p = Netlink.openIn(req.netns())) {
                LinkInfo e = p.link(pod).orElseThrow(() -> new PodNetworkException(pod + " is missing in " + req.netns()));
                if (!e.up()) {
                    throw new PodNetworkException(pod + " is down");
                }
                if (!hasAddresses(p.addresses(pod), req.addresses())) {
                    throw new PodNetworkException(pod + " lacks one of " + req.addresses());
                }
                for (Attachment.Route want : attachment(req, h, e).routes()) {
                    int family = want.destination().isIpv4() ? Netlink.AF_INET : Netlink.AF_INET6;
                    boolean present = p.listRoutes(family, RouteSpec.MAIN_TABLE).stream().anyMatch(r ->
                            r.spec().destination().equals(want.destination())
                                    && r.spec().gateway().equals(Optional.of(want.gateway())));
                    if (!present) {
                        throw new PodNetworkException("default route via " + want.gateway().getHostAddress()
                                + " is missing in " + req.netns());
                    }
                }
            }
        } catch (NetlinkException ex) {
            throw new PodNetworkException("check " + hostName + ": " + ex.getMessage(), ex);
        }
    }

    /** Sets key/value pairs of sysctls in the node namespace (one namespace visit for all). */
    private void hostSysctls(String... keyValues) {
        Runnable set = () -> {
            for (int i = 0; i < keyValues.length; i += 2) {
                Netlink.setSysctl(keyValues[i], keyValues[i + 1]);
            }
        };
        if (hostNetns.isPresent()) {
            NetNs.runIn(hostNetns.get(), set);
        } else {
            set.run();
        }
    }

    private String hostSysctlGet(String key) {
        return hostNetns.isPresent() ? NetNs.callIn(hostNetns.get(), () -> Netlink.getSysctl(key)) : Netlink.getSysctl(key);
    }

    /** Closes the node-side netlink socket. */
    @Override
    public void close() {
        host.close();
    }
}
