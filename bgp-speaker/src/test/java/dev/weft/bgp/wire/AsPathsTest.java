package dev.weft.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AsPathsTest {

    @Test
    void selectionLengthCountsSetsOnceAndConfederationsNever() {
        List<AsPathSegment> p = List.of(AsPathSegment.sequence(1L, 2L, 3L), AsPathSegment.set(4L, 5L, 6L),
                new AsPathSegment(AsPathSegment.Type.AS_CONFED_SEQUENCE, List.of(7L, 8L)));
        assertThat(AsPaths.selectionLength(p)).isEqualTo(4);
        assertThat(AsPaths.flatten(p)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(AsPaths.contains(p, 5)).isTrue();
        assertThat(AsPaths.contains(p, 9)).isFalse();
    }

    @Test
    void prependJoinsALeadingSequenceOrStartsOne() {
        assertThat(AsPaths.prepend(List.of(), 65001)).containsExactly(AsPathSegment.sequence(65001L));
        assertThat(AsPaths.prepend(List.of(AsPathSegment.sequence(65000L)), 65001))
                .containsExactly(AsPathSegment.sequence(65001L, 65000L));
        assertThat(AsPaths.prepend(List.of(AsPathSegment.set(1L, 2L)), 65001))
                .containsExactly(AsPathSegment.sequence(65001L), AsPathSegment.set(1L, 2L));
    }

    @Test
    void mergeReplacesTheTailWithAs4Path() {
        // RFC 6793 §4.2.3: AS_PATH [65001 23456 23456 65005], AS4_PATH [4200000000 4200000001 65005]
        List<AsPathSegment> asPath = List.of(AsPathSegment.sequence(65001L, 23456L, 23456L, 65005L));
        List<AsPathSegment> as4 = List.of(AsPathSegment.sequence(4200000000L, 4200000001L, 65005L));
        assertThat(AsPaths.merge(asPath, as4))
                .containsExactly(AsPathSegment.sequence(65001L, 4200000000L, 4200000001L, 65005L));
    }

    @Test
    void mergeIgnoresALongerAs4Path() {
        List<AsPathSegment> asPath = List.of(AsPathSegment.sequence(65001L));
        List<AsPathSegment> as4 = List.of(AsPathSegment.sequence(4200000000L, 4200000001L));
        assertThat(AsPaths.merge(asPath, as4)).isEqualTo(asPath);
    }

    @Test
    void mergeKeepsLeadingSetsWhole() {
        List<AsPathSegment> asPath = List.of(AsPathSegment.set(1L, 2L), AsPathSegment.sequence(23456L));
        List<AsPathSegment> as4 = List.of(AsPathSegment.sequence(4200000000L));
        assertThat(AsPaths.merge(asPath, as4)).containsExactly(AsPathSegment.set(1L, 2L), AsPathSegment.sequence(4200000000L));
    }

    @Test
    void fourOctetAsDetection() {
        assertThat(AsPaths.hasFourOctetAs(List.of(AsPathSegment.sequence(65535L)))).isFalse();
        assertThat(AsPaths.hasFourOctetAs(List.of(AsPathSegment.sequence(65536L)))).isTrue();
    }
}
