package dev.weft.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the checked-in fuzz corpus through {@link DecoderInvariants}: the decoder never
 * throws anything but its typed error, never loops, and what it returns re-encodes. Two
 * directories under {@code src/test/resources/dev/weft/bgp/wire/}: {@code BgpDecoderFuzzTestInputs/decode}
 * (hand-made valid, odd and malformed messages; Jazzer's seeds and regression inputs) and
 * {@code fuzz-corpus} (the Jazzer corpus minimized with {@code -merge=1}: one input per coverage
 * feature found, named {@code jazzer-<sha1 prefix>}). Add any input that ever failed here.
 */
class DecoderCorpusTest {
    static final List<String> CORPORA = List.of("BgpDecoderFuzzTestInputs/decode", "fuzz-corpus");

    static Stream<Path> corpus() throws Exception {
        List<Path> files = new java.util.ArrayList<>();
        for (String name : CORPORA) {
            URL dir = DecoderCorpusTest.class.getResource(name);
            assertThat(dir).as("corpus directory " + name + " on the test classpath").isNotNull();
            try (Stream<Path> s = Files.list(Path.of(dir.toURI()))) {
                files.addAll(s.filter(Files::isRegularFile).sorted().toList());
            }
        }
        assertThat(files).as("corpus files").hasSizeGreaterThan(400);
        return files.stream();
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("corpus")
    void decoderHoldsItsInvariants(Path input) throws Exception {
        DecoderInvariants.check(Files.readAllBytes(input));
    }
}
