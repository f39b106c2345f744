package dev.weft.bench.bgp;

import dev.weft.bgp.rib.BestPathSelector;
import dev.weft.bgp.rib.Path;
import dev.weft.bgp.rib.RibPeer;
import dev.weft.bgp.rib.RouteAttributes;
import dev.weft.bgp.wire.AsPathSegment;
import dev.weft.bgp.wire.CodecOptions;
import dev.weft.bgp.wire.OriginType;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: RFC 4271 best-path selection over N candidate paths that tie down to the router-ID step
 * (the worst case: every comparator runs), and the ECMP multipath set.
 *
 * <p>{@code java -cp weft-bench.jar:lib/* org.openjdk.jmh.Main BestPathBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BestPathBenchmark {
    @Param({"1", "2", "8", "32"})
    public int paths;

    private final BestPathSelector selector = BestPathSelector.rfc4271();
    private List<Path> candidates;

    @Setup
    public void setUp() {
        IpPrefix p = IpPrefix.parse("10.1.0.0/24");
        candidates = new ArrayList<>();
        for (int i = 0; i < paths; i++) {
            String addr = "10.0." + i + ".1";
            RibPeer peer = new RibPeer(IpAddresses.parse(addr), 65000, IpAddresses.parseIpv4(addr), true,
                    IpAddresses.parseIpv4("10.255.0.1"), CodecOptions.FOUR_OCTET_AS);
            RouteAttributes a = new RouteAttributes(OriginType.IGP,
                    List.of(new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, List.of(65000L, 65100L))),
                    IpAddresses.parse(addr), Optional.empty(), Optional.empty(), List.of(), false, List.of());
            candidates.add(new Path(p, a, peer));
        }
    }

    @Benchmark
    public Optional<Path> select() {
        return selector.select(candidates);
    }

    @Benchmark
    public List<Path> multipath() {
        return BestPathSelector.multipath(candidates.get(0), candidates, 8);
    }
}
