package dev.weft.bgp.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz target over the message decoder ({@link DecoderInvariants}). Under plain
 * {@code mvn test} it replays the corpus in
 * {@code src/test/resources/dev/weft/bgp/wire/BgpDecoderFuzzTestInputs/decode/}; with
 * {@code JAZZER_FUZZ=1} it fuzzes for {@code maxDuration}. {@link #fuzzerTestOneInput} is the same
 * target for the standalone driver ({@code java -cp … com.code_intelligence.jazzer.Jazzer
 * --target_class=dev.weft.bgp.wire.BgpDecoderFuzzTest}).
 */
class BgpDecoderFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void decode(byte[] input) {
        DecoderInvariants.check(input);
    }

    /** Entry point of the standalone Jazzer driver. */
    public static void fuzzerTestOneInput(byte[] input) {
        DecoderInvariants.check(input);
    }
}
