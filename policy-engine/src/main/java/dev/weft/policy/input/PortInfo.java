package dev.weft.policy.input;

/**
 * One {@code ports} entry ({@code NetworkPolicyPort}). {@code port} is an IntOrString: at most one
 * of {@code number} and {@code name} is set; neither means "all ports of the protocol".
 *
 * @param protocol raw protocol text ({@code TCP}, {@code UDP}, {@code SCTP}); null = TCP
 * @param number numeric port 1–65535, or null
 * @param name named port ({@code IANA_SVC_NAME}), resolved per destination Pod, or null
 * @param endPort last port of a range starting at {@code number}, or null
 */
public record PortInfo(String protocol, Integer number, String name, Integer endPort) {
    /** A numeric port of a protocol. */
    public static PortInfo number(String protocol, int port) {
        return new PortInfo(protocol, port, null, null);
    }

    /** A named port of a protocol. */
    public static PortInfo named(String protocol, String name) {
        return new PortInfo(protocol, null, name, null);
    }
}
