package dev.weft.bgp.wire;

import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators of every message type, always valid for the codec (so encode → decode is the identity). */
final class WireArbitraries {
    /** Type codes the codec does not recognize (for Unknown attributes). */
    static final List<Integer> UNRECOGNIZED_TYPES = List.of(11, 12, 13, 19, 20, 21, 22, 23, 24, 26, 27, 28, 29, 30, 40, 99,
            128, 200, 255);
    /** Capability codes the codec does not interpret. */
    static final List<Integer> UNKNOWN_CAPABILITIES = List.of(0, 3, 5, 7, 8, 67, 69, 71, 73, 128, 255);

    private WireArbitraries() {}

    static Arbitrary<Long> u32() {
        return Arbitraries.longs().between(0, 0xffffffffL);
    }

    static Arbitrary<Long> asn(boolean fourOctet) {
        return Arbitraries.longs().between(1, fourOctet ? 0xffffffffL : 0xffff);
    }

    static Arbitrary<IpPrefix> ipv4Prefix() {
        return Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 32))
                .as((a, len) -> IpPrefix.of(IpAddresses.fromIpv4Int(a), len));
    }

    static Arbitrary<IpPrefix> ipv6Prefix() {
        return Combinators.combine(Arbitraries.bytes().array(byte[].class).ofSize(16), Arbitraries.integers().between(0, 128))
                .as((b, len) -> {
                    for (int i = 0; i < 16; i++) {
                        int bits = Math.max(0, Math.min(8, len - 8 * i));
                        b[i] &= (byte) (0xff << (8 - bits));
                    }
                    return new IpPrefix(Prefixes.ipv6(b), len);
                });
    }

    /** A unicast IPv4 host address (not 0/8, 127/8, 224/3). */
    static Arbitrary<Inet4Address> ipv4Host() {
        return Combinators.combine(Arbitraries.integers().between(1, 223).filter(i -> i != 127), Arbitraries.integers().between(0, 0xffffff))
                .as((first, rest) -> IpAddresses.fromIpv4Int(first << 24 | rest));
    }

    static Arbitrary<Inet4Address> anyIpv4() {
        return Arbitraries.integers().map(IpAddresses::fromIpv4Int);
    }

    static Arbitrary<Inet6Address> ipv6Global() {
        return Arbitraries.bytes().array(byte[].class).ofSize(16).map(b -> {
            b[0] = (byte) (0x20 | (b[0] & 0x1f));
            return Prefixes.ipv6(b);
        });
    }

    static Arbitrary<Inet6Address> ipv6LinkLocal() {
        return Arbitraries.bytes().array(byte[].class).ofSize(8).map(low -> {
            byte[] b = new byte[16];
            b[0] = (byte) 0xfe;
            b[1] = (byte) 0x80;
            System.arraycopy(low, 0, b, 8, 8);
            b[15] |= 1;
            return Prefixes.ipv6(b);
        });
    }

    static Arbitrary<PathAttribute.MpReachNlri> mpReach() {
        Arbitrary<PathAttribute.MpReachNlri> v4 = Combinators.combine(ipv4Host(), ipv4Prefix().list().ofMaxSize(6))
                .as(PathAttribute.MpReachNlri::ipv4);
        Arbitrary<PathAttribute.MpReachNlri> v6 = Combinators.combine(ipv6Global(), ipv6LinkLocal().injectNull(0.5),
                ipv6Prefix().list().ofMaxSize(6))
                .as((g, ll, nlri) -> PathAttribute.MpReachNlri.ipv6(g, java.util.Optional.ofNullable(ll), nlri));
        return Arbitraries.oneOf(v4, v6);
    }

    static Arbitrary<PathAttribute.MpUnreachNlri> mpUnreach() {
        return Arbitraries.oneOf(
                ipv4Prefix().list().ofMaxSize(6).map(p -> new PathAttribute.MpUnreachNlri(AddressFamily.IPV4_UNICAST, p)),
                ipv6Prefix().list().ofMaxSize(6).map(p -> new PathAttribute.MpUnreachNlri(AddressFamily.IPV6_UNICAST, p)));
    }

    static Arbitrary<AsPathSegment> segment(boolean fourOctet, boolean confederations) {
        List<AsPathSegment.Type> types = confederations ? List.of(AsPathSegment.Type.values())
                : List.of(AsPathSegment.Type.AS_SET, AsPathSegment.Type.AS_SEQUENCE);
        return Combinators.combine(Arbitraries.of(types), asn(fourOctet).list().ofMinSize(1).ofMaxSize(8))
                .as(AsPathSegment::new);
    }

    static Arbitrary<PathAttribute.AsPath> asPath(boolean fourOctet) {
        return segment(fourOctet, true).list().ofMaxSize(4).map(PathAttribute.AsPath::new);
    }

    /** Optional attributes of every other type, each present or not, in a random order. */
    static Arbitrary<List<PathAttribute>> otherAttributes() {
        List<Arbitrary<PathAttribute>> parts = List.of(
                u32().map(v -> (PathAttribute) new PathAttribute.MultiExitDisc(v)),
                u32().map(PathAttribute.LocalPref::new),
                Arbitraries.just(new PathAttribute.AtomicAggregate()),
                u32().list().ofMinSize(1).ofMaxSize(5).map(PathAttribute.Communities::new),
                Combinators.combine(u32(), u32(), u32()).as(LargeCommunity::new).list().ofMinSize(1).ofMaxSize(3)
                        .map(PathAttribute.LargeCommunities::new),
                anyIpv4().map(PathAttribute.OriginatorId::new),
                anyIpv4().list().ofMinSize(1).ofMaxSize(4).map(PathAttribute.ClusterList::new),
                u32().map(PathAttribute.OnlyToCustomer::new),
                Arbitraries.bytes().array(byte[].class).ofSize(8).map(b -> new PathAttribute.Unknown(0xc0, 16, b)),
                Combinators.combine(Arbitraries.of(UNRECOGNIZED_TYPES), Arbitraries.bytes().array(byte[].class).ofMaxSize(20))
                        .as((t, b) -> new PathAttribute.Unknown(0xe0, t, b)));
        List<Arbitrary<PathAttribute>> maybe = parts.stream().map(a -> a.injectNull(0.5)).toList();
        return Combinators.combine(maybe).as(list -> list.stream().filter(Objects::nonNull).toList()).flatMap(l -> Arbitraries.shuffle(l));
    }

    /** UPDATEs with every field and attribute type, the mandatory attributes present whenever NLRI is. */
    static Arbitrary<UpdateMessage> update(boolean fourOctet) {
        return Combinators.combine(ipv4Prefix().list().ofMaxSize(5), ipv4Prefix().list().ofMaxSize(5),
                mpReach().injectNull(0.5), mpUnreach().injectNull(0.5), otherAttributes(),
                Arbitraries.of(OriginType.values()), asPath(fourOctet), ipv4Host())
                .as((withdrawn, nlri, reach, unreach, others, origin, path, nh) -> {
                    List<PathAttribute> attrs = new ArrayList<>();
                    if (reach != null) {
                        attrs.add(reach);
                    }
                    if (unreach != null) {
                        attrs.add(unreach);
                    }
                    if (!nlri.isEmpty() || reach != null || !others.isEmpty()) {
                        attrs.add(new PathAttribute.Origin(origin));
                        attrs.add(path);
                    }
                    if (!nlri.isEmpty()) {
                        attrs.add(new PathAttribute.NextHop(nh));
                    }
                    attrs.addAll(others);
                    return new UpdateMessage(withdrawn, attrs, nlri);
                });
    }

    static Arbitrary<Capability> capability() {
        Arbitrary<AddressFamily> family = Combinators.combine(Arbitraries.integers().between(0, 0xffff),
                Arbitraries.integers().between(0, 0xff)).as(AddressFamily::valueOf);
        Arbitrary<Capability.GracefulRestart.Family> grFamily = Combinators.combine(family, Arbitraries.of(true, false))
                .as(Capability.GracefulRestart.Family::new);
        return Arbitraries.oneOf(
                family.map(Capability.MultiProtocol::new),
                Arbitraries.of(Capability.MultiProtocol.IPV4_UNICAST, Capability.MultiProtocol.IPV6_UNICAST),
                Arbitraries.of(Capability.RouteRefresh.INSTANCE, Capability.EnhancedRouteRefresh.INSTANCE,
                        Capability.ExtendedMessage.INSTANCE),
                Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, 4095),
                        grFamily.list().ofMaxSize(3)).as(Capability.GracefulRestart::new),
                u32().map(Capability.FourOctetAs::new),
                Arbitraries.integers().between(0, 255).map(Capability.Role::new),
                Combinators.combine(Arbitraries.of(UNKNOWN_CAPABILITIES), Arbitraries.bytes().array(byte[].class).ofMaxSize(10))
                        .as(Capability.Unknown::new));
    }

    static Arbitrary<OpenMessage> open() {
        return Combinators.combine(Arbitraries.integers().between(0, 0xffff), Arbitraries.integers().between(0, 0xffff),
                anyIpv4(), capability().list().ofMaxSize(8))
                .as((as, hold, id, caps) -> new OpenMessage(OpenMessage.VERSION, as, hold, id, caps));
    }

    static Arbitrary<NotificationMessage> notification() {
        return Combinators.combine(Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 255),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64)).as(NotificationMessage::new);
    }

    static Arbitrary<RouteRefreshMessage> routeRefresh() {
        return Combinators.combine(Arbitraries.integers().between(0, 0xffff), Arbitraries.integers().between(0, 0xff),
                Arbitraries.integers().between(0, 255))
                .as((afi, safi, subtype) -> new RouteRefreshMessage(AddressFamily.valueOf(afi, safi), subtype));
    }

    /** Any message of any type. */
    static Arbitrary<BgpMessage> message() {
        return Arbitraries.oneOf(update(true).map(m -> (BgpMessage) m), open().map(m -> (BgpMessage) m),
                notification().map(m -> (BgpMessage) m), routeRefresh().map(m -> (BgpMessage) m),
                Arbitraries.just(KeepaliveMessage.INSTANCE));
    }

}
