package dev.weft.bgp.wire;

import dev.weft.common.net.IpPrefix;
import java.util.List;
import java.util.Optional;

/**
 * UPDATE (RFC 4271 §4.3): withdrawn IPv4 routes, path attributes, IPv4 NLRI.
 *
 * <pre>
 * | Withdrawn Routes Length (2) | Withdrawn Routes (variable)            |
 * | Total Path Attribute Length (2) | Path Attributes (variable)         |
 * | Network Layer Reachability Information (variable)                   |
 * </pre>
 * Each prefix is encoded as a length octet followed by ceil(length/8) octets.
 *
 * @param withdrawn withdrawn IPv4 prefixes
 * @param attributes path attributes in the order sent
 * @param nlri announced IPv4 prefixes (share {@code attributes})
 */
public record UpdateMessage(List<IpPrefix> withdrawn, List<PathAttribute> attributes, List<IpPrefix> nlri)
        implements BgpMessage {

    public UpdateMessage {
        withdrawn = List.copyOf(withdrawn);
        attributes = List.copyOf(attributes);
        nlri = List.copyOf(nlri);
        for (IpPrefix p : withdrawn) {
            requireIpv4(p);
        }
        for (IpPrefix p : nlri) {
            requireIpv4(p);
        }
    }

    /** An UPDATE that only withdraws. */
    public static UpdateMessage withdraw(List<IpPrefix> prefixes) {
        return new UpdateMessage(prefixes, List.of(), List.of());
    }

    /** The first attribute of the given class, if any. */
    public <T extends PathAttribute> Optional<T> attribute(Class<T> type) {
        return attributes.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** True for the End-of-RIB marker of IPv4 unicast (RFC 4724 §2): an empty UPDATE. */
    public boolean isEndOfRib() {
        return withdrawn.isEmpty() && attributes.isEmpty() && nlri.isEmpty();
    }

    @Override
    public MessageType type() {
        return MessageType.UPDATE;
    }

    private static void requireIpv4(IpPrefix p) {
        if (!p.isIpv4()) {
            throw new IllegalArgumentException("UPDATE carries IPv4 prefixes only: " + p);
        }
    }
}
