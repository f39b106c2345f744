package dev.weft.model.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChainNameTest {

    @Test
    void derivedNamesAreStableDistinctAndShortEnough() {
        ChainName pi = ChainName.policy("x", "p", Direction.INGRESS);
        assertThat(pi).isEqualTo(ChainName.policy("x", "p", Direction.INGRESS));
        assertThat(pi.value()).startsWith("WEFT-PI-").hasSize(24);
        assertThat(ChainName.policy("x", "p", Direction.EGRESS).value()).startsWith("WEFT-PE-");
        assertThat(ChainName.endpoint("x", "p", Direction.INGRESS).value()).startsWith("WEFT-TO-");
        assertThat(ChainName.endpoint("x", "p", Direction.EGRESS).value()).startsWith("WEFT-FR-");
        assertThat(ChainName.policy("x", "p", Direction.INGRESS)).isNotEqualTo(ChainName.policy("x", "q", Direction.INGRESS));
    }

    @Test
    void invalidNamesAreRefused() {
        assertThatThrownBy(() -> new ChainName("FORWARD")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChainName("WEFT-" + "A".repeat(24))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChainName("WEFT-a b")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ChainName("WEFT-" + "A".repeat(23)).value()).hasSize(28);
    }

    @Test
    void portRangeAndOriginRenderAsDocumented() {
        assertThat(PortRange.of(80)).hasToString("80");
        assertThat(new PortRange(81, 83)).hasToString("81:83");
        assertThatThrownBy(() -> new PortRange(90, 80)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new RuleOrigin("x", "p", Direction.EGRESS, 2, 1, -1).comment()).isEqualTo("x/p egress[2] to[1]");
    }
}
