package dev.weft.bgp.wire;

import dev.weft.common.net.IpPrefix;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * UPDATE (RFC 4271 §4.3): withdrawn IPv4 routes, path attributes, IPv4 NLRI; other families
 * (and IPv4 too, if a peer prefers) travel in the MP_REACH_NLRI / MP_UNREACH_NLRI attributes
 * (RFC 4760 §3, §4), reached with {@link #mpReach()} and {@link #mpUnreach()}.
 *
 * <pre>
 * +-----------------------------------------------------+
 * |   Withdrawn Routes Length (2 octets)                |
 * |   Withdrawn Routes (variable)                       |
 * |   Total Path Attribute Length (2 octets)            |
 * |   Path Attributes (variable)                        |
 * |   Network Layer Reachability Information (variable) |
 * +-----------------------------------------------------+
 * </pre>
 * Each prefix is encoded as a length octet followed by ceil(length/8) octets.
 *
 * <h2>Decoder outcomes (RFC 7606)</h2>
 * What {@link BgpMessageCodec#decode} hands over for an UPDATE, per the strongest error found:
 * <ul>
 *   <li>none: the UPDATE as sent, with unrecognized optional non-transitive attributes dropped
 *       and unrecognized optional transitive ones carrying the Partial bit;</li>
 *   <li>{@link ErrorHandling#ATTRIBUTE_DISCARD}: one soft error per discarded attribute (its data
 *       the attribute as received); the UPDATE without those attributes;</li>
 *   <li>{@link ErrorHandling#TREAT_AS_WITHDRAW}: the soft error(s), then an UPDATE with
 *       {@link #treatAsWithdraw()} true that only withdraws: {@link #withdrawn()} holds every IPv4
 *       unicast prefix of the original (withdrawn routes, NLRI, IPv4 MP_REACH/MP_UNREACH) and an
 *       MP_UNREACH_NLRI holds every IPv6 one. Processed as ordinary withdrawals it does the
 *       right thing; it is never an End-of-RIB, even when it withdraws nothing;</li>
 *   <li>{@link ErrorHandling#AFI_SAFI_DISABLE}: a soft error naming the family
 *       ({@link BgpWireException#family()}), then the treat-as-withdraw UPDATE for whatever could
 *       still be parsed. The session must drop every route of that family from the peer and
 *       ignore the family from then on, or reset the session with the error's NOTIFICATION;</li>
 *   <li>{@link ErrorHandling#SESSION_RESET}: no UPDATE, only the error. Also for an UPDATE
 *       with path attributes (other than MP_UNREACH_NLRI) but no reachable NLRI whose strongest
 *       error is treat-as-withdraw (RFC 7606 §5.2): the error comes as a session reset.</li>
 * </ul>
 * An UPDATE all of whose attributes were dropped (e.g. the End-of-RIB of a family the speaker
 * does not carry) comes as an empty treat-as-withdraw UPDATE, never as IPv4's End-of-RIB.
 *
 * @param withdrawn withdrawn IPv4 prefixes
 * @param attributes path attributes in the order sent, MP_UNREACH_NLRI and MP_REACH_NLRI first
 *     (RFC 7606 §5.1; the constructor moves them there); each type at most once
 * @param nlri announced IPv4 prefixes (share {@code attributes})
 * @param treatAsWithdraw the decoder turned this UPDATE into withdrawals (RFC 7606 §2); never
 *     sent on the wire (encoding sends the withdrawals)
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4271#section-4.3">RFC 4271 §4.3</a>
 */
public record UpdateMessage(List<IpPrefix> withdrawn, List<PathAttribute> attributes, List<IpPrefix> nlri,
        boolean treatAsWithdraw) implements BgpMessage {

    public UpdateMessage {
        // the decoder's compact lists are immutable and IPv4 by construction: kept as they are
        withdrawn = ipv4List(withdrawn);
        attributes = canonicalOrder(attributes);
        nlri = ipv4List(nlri);
    }

    private static List<IpPrefix> ipv4List(List<IpPrefix> prefixes) {
        if (prefixes instanceof Ipv4Prefixes) {
            return prefixes;
        }
        List<IpPrefix> copy = List.copyOf(prefixes);
        for (IpPrefix p : copy) {
            requireIpv4(p);
        }
        return copy;
    }

    /** An UPDATE as sent by a peer or built for sending. */
    public UpdateMessage(List<IpPrefix> withdrawn, List<PathAttribute> attributes, List<IpPrefix> nlri) {
        this(withdrawn, attributes, nlri, false);
    }

    /** An UPDATE that only withdraws IPv4 prefixes. */
    public static UpdateMessage withdraw(List<IpPrefix> prefixes) {
        return new UpdateMessage(prefixes, List.of(), List.of());
    }

    /**
     * The treat-as-withdraw form of an UPDATE (RFC 7606 §2): IPv4 prefixes in the withdrawn
     * routes field, IPv6 ones in an MP_UNREACH_NLRI, {@link #treatAsWithdraw()} true.
     */
    public static UpdateMessage treatAsWithdraw(List<IpPrefix> prefixes) {
        List<IpPrefix> v4 = new ArrayList<>();
        List<IpPrefix> v6 = new ArrayList<>();
        for (IpPrefix p : prefixes) {
            (p.isIpv4() ? v4 : v6).add(p);
        }
        List<PathAttribute> attrs = v6.isEmpty() ? List.of()
                : List.of(new PathAttribute.MpUnreachNlri(AddressFamily.IPV6_UNICAST, v6));
        return new UpdateMessage(v4, attrs, List.of(), true);
    }

    /** The first attribute of the given class, if any. */
    public <T extends PathAttribute> Optional<T> attribute(Class<T> type) {
        for (PathAttribute a : attributes) {
            if (type.isInstance(a)) {
                return Optional.of(type.cast(a));
            }
        }
        return Optional.empty();
    }

    /** The MP_REACH_NLRI attribute, if any (RFC 4760 §3). */
    public Optional<PathAttribute.MpReachNlri> mpReach() {
        return attribute(PathAttribute.MpReachNlri.class);
    }

    /** The MP_UNREACH_NLRI attribute, if any (RFC 4760 §4). */
    public Optional<PathAttribute.MpUnreachNlri> mpUnreach() {
        return attribute(PathAttribute.MpUnreachNlri.class);
    }

    /** The attributes without MP_REACH_NLRI and MP_UNREACH_NLRI: what the announced prefixes share. */
    public List<PathAttribute> pathAttributes() {
        return attributes.stream().filter(a -> !(a instanceof PathAttribute.MpReachNlri)
                && !(a instanceof PathAttribute.MpUnreachNlri)).toList();
    }

    /** Every withdrawn prefix: the withdrawn routes field, then MP_UNREACH_NLRI's. */
    public List<IpPrefix> allWithdrawn() {
        List<IpPrefix> out = new ArrayList<>(withdrawn);
        mpUnreach().ifPresent(u -> out.addAll(u.withdrawn()));
        return out;
    }

    /** Every announced prefix: the NLRI field, then MP_REACH_NLRI's. */
    public List<IpPrefix> allNlri() {
        List<IpPrefix> out = new ArrayList<>(nlri);
        mpReach().ifPresent(r -> out.addAll(r.nlri()));
        return out;
    }

    /**
     * The family this UPDATE is the End-of-RIB marker of (RFC 4724 §2): IPv4 unicast for an
     * empty UPDATE; any family for an UPDATE whose only content is an empty MP_UNREACH_NLRI of it.
     * Empty for everything else, including treat-as-withdraw results.
     */
    public Optional<AddressFamily> endOfRib() {
        if (treatAsWithdraw || !withdrawn.isEmpty() || !nlri.isEmpty()) {
            return Optional.empty();
        }
        if (attributes.isEmpty()) {
            return Optional.of(AddressFamily.IPV4_UNICAST);
        }
        if (attributes.size() == 1 && attributes.get(0) instanceof PathAttribute.MpUnreachNlri u && u.withdrawn().isEmpty()) {
            return Optional.of(u.family());
        }
        return Optional.empty();
    }

    /** True for the End-of-RIB marker of IPv4 unicast (RFC 4724 §2): an empty UPDATE. */
    public boolean isEndOfRib() {
        return endOfRib().filter(AddressFamily.IPV4_UNICAST::equals).isPresent();
    }

    /** The End-of-RIB marker of {@code family} (RFC 4724 §2). */
    public static UpdateMessage endOfRib(AddressFamily family) {
        return family.equals(AddressFamily.IPV4_UNICAST) ? withdraw(List.of())
                : new UpdateMessage(List.of(), List.of(new PathAttribute.MpUnreachNlri(family, List.of())), List.of());
    }

    @Override
    public MessageType type() {
        return MessageType.UPDATE;
    }

    private static List<PathAttribute> canonicalOrder(List<PathAttribute> attributes) {
        List<PathAttribute> out = new ArrayList<>(attributes.size());
        Set<Integer> types = new HashSet<>();
        for (PathAttribute a : attributes) {
            if (!types.add(a.typeCode())) {
                throw new IllegalArgumentException("attribute type " + a.typeCode() + " appears twice");
            }
            if (a instanceof PathAttribute.MpUnreachNlri) {
                out.add(0, a);
            }
        }
        for (PathAttribute a : attributes) {
            if (a instanceof PathAttribute.MpReachNlri) {
                out.add(a);
            }
        }
        for (PathAttribute a : attributes) {
            if (!(a instanceof PathAttribute.MpReachNlri) && !(a instanceof PathAttribute.MpUnreachNlri)) {
                out.add(a);
            }
        }
        return List.copyOf(out);
    }

    private static void requireIpv4(IpPrefix p) {
        if (!p.isIpv4()) {
            throw new IllegalArgumentException("the NLRI and withdrawn routes fields carry IPv4 only: " + p);
        }
    }
}
