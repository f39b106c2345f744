package dev.weft.agent.cni;

import dev.weft.common.net.IpPrefix;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * A wired Pod interface, as reported in the CNI ADD result (CNI SPEC §5 "ADD Success":
 * {@code interfaces} = [host end, Pod end], {@code ips} on the Pod end, {@code routes}).
 *
 * @param hostIfName host end of the veth ({@code wft} + 11 hex chars)
 * @param hostMac host end MAC, {@code aa:bb:cc:dd:ee:ff}
 * @param podIfName Pod end ({@code CNI_IFNAME})
 * @param podMac Pod end MAC
 * @param mtu MTU of both ends, bytes
 * @param sandbox the Pod's netns path ({@code CNI_NETNS})
 * @param addresses Pod addresses as host prefixes, IPv4 first
 * @param routes routes inside the Pod (destination and gateway)
 */
public record Attachment(String hostIfName, String hostMac, String podIfName, String podMac, int mtu, String sandbox,
        List<IpPrefix> addresses, List<Route> routes) {
    public Attachment {
        Objects.requireNonNull(hostIfName, "hostIfName");
        Objects.requireNonNull(hostMac, "hostMac");
        Objects.requireNonNull(podIfName, "podIfName");
        Objects.requireNonNull(podMac, "podMac");
        Objects.requireNonNull(sandbox, "sandbox");
        addresses = List.copyOf(addresses);
        routes = List.copyOf(routes);
    }

    /**
     * A route in the Pod's namespace.
     *
     * @param destination destination prefix, e.g. {@code 0.0.0.0/0}
     * @param gateway next hop, e.g. {@code 169.254.1.1}
     */
    public record Route(IpPrefix destination, InetAddress gateway) {
        public Route {
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(gateway, "gateway");
        }
    }
}
