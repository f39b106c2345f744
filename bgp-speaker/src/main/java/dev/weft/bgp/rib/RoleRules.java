package dev.weft.bgp.rib;

import dev.weft.bgp.wire.Capability;
import dev.weft.bgp.wire.PathAttribute;
import java.util.ArrayList;
import java.util.List;

/**
 * The Only-to-Customer rules of RFC 9234 §5, by our role on the session (a
 * {@link Capability.Role} value; {@link #NONE} = no role configured, no rule applies).
 *
 * <p>In the RIB the OTC attribute (type 35, optional transitive, 4 octets: an AS number) is
 * carried as a {@link PathAttribute.Unknown} in {@link RouteAttributes#transitive()} (see
 * {@link #toRibForm}), so it travels with the route to every peer and is re-encoded unchanged.
 *
 * <table>
 *   <caption>what applies, by our role (the peer's role in brackets)</caption>
 *   <tr><th>our role</th><th>ingress (§5)</th><th>egress (§5)</th></tr>
 *   <tr><td>provider (customer)</td><td>OTC present: route leak, ineligible</td><td>OTC = our AS added if absent</td></tr>
 *   <tr><td>rs (rs-client)</td><td>OTC present: route leak, ineligible</td><td>OTC = our AS added if absent</td></tr>
 *   <tr><td>peer (peer)</td><td>OTC ≠ peer's AS: leak; absent: OTC = peer's AS added</td>
 *       <td>OTC present: not sent; absent: OTC = our AS added</td></tr>
 *   <tr><td>customer (provider)</td><td>absent: OTC = peer's AS added</td><td>OTC present: not sent</td></tr>
 *   <tr><td>rs-client (rs)</td><td>absent: OTC = peer's AS added</td><td>OTC present: not sent</td></tr>
 * </table>
 */
public final class RoleRules {
    /** No role configured on the session. */
    public static final int NONE = -1;
    /** Flags of the OTC attribute we send: optional, transitive (RFC 9234 §5). */
    static final int OTC_FLAGS = PathAttribute.FLAG_OPTIONAL | PathAttribute.FLAG_TRANSITIVE;

    private RoleRules() {}

    /** RFC 9234 §5 ingress: a route with OTC from a peer whose role makes it a route leak. */
    public static boolean ingressLeak(int localRole, long peerAs, long otc) {
        return switch (localRole) {
            case Capability.Role.PROVIDER, Capability.Role.ROUTE_SERVER -> true; // from a customer / rs-client
            case Capability.Role.PEER -> otc != peerAs;
            default -> false;
        };
    }

    /** RFC 9234 §5 ingress: a route without OTC gets OTC = the peer's AS (from a provider, peer or rs). */
    public static boolean ingressAddsOtc(int localRole) {
        return localRole == Capability.Role.CUSTOMER || localRole == Capability.Role.PEER
                || localRole == Capability.Role.ROUTE_SERVER_CLIENT;
    }

    /** RFC 9234 §5 egress: a route with OTC is not sent (to a provider, peer or rs). */
    public static boolean egressBlocksOtc(int localRole) {
        return ingressAddsOtc(localRole);
    }

    /** RFC 9234 §5 egress: a route without OTC gets OTC = our AS (to a customer, peer or rs-client). */
    public static boolean egressAddsOtc(int localRole) {
        return localRole == Capability.Role.PROVIDER || localRole == Capability.Role.PEER
                || localRole == Capability.Role.ROUTE_SERVER;
    }

    /** The OTC attribute in RIB form: optional transitive type 35, the AS as 4 octets. */
    public static PathAttribute.Unknown otcAttribute(long asn) {
        return new PathAttribute.Unknown(OTC_FLAGS, PathAttribute.ONLY_TO_CUSTOMER, new byte[] {(byte) (asn >>> 24),
                (byte) (asn >>> 16), (byte) (asn >>> 8), (byte) asn});
    }

    /** The OTC value of {@code attributes} (as received, or in RIB form); -1 = none. */
    public static long otc(List<PathAttribute> attributes) {
        for (PathAttribute a : attributes) {
            if (a instanceof PathAttribute.OnlyToCustomer o) {
                return o.asn();
            }
            if (a instanceof PathAttribute.Unknown u && u.typeCode() == PathAttribute.ONLY_TO_CUSTOMER) {
                return value(u);
            }
        }
        return -1;
    }

    /** The OTC value of a route in the RIB; -1 = none. */
    static long otc(RouteAttributes a) {
        List<PathAttribute.Unknown> t = a.transitive();
        for (int i = 0; i < t.size(); i++) {
            if (t.get(i).typeCode() == PathAttribute.ONLY_TO_CUSTOMER) {
                return value(t.get(i));
            }
        }
        return -1;
    }

    /**
     * {@code attributes} with a decoded {@link PathAttribute.OnlyToCustomer} replaced by its RIB
     * form ({@link #otcAttribute}), or with that added when {@code addAsn} ≥ 0 and there is none;
     * the same list when nothing changes.
     */
    public static List<PathAttribute> toRibForm(List<PathAttribute> attributes, long addAsn) {
        List<PathAttribute> out = null;
        boolean has = false;
        for (int i = 0; i < attributes.size(); i++) {
            PathAttribute a = attributes.get(i);
            if (a instanceof PathAttribute.OnlyToCustomer o) {
                out = out == null ? new ArrayList<>(attributes) : out;
                out.set(i, otcAttribute(o.asn()));
                has = true;
            } else if (a instanceof PathAttribute.Unknown u && u.typeCode() == PathAttribute.ONLY_TO_CUSTOMER) {
                has = true;
            }
        }
        if (!has && addAsn >= 0) {
            out = out == null ? new ArrayList<>(attributes) : out;
            out.add(otcAttribute(addAsn));
        }
        return out == null ? attributes : out;
    }

    private static long value(PathAttribute.Unknown u) {
        byte[] v = u.value();
        if (v.length != 4) {
            return -1; // the decoder treats other lengths as withdraw (RFC 9234 §5, RFC 7606): never here
        }
        return ((v[0] & 0xffL) << 24) | ((v[1] & 0xffL) << 16) | ((v[2] & 0xffL) << 8) | (v[3] & 0xffL);
    }
}
