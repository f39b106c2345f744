package dev.weft.policy.eval;

import dev.weft.policy.input.PodRef;
import java.net.InetAddress;
import java.util.Objects;

/** One end of a flow to evaluate: a Pod (by reference) or a bare IP address (a Pod's or an outside one). */
public sealed interface FlowPeer {

    /** A Pod peer. */
    static FlowPeer pod(String namespace, String name) {
        return new Pod(new PodRef(namespace, name));
    }

    /**
     * A Pod; the flow uses its address (IPv4 when both ends have one).
     *
     * @param ref the Pod
     */
    record Pod(PodRef ref) implements FlowPeer {
        public Pod {
            Objects.requireNonNull(ref, "ref");
        }

        @Override
        public String toString() {
            return ref.toString();
        }
    }

    /**
     * An address; if a Pod has it, the flow is that Pod's.
     *
     * @param address the IPv4 or IPv6 address
     */
    record Ip(InetAddress address) implements FlowPeer {
        public Ip {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String toString() {
            return address.getHostAddress();
        }
    }
}
