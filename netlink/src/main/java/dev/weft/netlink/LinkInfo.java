package dev.weft.netlink;

import java.util.Objects;
import java.util.Optional;

/**
 * A network interface as reported by RTM_GETLINK.
 *
 * @param index ifindex (≥ 1), unique within its network namespace
 * @param name interface name (IFLA_IFNAME, at most 15 bytes)
 * @param mtu MTU in bytes (IFLA_MTU)
 * @param up administrative state: IFF_UP in ifi_flags
 * @param mac link-layer address as lower-case colon-separated hex ("0a:58:0a:f4:00:01"), or ""
 *     for links without one (e.g. some tunnels)
 * @param kind IFLA_INFO_KIND ("veth", "dummy", "bridge", ...), empty for physical devices and
 *     loopback
 */
public record LinkInfo(int index, String name, int mtu, boolean up, String mac, Optional<String> kind) {
    public LinkInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(kind, "kind");
    }
}
