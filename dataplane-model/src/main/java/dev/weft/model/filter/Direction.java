package dev.weft.model.filter;

/** Traffic direction relative to a local endpoint, as NetworkPolicy {@code policyTypes} names it. */
public enum Direction {
    /** Traffic to the endpoint (NetworkPolicy {@code Ingress}; iptables: out of the host veth, {@code -o}). */
    INGRESS,
    /** Traffic from the endpoint (NetworkPolicy {@code Egress}; iptables: into the host veth, {@code -i}). */
    EGRESS
}
