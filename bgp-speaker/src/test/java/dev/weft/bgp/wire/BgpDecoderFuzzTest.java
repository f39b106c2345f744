package dev.weft.bgp.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Jazzer fuzz target over the message decoder ({@link DecoderInvariants}): typed errors only,
 * no loops, no unbounded allocation, re-encodable results, no buffer leaks in the pipeline.
 *
 * <p>Run it with {@code JAZZER_FUZZ=1 mvn -o test -pl bgp-speaker -Dtest=BgpDecoderFuzzTest}
 * (fuzzes for {@code maxDuration}, seeds from
 * {@code src/test/resources/dev/weft/bgp/wire/BgpDecoderFuzzTestInputs/decode/}), or with the
 * standalone driver, which {@link #fuzzerTestOneInput} serves (JAZZER_FUZZ=1 set there too, or the
 * class-level condition makes the driver find nothing to run):
 * {@code JAZZER_FUZZ=1 java -Xmx512m -cp <test classpath> com.code_intelligence.jazzer.Jazzer
 * --target_class=dev.weft.bgp.wire.BgpDecoderFuzzTest --instrumentation_includes='dev.weft.**'
 * -max_total_time=300 <corpus dirs>}. New interesting inputs belong in
 * {@code .../wire/fuzz-corpus/} (after {@code -merge=1}).
 *
 * <p>Not run by a plain {@code mvn test}: Jazzer's agent, once loaded, instruments and hooks
 * every class loaded after it in the shared surefire JVM (tripling this module's test time and
 * touching unrelated tests). The same corpus is replayed without the agent by
 * {@link DecoderCorpusTest}, and {@link DecoderMutationProperties} fuzzes in every build.
 */
@EnabledIfEnvironmentVariable(named = "JAZZER_FUZZ", matches = "1|true")
class BgpDecoderFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void decode(byte[] input) {
        DecoderInvariants.check(input);
    }

    /** Entry point of the standalone Jazzer driver. */
    public static void fuzzerTestOneInput(byte[] input) {
        DecoderInvariants.check(input);
    }
}
