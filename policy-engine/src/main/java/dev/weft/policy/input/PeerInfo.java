package dev.weft.policy.input;

/**
 * One {@code from}/{@code to} entry ({@code NetworkPolicyPeer}). Valid combinations: {@code
 * ipBlock} alone, or {@code podSelector} and/or {@code namespaceSelector}.
 *
 * @param podSelector Pods to select (in the policy's namespace unless {@code namespaceSelector} is set), or null
 * @param namespaceSelector namespaces whose Pods are selected, or null
 * @param ipBlock an address block, or null
 */
public record PeerInfo(LabelSelector podSelector, LabelSelector namespaceSelector, IpBlockInfo ipBlock) {
    /** A peer with only {@code podSelector}. */
    public static PeerInfo pods(LabelSelector podSelector) {
        return new PeerInfo(podSelector, null, null);
    }

    /** A peer with only {@code namespaceSelector}. */
    public static PeerInfo namespaces(LabelSelector namespaceSelector) {
        return new PeerInfo(null, namespaceSelector, null);
    }

    /** A peer with only {@code ipBlock}. */
    public static PeerInfo ipBlock(String cidr, String... except) {
        return new PeerInfo(null, null, new IpBlockInfo(cidr, java.util.List.of(except)));
    }
}
