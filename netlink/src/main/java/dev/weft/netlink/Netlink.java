package dev.weft.netlink;

import dev.weft.model.route.RouteSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * rtnetlink client: one NETLINK_ROUTE socket, opened in the network namespace of the thread that
 * calls {@link #open()} and bound to that namespace for its whole life (whatever thread later
 * uses it). Use {@link #openIn(Path)} to get one for another namespace.
 *
 * <p>Every request asks for an ACK and blocks until the kernel answered; a kernel error becomes a
 * {@link NetlinkException} carrying the errno and the kernel's extended-ACK text. Interface names
 * are resolved with RTM_GETLINK on this socket, so they are looked up in the socket's namespace,
 * not the caller's.
 *
 * <p>Thread-safety: all methods are {@code synchronized}; an instance is used by one thread at a
 * time (requests and their replies are never interleaved).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3549">RFC 3549</a>, rtnetlink(7)
 */
public final class Netlink implements AutoCloseable {
    /** Address family AF_INET, for {@link #listRoutes(int, int)}. */
    public static final int AF_INET = Rtnl.AF_INET;
    /** Address family AF_INET6, for {@link #listRoutes(int, int)}. */
    public static final int AF_INET6 = Rtnl.AF_INET6;

    private final NetlinkSocket socket;

    private Netlink(NetlinkSocket socket) {
        this.socket = socket;
    }

    /**
     * Opens a NETLINK_ROUTE socket in the calling thread's current network namespace.
     *
     * @throws NetlinkException if socket(2) or bind(2) fails
     */
    public static Netlink open() {
        return new Netlink(NetlinkSocket.open());
    }

    /** A client over an already opened socket (tests: sockets with small buffers). */
    static Netlink over(NetlinkSocket socket) {
        return new Netlink(socket);
    }

    /**
     * Opens a socket inside the network namespace at {@code netnsPath} (e.g.
     * {@code /var/run/netns/X}, {@code /proc/PID/ns/net}); the calling thread's namespace is not
     * changed (see {@link NetNs#callIn}).
     *
     * @throws NetlinkException ENOENT if the path does not exist, EINVAL if it is not a netns
     */
    public static Netlink openIn(Path netnsPath) {
        return NetNs.callIn(netnsPath, Netlink::open);
    }

    // ---------------------------------------------------------------- routes

    /** {@link #replaceRoute(RouteSpec, int, boolean)} without the onlink flag. */
    public void replaceRoute(RouteSpec route, int protocol) {
        replaceRoute(route, protocol, false);
    }

    /**
     * Installs {@code route} with RTM_NEWROUTE and NLM_F_CREATE|NLM_F_REPLACE: creates it or
     * replaces the kernel's route with the same destination, table and metric (the default metric:
     * 0 for IPv4, 1024 for IPv6). Routes without a gateway get scope link.
     *
     * @param protocol rtm_protocol, 0–255 (Weft uses 87)
     * @param onlink set RTNH_F_ONLINK: treat the gateway as directly reachable on {@code device}
     *     (e.g. {@code default via 169.254.1.1 dev eth0 onlink}); requires a device
     * @throws NetlinkException ENODEV for an unknown device, ENETUNREACH for a gateway with no
     *     connected route, EINVAL for mixed address families, ...
     */
    public synchronized void replaceRoute(RouteSpec route, int protocol, boolean onlink) {
        Objects.requireNonNull(route, "route");
        String what = "RTM_NEWROUTE " + describe(route, protocol);
        if (onlink && route.device().isEmpty()) {
            throw new NetlinkException(NetlinkException.EINVAL, what + ": onlink needs a device");
        }
        int oif = route.device().isPresent() ? linkIndex(route.device().get(), what) : 0;
        socket.execute(RouteCodec.newRoute(route, protocol, oif, onlink), what);
    }

    /**
     * Installs {@code route} (one next hop, or several as an RTA_MULTIPATH route) with
     * RTM_NEWROUTE and NLM_F_CREATE|NLM_F_REPLACE: creates it or replaces the kernel's route with
     * the same destination, table and metric.
     *
     * @param protocol rtm_protocol, 0–255 (Weft uses 87)
     * @throws NetlinkException ENODEV for an unknown device, ENETUNREACH for a gateway with no
     *     connected route, EINVAL for a next hop the kernel refuses, ...
     */
    public synchronized void replaceRoute(FibRoute route, int protocol) {
        Objects.requireNonNull(route, "route");
        String what = "RTM_NEWROUTE " + route + " proto " + protocol;
        int[] oifs = new int[route.nextHops().size()];
        for (int i = 0; i < oifs.length; i++) {
            Optional<String> dev = route.nextHops().get(i).device();
            oifs[i] = dev.isPresent() ? linkIndex(dev.get(), what) : 0;
        }
        socket.execute(RouteCodec.newRoute(route, protocol, oifs,
                Rtnl.NLM_F_CREATE | Rtnl.NLM_F_REPLACE | Rtnl.NLM_F_ACK), what);
    }

    /**
     * Applies many route writes with few system calls ({@link NetlinkSocket#executeBatch}):
     * devices are resolved with one RTM_GETLINK dump, then every write goes out without waiting
     * for its own answer. A delete of an absent route (ESRCH) is not a failure.
     *
     * @return failed writes by index in {@code ops}
     * @throws NetlinkException ENOBUFS when answers were lost (re-read the kernel's state), or a
     *     socket error; writes sent before were applied
     */
    synchronized Map<Integer, NetlinkException> routeBatch(List<RouteOp> ops) {
        Map<String, Integer> index = new HashMap<>();
        if (ops.stream().anyMatch(o -> o.route() != null && o.route().nextHops().stream().anyMatch(h -> h.device().isPresent()))) {
            for (LinkInfo l : linksLocked()) {
                index.put(l.name(), l.index());
            }
        }
        Map<Integer, NetlinkException> failures = new HashMap<>();
        List<NlMessageBuilder> requests = new ArrayList<>(ops.size());
        List<Integer> sentIndex = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            RouteOp op = ops.get(i);
            try {
                requests.add(switch (op.kind()) {
                    case DELETE -> RouteCodec.delRoute(op.existing(), false);
                    case CREATE, REPLACE -> {
                        FibRoute r = op.route();
                        int[] oifs = new int[r.nextHops().size()];
                        for (int h = 0; h < oifs.length; h++) {
                            Optional<String> dev = r.nextHops().get(h).device();
                            if (dev.isPresent()) {
                                Integer ix = index.get(dev.get());
                                if (ix == null) {
                                    throw new NetlinkException(NetlinkException.ENODEV,
                                            op.describe() + ": no such device '" + dev.get() + "'");
                                }
                                oifs[h] = ix;
                            }
                        }
                        yield RouteCodec.newRoute(r, op.protocol(), oifs, Rtnl.NLM_F_CREATE
                                | (op.kind() == RouteOp.Kind.CREATE ? Rtnl.NLM_F_EXCL : Rtnl.NLM_F_REPLACE));
                    }
                });
                sentIndex.add(i);
            } catch (NetlinkException e) {
                failures.put(i, e);
            }
        }
        Map<Integer, NetlinkException> errors = socket.executeBatch(requests, k -> ops.get(sentIndex.get(k)).describe());
        errors.forEach((k, e) -> {
            RouteOp op = ops.get(sentIndex.get(k));
            if (!(op.kind() == RouteOp.Kind.DELETE
                    && (e.errno() == NetlinkException.ESRCH || e.errno() == NetlinkException.ENODEV))) {
                failures.put(sentIndex.get(k), e);
            }
        });
        return failures;
    }

    /**
     * Deletes the route with {@code route}'s destination and table installed with
     * {@code protocol} (and its gateway and device, when given). Idempotent: an absent route or
     * device (ESRCH, ENODEV) is not an error.
     */
    public synchronized void deleteRoute(RouteSpec route, int protocol) {
        deleteRoute(route, protocol, 0);
    }

    /**
     * Deletes the route read back as {@code route}, matched by destination, table, protocol,
     * metric and gateway (no device lookup: one round trip); absent is fine. A device route, or a
     * multipath one, is matched without its next hops.
     */
    synchronized void deleteRoute(KernelRoute route) {
        RouteSpec s = route.spec();
        String what = "RTM_DELROUTE " + describe(s, route.protocol()) + " metric " + route.priority();
        // delRoute encodes the oif argument (0 here), never the device name: "-" only satisfies RouteSpec
        RouteSpec match = route.nexthops() == 1 ? s
                : new RouteSpec(s.destination(), Optional.empty(), Optional.of("-"), s.table());
        try {
            socket.execute(RouteCodec.delRoute(match, route.protocol(), 0, route.priority()), what);
        } catch (NetlinkException e) {
            if (e.errno() != NetlinkException.ESRCH && e.errno() != NetlinkException.ENODEV) {
                throw e;
            }
        }
    }

    private void deleteRoute(RouteSpec route, int protocol, int priority) {
        String what = "RTM_DELROUTE " + describe(route, protocol);
        int oif = 0;
        if (route.device().isPresent()) {
            Optional<LinkInfo> l = link(route.device().get());
            if (l.isEmpty()) {
                return; // the kernel removes a device's routes with it
            }
            oif = l.get().index();
        }
        try {
            socket.execute(RouteCodec.delRoute(route, protocol, oif, priority), what);
        } catch (NetlinkException e) {
            if (e.errno() != NetlinkException.ESRCH && e.errno() != NetlinkException.ENODEV) {
                throw e;
            }
        }
    }

    /**
     * Unicast routes of {@code family} in {@code table} (0 = every table), any protocol. Local,
     * broadcast, multicast, blackhole/unreachable and cached (cloned) entries are left out.
     *
     * @param family {@link #AF_INET} or {@link #AF_INET6}
     */
    public List<KernelRoute> listRoutes(int family, int table) {
        return listRoutes(family, table, 0);
    }

    /** As {@link #listRoutes(int, int)}, only routes of {@code protocol} (0 = any). */
    public synchronized List<KernelRoute> listRoutes(int family, int table, int protocol) {
        if (family != AF_INET && family != AF_INET6) {
            throw new NetlinkException(NetlinkException.EINVAL, "address family " + family + " is neither AF_INET nor AF_INET6");
        }
        List<NlMessage> replies;
        try {
            replies = socket.dump(RouteCodec.dumpRoutes(family, table, protocol), "RTM_GETROUTE dump");
        } catch (NetlinkException e) {
            if (e.errno() == NetlinkException.ENOENT && table > 0) {
                return List.of(); // the table does not exist (yet)
            }
            throw e;
        }
        Map<Integer, String> names = new HashMap<>();
        for (LinkInfo l : linksLocked()) {
            names.put(l.index(), l.name());
        }
        List<KernelRoute> out = new ArrayList<>();
        for (NlMessage m : replies) {
            RouteCodec.decode(m)
                    .filter(r -> r.family() == family)
                    .filter(r -> table == 0 || r.table() == table)
                    .filter(r -> protocol == 0 || r.protocol() == protocol)
                    .flatMap(r -> RouteCodec.toKernelRoute(r, names::get))
                    .ifPresent(out::add);
        }
        return out;
    }

    /**
     * Streams the routes of {@code family} in {@code table} (all protocols) to {@code sink} as
     * the dump arrives, without a list of the whole table (for tables of a million routes). An
     * absent table gives no route.
     *
     * @return true if the kernel marked the dump interrupted (the table changed meanwhile: what
     *     {@code sink} saw may miss or repeat routes; dump again)
     * @throws NetlinkException ENOBUFS if a reply did not fit (the buffer was grown: dump again)
     */
    synchronized boolean forEachRoute(int family, int table, java.util.function.Consumer<KernelRoute> sink) {
        Map<Integer, String> names = new HashMap<>();
        for (LinkInfo l : linksLocked()) {
            names.put(l.index(), l.name());
        }
        try {
            return socket.dumpEach(RouteCodec.dumpRoutes(family, table, 0), "RTM_GETROUTE dump",
                    m -> RouteCodec.decode(m)
                            .filter(r -> r.family() == family)
                            .filter(r -> table == 0 || r.table() == table)
                            .flatMap(r -> RouteCodec.toKernelRoute(r, names::get))
                            .ifPresent(sink));
        } catch (NetlinkException e) {
            if (e.errno() == NetlinkException.ENOENT && table > 0) {
                return false; // the table does not exist (yet)
            }
            throw e;
        }
    }

    private static String describe(RouteSpec r, int protocol) {
        return r.destination() + r.gateway().map(g -> " via " + g.getHostAddress()).orElse("")
                + r.device().map(d -> " dev " + d).orElse("") + " table " + r.table() + " proto " + protocol;
    }

    // ---------------------------------------------------------------- links

    /** The link named {@code name} in this socket's namespace, or empty. */
    public synchronized Optional<LinkInfo> link(String name) {
        try {
            return socket.execute(LinkCodec.getByName(name), "RTM_GETLINK " + name).stream()
                    .map(LinkCodec::decode).flatMap(Optional::stream).findFirst();
        } catch (NetlinkException e) {
            if (e.errno() == NetlinkException.ENODEV) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Every link in this socket's namespace, in ifindex order as the kernel dumps them. */
    public synchronized List<LinkInfo> links() {
        return linksLocked();
    }

    private List<LinkInfo> linksLocked() {
        List<LinkInfo> out = new ArrayList<>();
        for (NlMessage m : socket.dump(LinkCodec.dump(), "RTM_GETLINK dump")) {
            LinkCodec.decode(m).ifPresent(out::add);
        }
        return out;
    }

    private int linkIndex(String name, String what) {
        return link(name).orElseThrow(() -> new NetlinkException(NetlinkException.ENODEV,
                what + ": no such device '" + name + "'")).index();
    }

    /**
     * Creates a veth pair {@code name} — {@code peerName} (RTM_NEWLINK, kind veth), both ends
     * down.
     *
     * @param mtu MTU of both ends in bytes, or 0 for the kernel default (1500)
     * @param peerNetns namespace for the peer end (IFLA_NET_NS_FD), or null for this socket's
     * @throws NetlinkException EEXIST if either name is taken, ENOENT if {@code peerNetns} is missing
     */
    public synchronized void createVethPair(String name, String peerName, int mtu, Path peerNetns) {
        String what = "RTM_NEWLINK veth " + name + " peer " + peerName;
        if (peerNetns == null) {
            socket.execute(LinkCodec.newVeth(name, peerName, mtu, -1), what);
            return;
        }
        int fd = NetNs.openNetnsFd(peerNetns);
        try {
            socket.execute(LinkCodec.newVeth(name, peerName, mtu, fd), what);
        } finally {
            NetNs.closeFd(fd);
        }
    }

    /** Sets IFF_UP on {@code name}. */
    public synchronized void setLinkUp(String name) {
        String what = "RTM_NEWLINK " + name + " up";
        socket.execute(LinkCodec.modify(linkIndex(name, what), Rtnl.IFF_UP, Rtnl.IFF_UP), what);
    }

    /** Clears IFF_UP on {@code name}. */
    public synchronized void setLinkDown(String name) {
        String what = "RTM_NEWLINK " + name + " down";
        socket.execute(LinkCodec.modify(linkIndex(name, what), 0, Rtnl.IFF_UP), what);
    }

    /** Sets the MTU of {@code name} in bytes (IFLA_MTU). */
    public synchronized void setMtu(String name, int mtu) {
        String what = "RTM_NEWLINK " + name + " mtu " + mtu;
        socket.execute(LinkCodec.modify(linkIndex(name, what), 0, 0).attrU32(Rtnl.IFLA_MTU, mtu), what);
    }

    /** Renames a link (IFLA_IFNAME); the kernel refuses (EBUSY) while the link is up. */
    public synchronized void renameLink(String oldName, String newName) {
        String what = "RTM_NEWLINK " + oldName + " name " + newName;
        socket.execute(LinkCodec.modify(linkIndex(oldName, what), 0, 0)
                .attrString(Rtnl.IFLA_IFNAME, LinkCodec.checkName(newName)), what);
    }

    /** Moves {@code name} into the network namespace at {@code netns} (IFLA_NET_NS_FD); it goes down. */
    public synchronized void moveLinkToNetns(String name, Path netns) {
        String what = "RTM_NEWLINK " + name + " netns " + netns;
        int index = linkIndex(name, what);
        int fd = NetNs.openNetnsFd(netns);
        try {
            socket.execute(LinkCodec.modify(index, 0, 0).attrU32(Rtnl.IFLA_NET_NS_FD, fd), what);
        } finally {
            NetNs.closeFd(fd);
        }
    }

    /** Deletes {@code name} (for a veth, both ends); an absent link is not an error. */
    public synchronized void deleteLink(String name) {
        Optional<LinkInfo> l = link(name);
        if (l.isEmpty()) {
            return;
        }
        try {
            socket.execute(LinkCodec.delete(l.get().index()), "RTM_DELLINK " + name);
        } catch (NetlinkException e) {
            if (e.errno() != NetlinkException.ENODEV) {
                throw e;
            }
        }
    }

    // ---------------------------------------------------------------- addresses

    /**
     * Adds {@code ip/prefixLen} to {@code dev} (RTM_NEWADDR; IPv6 with IFA_F_NODAD). Idempotent:
     * an address that is already there (EEXIST) is not an error.
     */
    public synchronized void addAddress(String dev, InetAddress ip, int prefixLen) {
        addAddress(dev, ip, prefixLen, AddressScope.UNIVERSE);
    }

    /**
     * Like {@link #addAddress(String, InetAddress, int)} with an explicit scope (ifa_scope). A
     * {@link AddressScope#HOST} address is local (the node answers ARP for it and accepts packets
     * to it) but is never chosen as a source address for traffic leaving the node.
     */
    public synchronized void addAddress(String dev, InetAddress ip, int prefixLen, AddressScope scope) {
        String what = "RTM_NEWADDR " + ip.getHostAddress() + "/" + prefixLen + " dev " + dev + " scope " + scope;
        try {
            socket.execute(AddressCodec.address(true, linkIndex(dev, what), ip, prefixLen, scope.value), what);
        } catch (NetlinkException e) {
            if (e.errno() != NetlinkException.EEXIST) {
                throw e;
            }
        }
    }

    /** Removes {@code ip/prefixLen} from {@code dev}; absent address or device is not an error. */
    public synchronized void deleteAddress(String dev, InetAddress ip, int prefixLen) {
        String what = "RTM_DELADDR " + ip.getHostAddress() + "/" + prefixLen + " dev " + dev;
        Optional<LinkInfo> l = link(dev);
        if (l.isEmpty()) {
            return;
        }
        try {
            socket.execute(AddressCodec.address(false, l.get().index(), ip, prefixLen), what);
        } catch (NetlinkException e) {
            if (e.errno() != NetlinkException.EADDRNOTAVAIL && e.errno() != NetlinkException.ENODEV) {
                throw e;
            }
        }
    }

    /** Addresses of {@code dev} (both families), empty if the device does not exist. */
    public synchronized List<LinkAddress> addresses(String dev) {
        Optional<LinkInfo> l = link(dev);
        if (l.isEmpty()) {
            return List.of();
        }
        List<LinkAddress> out = new ArrayList<>();
        for (NlMessage m : socket.dump(AddressCodec.dump(), "RTM_GETADDR dump")) {
            AddressCodec.decode(m).filter(a -> a.index() == l.get().index()).ifPresent(out::add);
        }
        return out;
    }

    // ---------------------------------------------------------------- sysctl

    /**
     * Writes {@code value} to {@code /proc/sys/<path>} for the CURRENT THREAD's network namespace.
     *
     * <p>{@code path} is slash-separated relative to /proc/sys ({@code net/ipv4/conf/wft1a2b/proxy_arp})
     * or dotted ({@code net.ipv4.conf.eth0.forwarding}, only when no component contains a dot). The
     * /proc/sys/net tree is looked up and opened in the namespace of the task that opens it, and
     * the file is opened here, on the calling thread: call it inside {@link NetNs#callIn} to set a
     * Pod namespace's sysctls. A Netlink socket's namespace plays no part.
     *
     * @throws NetlinkException ENOENT if the key does not exist (e.g. unknown interface), EINVAL
     *     for a path leaving /proc/sys, or the errno of the failed write
     */
    public static void setSysctl(String path, String value) {
        Objects.requireNonNull(value, "value");
        Path file = sysctlPath(path);
        try {
            Files.write(file, (value + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new NetlinkException(NetlinkException.ENOENT, "sysctl " + path + ": no such key (" + file + ")", e);
        } catch (IOException e) {
            throw new NetlinkException(NetlinkException.EINVAL, "sysctl " + path + " = " + value + ": " + e.getMessage(), e);
        }
    }

    /** Reads {@code /proc/sys/<path>} in the current thread's namespace (same path rules as {@link #setSysctl}). */
    public static String getSysctl(String path) {
        Path file = sysctlPath(path);
        try {
            return Files.readString(file).strip();
        } catch (NoSuchFileException e) {
            throw new NetlinkException(NetlinkException.ENOENT, "sysctl " + path + ": no such key (" + file + ")", e);
        } catch (IOException e) {
            throw new NetlinkException(NetlinkException.EINVAL, "sysctl " + path + ": " + e.getMessage(), e);
        }
    }

    static Path sysctlPath(String path) {
        if (path == null || path.isBlank() || path.startsWith("/") || path.contains("..")) {
            throw new NetlinkException(NetlinkException.EINVAL, "invalid sysctl path '" + path + "'");
        }
        String rel = path.indexOf('/') >= 0 ? path : path.replace('.', '/');
        return Path.of("/proc/sys").resolve(rel);
    }

    /** Closes the socket; further calls fail with EBADF. */
    @Override
    public synchronized void close() {
        socket.close();
    }
}
