package dev.weft.bgp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IngestWarmUpTest {
    @Test
    void appliesEveryRoundThroughDecoderAndRib() {
        // 2 rounds × 2 peers × 2 UPDATEs of 800
        assertThat(IngestWarmUp.run(2, 1600, () -> false)).isEqualTo(2L * 2 * 1600);
    }

    @Test
    void stopsWhenAsked() {
        assertThat(IngestWarmUp.run(5, 1600, () -> true)).isZero();
        AtomicInteger polls = new AtomicInteger();
        long applied = IngestWarmUp.run(5, 32_000, () -> polls.incrementAndGet() > 40);
        assertThat(applied).isPositive().isLessThan(5L * 2 * 32_000);
    }

    @Test
    void theSessionWarmUpSendsItsWholeTableOverLoopback() throws Exception {
        assertThat(SessionWarmUp.run(() -> false)).isEqualTo(
                SessionWarmUp.SMALL_UPDATES * SessionWarmUp.SMALL_PER_UPDATE + SessionWarmUp.FULL_UPDATES * IngestWarmUp.PER_UPDATE);
    }

    @Test
    void theSessionWarmUpStopsWhenAsked() throws Exception {
        assertThat(SessionWarmUp.run(() -> true)).isLessThan(
                SessionWarmUp.SMALL_UPDATES * SessionWarmUp.SMALL_PER_UPDATE + SessionWarmUp.FULL_UPDATES * IngestWarmUp.PER_UPDATE);
    }

    @Test
    void aSpeakerWithWarmUpStartsAndStopsCleanly() {
        SpeakerConfig config = SpeakerConfig.of(65001, dev.weft.common.net.IpAddresses.parseIpv4("10.0.0.1"))
                .withListen(dev.weft.common.net.IpAddresses.parse("127.0.0.1"), 0).withIngestWarmUp(true);
        assertThat(config.ingestWarmUp()).isTrue();
        assertThat(SpeakerConfig.of(65001, dev.weft.common.net.IpAddresses.parseIpv4("10.0.0.1")).ingestWarmUp()).isFalse();
        try (BgpSpeaker s = BgpSpeaker.start(config)) {
            assertThat(s.peers()).isEmpty();
        }
    }
}
