package dev.weft.bgp.rib;

import dev.weft.common.net.IpAddresses;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The tie-breaking steps of RFC 4271 §9.1.2.2 as comparators: negative when the first path is
 * preferred, 0 when the step does not decide. {@link #MED} only compares paths from the same
 * neighbouring AS, so it is not a total order; {@link BestPathSelector} applies the chain by
 * elimination, as the RFC does.
 */
public final class PathComparators {
    private PathComparators() {}

    /** Highest degree of preference (LOCAL_PREF) first (§9.1.1, §9.1.2.1). */
    public static final Comparator<Path> LOCAL_PREF = (a, b) -> Long.compare(b.localPref(), a.localPref());

    /** Shortest AS path first; an AS_SET counts 1 (§9.1.2.2 a). */
    public static final Comparator<Path> AS_PATH_LENGTH = Comparator.comparingInt(Path::asPathLength);

    /** Lowest ORIGIN first: IGP &lt; EGP &lt; INCOMPLETE (§9.1.2.2 b). */
    public static final Comparator<Path> ORIGIN = Comparator.comparingInt(p -> p.attributes().origin().code());

    /** Lowest MED first, only between paths from the same neighbouring AS; a missing MED is 0 (§9.1.2.2 c). */
    public static final Comparator<Path> MED = (a, b) ->
            a.neighborAs() != b.neighborAs() ? 0 : Long.compare(a.med(), b.med());

    /** Paths from eBGP peers before paths from iBGP peers (§9.1.2.2 d). */
    public static final Comparator<Path> EBGP_OVER_IBGP = (a, b) -> Boolean.compare(b.source().ebgp(), a.source().ebgp());

    /** Lowest BGP Identifier of the advertising peer first (§9.1.2.2 f). */
    public static final Comparator<Path> ROUTER_ID = (a, b) -> Integer.compareUnsigned(
            IpAddresses.toInt(a.source().routerId()), IpAddresses.toInt(b.source().routerId()));

    /** Lowest peer address first (§9.1.2.2 g). */
    public static final Comparator<Path> PEER_ADDRESS = (a, b) -> {
        byte[] x = a.source().address().getAddress();
        byte[] y = b.source().address().getAddress();
        return x.length != y.length ? Integer.compare(x.length, y.length) : Arrays.compareUnsigned(x, y);
    };

    /**
     * The steps two paths must tie on to share an ECMP multipath set: everything up to and
     * including the peer-type step (d); the router-ID and address tie-breakers do not count.
     */
    public static final List<Comparator<Path>> MULTIPATH = List.of(LOCAL_PREF, AS_PATH_LENGTH, ORIGIN, MED, EBGP_OVER_IBGP);

    /** The decision chain in RFC order (step e, interior cost to the NEXT_HOP, does not apply here). */
    public static final List<Comparator<Path>> CHAIN =
            List.of(LOCAL_PREF, AS_PATH_LENGTH, ORIGIN, MED, EBGP_OVER_IBGP, ROUTER_ID, PEER_ADDRESS);
}
