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
 * Replays the checked-in fuzz corpus (odd, malformed and once-crashing inputs, the same
 * directory Jazzer's regression mode reads) through {@link DecoderInvariants}: the decoder never
 * throws anything but its typed error, never loops, and what it returns re-encodes.
 */
class DecoderCorpusTest {
    static final String CORPUS = "BgpDecoderFuzzTestInputs/decode";

    static Stream<Path> corpus() throws Exception {
        URL dir = DecoderCorpusTest.class.getResource(CORPUS);
        assertThat(dir).as("corpus directory on the test classpath").isNotNull();
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(dir.toURI()))) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).as("corpus files").hasSizeGreaterThan(40);
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void decoderHoldsItsInvariants(Path input) throws Exception {
        DecoderInvariants.check(Files.readAllBytes(input));
    }
}
