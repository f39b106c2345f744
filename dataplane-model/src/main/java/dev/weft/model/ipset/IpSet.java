package dev.weft.model.ipset;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One desired IP set.
 *
 * @param id content-addressed identity (hash of {@code definition})
 * @param type kernel set type; every member has the kind this type admits
 * @param definition human-readable definition the id was hashed from, e.g.
 *     {@code pods ns=x sel={pod=a}}; suitable for an ipset {@code comment} or for logs
 * @param members the members, deduplicated and in {@link IpSetMember#ORDER}; may mix families
 */
public record IpSet(IpSetId id, IpSetType type, String definition, List<IpSetMember> members) {
    public IpSet {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(definition, "definition");
        members = List.copyOf(new TreeSet<>(members));
        for (IpSetMember m : members) {
            boolean ok = switch (type) {
                case HASH_IP -> m instanceof IpSetMember.Address;
                case HASH_NET -> m instanceof IpSetMember.Net;
                case HASH_IP_PORT -> m instanceof IpSetMember.AddressPort;
            };
            if (!ok) {
                throw new IllegalArgumentException("member " + m.ipsetText() + " does not fit a " + type.ipsetName() + " set");
            }
        }
    }

    /** A set whose id is {@link IpSetId#ofDefinition(String) derived} from {@code definition}. */
    public static IpSet of(IpSetType type, String definition, List<IpSetMember> members) {
        return new IpSet(IpSetId.ofDefinition(definition), type, definition, members);
    }

    /** The members of one family, in canonical order: the content of kernel set {@code id.kernelName(family)}. */
    public List<IpSetMember> members(IpFamily family) {
        return members.stream().filter(m -> m.family() == family).toList();
    }
}
