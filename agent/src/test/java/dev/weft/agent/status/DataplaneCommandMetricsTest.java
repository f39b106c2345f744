package dev.weft.agent.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DataplaneCommandMetricsTest {
    @Test
    void classifiesTheDataplaneCommands() {
        assertThat(DataplaneCommandMetrics.classify(List.of("iptables-restore", "--noflush", "-w", "10")))
                .isEqualTo(new DataplaneCommandMetrics.Kind("weft_iptables_restore", "family", "ipv4", "iptables-restore"));
        assertThat(DataplaneCommandMetrics.classify(List.of("ip", "netns", "exec", "wt-1", "ip6tables-nft-restore", "--noflush")))
                .isEqualTo(new DataplaneCommandMetrics.Kind("weft_iptables_restore", "family", "ipv6", "iptables-restore"));
        assertThat(DataplaneCommandMetrics.classify(List.of("/usr/sbin/iptables-legacy-save", "-t", "filter")).metric())
                .isEqualTo("weft_iptables_save");
        assertThat(DataplaneCommandMetrics.classify(List.of("ipset", "restore")).tagValue()).isEqualTo("restore");
        assertThat(DataplaneCommandMetrics.classify(List.of("ipset", "frobnicate")).tagValue()).isEqualTo("other");
        assertThat(DataplaneCommandMetrics.classify(List.of("iptables", "--version"))).isNull();
        assertThat(DataplaneCommandMetrics.classify(List.of("ip", "link"))).isNull();
    }
}
