package dev.weft.agent.routing;

import dev.weft.common.net.IpPrefix;
import dev.weft.model.route.RouteSpec;
import dev.weft.netlink.KernelRoute;
import dev.weft.netlink.Netlink;
import dev.weft.netlink.NetlinkException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's directly connected routes (main table, no gateway, not Weft's own), read from the
 * kernel: answers "out of which interface is this address reached directly" for next hops that
 * need a device (IPv6 link-local, IPv6 next hops of IPv4 routes). Re-read on {@link #refresh()}
 * and when a lookup misses (at most once per refresh). Used on one thread.
 */
final class ConnectedRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectedRoutes.class);

    private final Netlink nl;
    private final int ourProtocol;
    private List<RouteSpec> routes;
    private boolean reReadSinceRefresh;

    ConnectedRoutes(Netlink nl, int ourProtocol) {
        this.nl = nl;
        this.ourProtocol = ourProtocol;
    }

    /** Forgets the routes read so far; the next lookup reads them again. */
    void refresh() {
        routes = null;
        reReadSinceRefresh = false;
    }

    /**
     * The device of the longest connected prefix containing {@code address}; empty when there is
     * none, or when equally long prefixes on different devices contain it (e.g. fe80::/64 on
     * every interface: a link-local address alone does not name its link).
     */
    Optional<String> deviceOf(InetAddress address) {
        if (routes == null) {
            routes = read();
        }
        Optional<String> d = lookup(address);
        if (d.isEmpty() && !reReadSinceRefresh) {
            reReadSinceRefresh = true;
            routes = read();
            d = lookup(address);
        }
        return d;
    }

    private Optional<String> lookup(InetAddress address) {
        int bestLen = -1;
        Optional<String> best = Optional.empty();
        boolean ambiguous = false;
        for (RouteSpec r : routes) {
            IpPrefix p = r.destination();
            if (!p.contains(address) || p.length() < bestLen) {
                continue;
            }
            if (p.length() > bestLen) {
                bestLen = p.length();
                best = r.device();
                ambiguous = false;
            } else if (!best.equals(r.device())) {
                ambiguous = true;
            }
        }
        return ambiguous ? Optional.empty() : best;
    }

    private List<RouteSpec> read() {
        List<RouteSpec> out = new ArrayList<>();
        try {
            for (int family : new int[] {Netlink.AF_INET, Netlink.AF_INET6}) {
                for (KernelRoute k : nl.listRoutes(family, RouteSpec.MAIN_TABLE)) {
                    if (k.protocol() != ourProtocol && k.nexthops() == 1 && k.spec().gateway().isEmpty()
                            && k.spec().device().isPresent()
                            && (family == Netlink.AF_INET) == (k.spec().destination().address() instanceof Inet4Address)) {
                        out.add(k.spec());
                    }
                }
            }
        } catch (NetlinkException e) {
            LOG.warn("reading connected routes failed: {}", e.toString());
        }
        return out;
    }
}
