package dev.weft.model.filter;

import dev.weft.model.ipset.IpSetId;
import dev.weft.model.ipset.Protocol;
import java.util.Objects;

/**
 * One condition of a {@link Rule}; a rule matches a packet when all its matches hold. Each kind
 * says how iptables expresses it ({@code NAME} = the set's {@code kernelName} for the chain's family).
 */
public sealed interface Match {

    /**
     * The source address is in the set: {@code -m set --match-set NAME src}.
     *
     * @param set a {@code hash:ip} or {@code hash:net} set
     */
    record SourceSet(IpSetId set) implements Match {
        public SourceSet {
            Objects.requireNonNull(set, "set");
        }
    }

    /**
     * The destination address is in the set: {@code -m set --match-set NAME dst}.
     *
     * @param set a {@code hash:ip} or {@code hash:net} set
     */
    record DestinationSet(IpSetId set) implements Match {
        public DestinationSet {
            Objects.requireNonNull(set, "set");
        }
    }

    /**
     * The (destination address, protocol, destination port) triple is in a {@code hash:ip,port}
     * set: {@code -m set --match-set NAME dst,dst}. Used for named ports, resolved per Pod.
     *
     * @param set a {@code hash:ip,port} set
     */
    record DestinationSetWithPort(IpSetId set) implements Match {
        public DestinationSetWithPort {
            Objects.requireNonNull(set, "set");
        }
    }

    /**
     * The layer-4 protocol: {@code -p tcp|udp|sctp}.
     *
     * @param protocol the protocol
     */
    record L4Protocol(Protocol protocol) implements Match {
        public L4Protocol {
            Objects.requireNonNull(protocol, "protocol");
        }
    }

    /**
     * The destination port lies in the range: {@code --dport first[:last]}. A rule holding this
     * match always holds an {@link L4Protocol} match too, placed before it.
     *
     * @param range the inclusive range
     */
    record DestinationPort(PortRange range) implements Match {
        public DestinationPort {
            Objects.requireNonNull(range, "range");
        }
    }
}
