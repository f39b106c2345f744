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
 * @param allowed true when neither direction denies, or for loopback
 * @param egress the check at the source Pod
 * @param ingress the check at the destination Pod
 * @param loopback source and destination are the same Pod: "a pod cannot block access to itself"
 *     (Kubernetes docs, Network Policies), since the traffic never leaves the Pod's network namespace;
 *     always allowed, while {@code egress}/{@code ingress} still say what the rules alone would decide
 *     (upstream e2e tables hold that value but never assert it)
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
                + ":" + port + "/" + protocol + (loopback ? " (loopback: a Pod cannot block access to itself)" : "")
                + "\n  " + egress.describe() + "\n  " + ingress.describe();
    }
}
