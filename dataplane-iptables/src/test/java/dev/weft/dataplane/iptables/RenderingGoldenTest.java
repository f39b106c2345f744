package dev.weft.dataplane.iptables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.dataplane.iptables.ipset.DesiredKernelSet;
import dev.weft.dataplane.iptables.ipset.IpSetManager;
import dev.weft.dataplane.iptables.ipset.IpSetOp;
import dev.weft.dataplane.iptables.ipset.RestoreIpSetPort;
import dev.weft.dataplane.iptables.rules.RenderedFilter;
import dev.weft.dataplane.iptables.rules.RuleRenderer;
import dev.weft.model.endpoint.EndpointId;
import dev.weft.model.endpoint.LocalEndpoint;
import dev.weft.model.ipset.IpFamily;
import dev.weft.model.sync.DesiredState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Golden tests: the exact restore texts for a small desired state. */
class RenderingGoldenTest {
    private final RuleRenderer renderer = new RuleRenderer("wft", 0x20000);

    private static String golden(String name) throws IOException {
        try (InputStream in = RenderingGoldenTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void ipv4FilterTableMatchesGolden() throws IOException {
        assertThat(renderer.render(TestStates.everyMatch(), IpFamily.V4).fullRestoreInput()).isEqualTo(golden("every-match-V4.restore"));
    }

    @Test
    void ipv6FilterTableMatchesGoldenAndNamesTheV6Sets() throws IOException {
        String v6 = renderer.render(TestStates.everyMatch(), IpFamily.V6).fullRestoreInput();
        assertThat(v6).isEqualTo(golden("every-match-V6.restore"));
        assertThat(v6).doesNotContain("weft-4-").contains("--icmpv6-type 135");
    }

    @Test
    void ipsetRestoreForAFreshNodeMatchesGolden() throws IOException {
        FakeIpSetPort port = new FakeIpSetPort();
        new IpSetManager(port, 1000).applyUpdates(DesiredKernelSet.of(TestStates.everyMatch()), false);
        assertThat(port.batches).hasSize(1);
        assertThat(RestoreIpSetPort.render(port.batches.get(0))).isEqualTo(golden("every-match.ipset"));
    }

    @Test
    void renderingIsDeterministicAndNamesFitTheKernelLimits() {
        RenderedFilter a = renderer.render(TestStates.threePods(80), IpFamily.V4);
        RenderedFilter b = renderer.render(TestStates.threePods(80), IpFamily.V4);
        assertThat(a).isEqualTo(b);
        assertThat(a.chains().keySet()).allSatisfy(n -> assertThat(n).startsWith("WEFT-").hasSizeLessThanOrEqualTo(28));
        for (IpSetOp op : new FakeIpSetPortRecorder().opsFor(TestStates.everyMatch())) {
            assertThat(op.set()).startsWith("weft-").hasSizeLessThanOrEqualTo(31);
        }
    }

    @Test
    void aChangedRuleChangesOnlyItsChainsHashes() {
        RenderedFilter a = renderer.render(TestStates.threePods(80), IpFamily.V4);
        RenderedFilter b = renderer.render(TestStates.threePods(81), IpFamily.V4);
        List<String> changed = a.chains().keySet().stream().filter(n -> !a.chains().get(n).equals(b.chains().get(n))).toList();
        assertThat(changed).hasSize(1).allSatisfy(n -> assertThat(n).startsWith("WEFT-PI-"));
    }

    @Test
    void anEndpointOutsideThePrefixIsRefusedWithItsName() {
        DesiredState bad = DesiredState.of(List.of(), List.of(), List.of(), List.of(
                new LocalEndpoint(new EndpointId("x", "a"), "eth7", List.of(TestStates.A4), Optional.empty(), Optional.empty())));
        assertThatThrownBy(() -> renderer.render(bad, IpFamily.V4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x/a").hasMessageContaining("eth7");
    }

    @Test
    void twoEndpointsOnOneInterfaceAreRefused() {
        DesiredState bad = DesiredState.of(List.of(), List.of(), List.of(), List.of(
                new LocalEndpoint(new EndpointId("x", "a"), "wft1", List.of(TestStates.A4), Optional.empty(), Optional.empty()),
                new LocalEndpoint(new EndpointId("x", "b"), "wft1", List.of(TestStates.B4), Optional.empty(), Optional.empty())));
        assertThatThrownBy(() -> renderer.render(bad, IpFamily.V4)).hasMessageContaining("share interface wft1");
    }

    @Test
    void badRendererSettingsAreRefused() {
        assertThatThrownBy(() -> new RuleRenderer("wft", 0x3)).hasMessageContaining("single bit");
        assertThatThrownBy(() -> new RuleRenderer("w f", 0x20000)).hasMessageContaining("interface prefix");
    }

    /** Collects the ops a fresh node gets. */
    private static final class FakeIpSetPortRecorder {
        List<IpSetOp> opsFor(DesiredState s) {
            FakeIpSetPort port = new FakeIpSetPort();
            new IpSetManager(port, 1000).applyUpdates(DesiredKernelSet.of(s), false);
            return port.batches.get(0);
        }
    }
}
