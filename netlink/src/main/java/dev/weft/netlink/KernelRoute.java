package dev.weft.netlink;

import dev.weft.model.route.RouteSpec;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A unicast route as read back from the kernel (RTM_GETROUTE dump).
 *
 * <p>The {@code spec} always names the output device when the kernel reported one (the kernel
 * resolves it for gateway routes too), so compare with {@link #satisfies(RouteSpec)} rather than
 * {@code equals}. For a multipath route the spec describes the first next hop, {@code nexthops}
 * is greater than 1 and {@code paths} lists every next hop (RTA_MULTIPATH).
 *
 * @param spec destination, gateway, output device and table (of the first next hop)
 * @param protocol rtm_protocol: who installed it (2 kernel, 3 boot, 4 static, 87 Weft, ...)
 * @param priority RTA_PRIORITY (the metric); 0 when absent (IPv6 routes default to 1024)
 * @param scope rtm_scope (0 universe, 253 link, 254 host)
 * @param onlink whether RTNH_F_ONLINK is set (gateway assumed on-link)
 * @param nexthops number of next hops: 1, or more for an RTA_MULTIPATH route
 * @param paths every next hop as the kernel reports it (gateway, device, weight), kernel order
 */
public record KernelRoute(RouteSpec spec, int protocol, int priority, int scope, boolean onlink, int nexthops,
                          List<NextHop> paths) {
    public KernelRoute {
        Objects.requireNonNull(spec, "spec");
        paths = List.copyOf(paths);
    }

    /** A route whose only next hop is {@code spec}'s (or whose other next hops are unknown). */
    public KernelRoute(RouteSpec spec, int protocol, int priority, int scope, boolean onlink, int nexthops) {
        this(spec, protocol, priority, scope, onlink, nexthops,
                List.of(new NextHop(spec.gateway(), spec.device(), 1)));
    }

    /**
     * True if this kernel route delivers what {@code desired} asks for: same destination and
     * table, same gateway (or both none), the same device when {@code desired} names one, and a
     * single next hop.
     */
    public boolean satisfies(RouteSpec desired) {
        return nexthops == 1
                && spec.destination().equals(desired.destination())
                && spec.table() == desired.table()
                && spec.gateway().equals(desired.gateway())
                && (desired.device().isEmpty() || desired.device().equals(spec.device()));
    }

    /**
     * True if this kernel route delivers {@code desired}: same destination and table, and its next
     * hops match the desired ones one to one ({@link NextHop#satisfiedBy}: gateway, weight, and the
     * device when the desired next hop names one).
     */
    public boolean satisfies(FibRoute desired) {
        if (!spec.destination().equals(desired.destination()) || spec.table() != desired.table()
                || paths.size() != desired.nextHops().size()) {
            return false;
        }
        List<NextHop> left = new java.util.ArrayList<>(paths);
        for (NextHop want : desired.nextHops()) {
            Optional<NextHop> match = left.stream()
                    .filter(k -> want.satisfiedBy(paths.size() == 1 ? k.withWeight(want.weight()) : k)).findFirst();
            if (match.isEmpty()) {
                return false;
            }
            left.remove(match.get());
        }
        return true;
    }
}
