package dev.weft.dataplane.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dataplane.iptables.ipset.IpSetManager;
import dev.weft.dataplane.iptables.ipset.IpSetOp;
import dev.weft.dataplane.iptables.ipset.IpSetPort;
import dev.weft.model.ipset.IpFamily;
import dev.weft.model.ipset.IpSetType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measures the two IP set implementations in a fresh namespace (medians of 7 runs after 2 warm-up
 * runs): create + fill of 10k and 100k members, an incremental change of 100 adds + 100 dels on a
 * 10k set, and listing 100k members. Not run by default (tag "benchmark"):
 * {@code mvn test -pl dataplane-iptables -Dweft.iptables.groups=benchmark}. Writes
 * {@code target/ipset-benchmark.txt}. The restore implementation's numbers include
 * {@code ip netns exec}; its own cost is measured and printed too.
 */
@Tag("benchmark")
class IpSetBenchmarkTest {
    private static final int RUNS = 7;
    private static final int WARMUP = 2;

    private static List<IpSetOp> fill(String name, int from, int n, boolean create) {
        List<IpSetOp> ops = new ArrayList<>(n + 1);
        if (create) {
            int maxelem = IpSetManager.maxelem(n);
            ops.add(new IpSetOp.Create(name, IpSetType.HASH_IP, IpFamily.V4, IpSetManager.hashsize(maxelem), maxelem));
        }
        for (int i = from; i < from + n; i++) {
            ops.add(new IpSetOp.Add(name, "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)));
        }
        return ops;
    }

    private static double medianMs(Runnable setup, Runnable measured, Runnable teardown) {
        double[] t = new double[RUNS];
        for (int i = 0; i < WARMUP + RUNS; i++) {
            setup.run();
            long start = System.nanoTime();
            measured.run();
            long ns = System.nanoTime() - start;
            teardown.run();
            if (i >= WARMUP) {
                t[i - WARMUP] = ns / 1e6;
            }
        }
        Arrays.sort(t);
        return t[RUNS / 2];
    }

    @Test
    void measureBothImplementations() throws IOException {
        TestNet.cleanupLeftovers();
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "%-14s %12s %12s %14s %12s%n",
                "impl", "fill 10k ms", "fill 100k ms", "inc 100+100 ms", "list 100k ms"));
        try (TestNet net = TestNet.nodeOnly("bench")) {
            double exec = medianMs(() -> { }, () -> net.runner().run(List.of("true"), null), () -> { });
            for (IpSetImplementation impl : IpSetImplementation.values()) {
                try (IpSetPort port = IpSetPortKernelTest.open(impl, net)) {
                    Runnable destroy = () -> port.execute(List.of(new IpSetOp.Destroy("weft-bench")));
                    double fill10k = medianMs(() -> { }, () -> port.execute(fill("weft-bench", 0, 10_000, true)), destroy);
                    double fill100k = medianMs(() -> { }, () -> port.execute(fill("weft-bench", 0, 100_000, true)), destroy);
                    Supplier<List<IpSetOp>> change = () -> {
                        List<IpSetOp> ops = new ArrayList<>();
                        for (int i = 0; i < 100; i++) {
                            ops.add(new IpSetOp.Del("weft-bench", "10.0." + (i >> 8 & 255) + "." + (i & 255)));
                        }
                        ops.addAll(fill("weft-bench", 20_000, 100, false));
                        return ops;
                    };
                    double inc = medianMs(() -> port.execute(fill("weft-bench", 0, 10_000, true)), () -> port.execute(change.get()), destroy);
                    double list = medianMs(() -> port.execute(fill("weft-bench", 0, 100_000, true)),
                            () -> assertThat(port.list("weft-").get("weft-bench").members()).hasSize(100_000), destroy);
                    report.append(String.format(Locale.ROOT, "%-14s %12.1f %12.1f %14.1f %12.1f%n", port.name(), fill10k, fill100k, inc, list));
                }
            }
            report.append(String.format(Locale.ROOT, "(ip netns exec + process start alone: %.1f ms per command)%n", exec));
        }
        System.out.print(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "ipset-benchmark.txt"), report);
    }
}
