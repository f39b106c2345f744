package dev.weft.netlink;

import dev.weft.model.route.RouteSpec;
import java.util.Objects;

/**
 * A unicast route as read back from the kernel (RTM_GETROUTE dump).
 *
 * <p>The {@code spec} always names the output device when the kernel reported one (the kernel
 * resolves it for gateway routes too), so compare with {@link #satisfies(RouteSpec)} rather than
 * {@code equals}. For a multipath route the spec describes the first next hop and
 * {@code nexthops} is greater than 1.
 *
 * @param spec destination, gateway, output device and table
 * @param protocol rtm_protocol: who installed it (2 kernel, 3 boot, 4 static, 87 Weft, ...)
 * @param priority RTA_PRIORITY (the metric); 0 when absent (IPv6 routes default to 1024)
 * @param scope rtm_scope (0 universe, 253 link, 254 host)
 * @param onlink whether RTNH_F_ONLINK is set (gateway assumed on-link)
 * @param nexthops number of next hops: 1, or more for an RTA_MULTIPATH route
 */
public record KernelRoute(RouteSpec spec, int protocol, int priority, int scope, boolean onlink, int nexthops) {
    public KernelRoute {
        Objects.requireNonNull(spec, "spec");
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
}
