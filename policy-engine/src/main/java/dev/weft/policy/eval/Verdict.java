package dev.weft.policy.eval;

import dev.weft.model.ipset.Protocol;
import java.net.InetAddress;
import java.util.Objects;

/**
 * The evaluator's answer for one new connection.
 *
 * @param source the source address used
 * @param destination the destination address used
 * @param port the destination port
 * @param protocol the protocol
 * @param allowed true when neither direction denies
 * @param egress the check at the source Pod
 * @param ingress the check at the destination Pod
 * @param loopback source and destination are the same Pod: on a real node this traffic never leaves
 *     the Pod's network namespace, so no dataplane enforces the verdict (Kubernetes e2e never asserts it)
 */
public record Verdict(InetAddress source, InetAddress destination, int port, Protocol protocol, boolean allowed,
                      DirectionVerdict egress, DirectionVerdict ingress, boolean loopback) {
    public Verdict {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(egress, "egress");
        Objects.requireNonNull(ingress, "ingress");
    }

    /** Multi-line explanation: the verdict, then the egress and the ingress check. */
    public String describe() {
        return (allowed ? "ALLOWED" : "DENIED") + " " + source.getHostAddress() + " -> " + destination.getHostAddress()
                + ":" + port + "/" + protocol + (loopback ? " (loopback: not enforced by any dataplane)" : "")
                + "\n  " + egress.describe() + "\n  " + ingress.describe();
    }
}
