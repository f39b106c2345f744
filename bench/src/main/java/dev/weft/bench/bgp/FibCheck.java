package dev.weft.bench.bgp;

import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import dev.weft.netlink.KernelRoute;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.BitSet;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The end-of-run check of a receiver's kernel FIB: every one of the benchmark's {@code n} /32s
 * ({@link BenchUpdates#prefix(int)}: from 100.64.0.0 up) is in the table exactly once, as a
 * single-next-hop route via the sender's address, and no other route falls in that range.
 *
 * @param expected n, the table size the sender announced
 * @param good benchmark prefixes present once with the right next hop
 * @param wrongNextHop benchmark prefixes present with another gateway, several next hops or none
 * @param duplicates further routes for a benchmark prefix already seen (e.g. two metrics)
 * @param outside routes in the benchmark's range but not one of its n /32s
 * @param protocols rtm_protocol → number of benchmark routes (who installed them)
 */
record FibCheck(int expected, int good, int wrongNextHop, int duplicates, int outside, Map<Integer, Integer> protocols) {
    /** True when the FIB holds exactly the n routes, each via the right next hop. */
    boolean ok() {
        return good == expected && wrongNextHop == 0 && duplicates == 0 && outside == 0;
    }

    /** Benchmark prefixes with no route at all. */
    int missing() {
        return expected - good - wrongNextHop;
    }

    @Override
    public String toString() {
        return (ok() ? "ok" : "FAIL") + ": " + good + " of " + expected + " /32s via the sender, missing " + missing()
                + ", wrong next hop " + wrongNextHop + ", duplicates " + duplicates + ", unexpected in range " + outside
                + ", by protocol " + protocols;
    }

    /**
     * Checks {@code routes} (one table's IPv4 unicast routes, as {@code Netlink.listRoutes} returns
     * them) against the benchmark table of {@code n} prefixes announced with next hop {@code gateway}.
     * Routes outside the benchmark's address range (connected routes, the sender's link) are ignored.
     */
    static FibCheck of(Collection<KernelRoute> routes, int n, InetAddress gateway) {
        long base = Integer.toUnsignedLong(BenchUpdates.BASE);
        BitSet seen = new BitSet(n);
        int good = 0;
        int wrong = 0;
        int dup = 0;
        int outside = 0;
        Map<Integer, Integer> protocols = new TreeMap<>();
        // The range the benchmark's prefixes are drawn from: 100.64.0.0/10 (RFC 6598) holds 4M /32s.
        IpPrefix range = IpPrefix.parse("100.64.0.0/10");
        for (KernelRoute k : routes) {
            IpPrefix d = k.spec().destination();
            if (!(d.address() instanceof Inet4Address) || !range.contains(d.address())) {
                continue;
            }
            long offset = Integer.toUnsignedLong(IpAddresses.toInt((Inet4Address) d.address())) - base;
            if (d.length() != 32 || offset < 0 || offset >= n) {
                outside++;
                continue;
            }
            int i = (int) offset;
            if (seen.get(i)) {
                dup++;
                continue;
            }
            seen.set(i);
            protocols.merge(k.protocol(), 1, Integer::sum);
            if (k.paths().size() == 1 && k.paths().get(0).gateway().equals(Optional.of(gateway))) {
                good++;
            } else {
                wrong++;
            }
        }
        return new FibCheck(n, good, wrong, dup, outside, protocols);
    }
}
