package dev.weft.agent.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.common.net.IpPrefix;
import dev.weft.model.route.RouteSpec;
import dev.weft.netlink.Netlink;
import org.junit.jupiter.api.Test;

/** {@link FibWarmUp}: the real route path runs, and the host's links and tables are left exactly as they were. */
class FibWarmUpKernelTest {
    static final IpPrefix SYNTHETIC = IpPrefix.parse("198.18.0.0/15");

    @Test
    void warmsUpInAPrivateNamespaceAndLeavesTheHostUntouched() throws Exception {
        try (Netlink host = Netlink.open()) {
            long ms = FibWarmUp.run(87, 2_000, 2); // each round checks 2,000 installed, then 0
            assertThat(ms).isGreaterThanOrEqualTo(0);
            assertThat(host.link("wwu0")).isEmpty();
            assertThat(host.listRoutes(Netlink.AF_INET, RouteSpec.MAIN_TABLE))
                    .noneMatch(r -> SYNTHETIC.contains(r.spec().destination().address()));
        }
    }

    @Test
    void startCompletesWithTheDuration() throws Exception {
        assertThat(FibWarmUp.start(87).get()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void rejectsSizesOutOfRange() {
        assertThatThrownBy(() -> FibWarmUp.run(87, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FibWarmUp.run(87, 10, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
