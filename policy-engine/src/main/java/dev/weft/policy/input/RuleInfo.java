package dev.weft.policy.input;

import java.util.List;

/**
 * One {@code ingress}/{@code egress} rule. Null and empty lists mean the same (the API's
 * {@code omitempty}): all ports / all peers.
 *
 * @param ports the ports; null or empty = every port and protocol
 * @param peers {@code from} (ingress) or {@code to} (egress); null or empty = every peer
 */
public record RuleInfo(List<PortInfo> ports, List<PeerInfo> peers) {
    /** The rule {@code {}}: everything. */
    public static final RuleInfo ALLOW_ALL = new RuleInfo(null, null);

    public RuleInfo {
        ports = ports == null ? null : List.copyOf(ports);
        peers = peers == null ? null : List.copyOf(peers);
    }
}
