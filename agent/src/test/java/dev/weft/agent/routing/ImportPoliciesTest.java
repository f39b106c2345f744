package dev.weft.agent.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.agent.crd.ImportFilter;
import dev.weft.bgp.policy.Policy;
import dev.weft.bgp.rib.Path;
import dev.weft.bgp.rib.RibPeer;
import dev.weft.bgp.rib.RouteAttributes;
import dev.weft.bgp.wire.AsPathSegment;
import dev.weft.bgp.wire.CodecOptions;
import dev.weft.bgp.wire.OriginType;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link ImportPolicies}: a BGPPeer importFilter as the speaker's import policy, applied to real paths. */
class ImportPoliciesTest {
    static final RibPeer TOR = new RibPeer(IpAddresses.parse("172.31.1.1"), 65000, IpAddresses.parseIpv4("172.31.1.1"),
            true, IpAddresses.parseIpv4("172.31.1.2"), CodecOptions.FOUR_OCTET_AS);
    static final Set<IpPrefix> OWN = Set.of(IpPrefix.parse("10.244.1.0/24"), IpPrefix.parse("fd00:244:1::/64"));

    static Path path(String prefix) {
        IpPrefix p = IpPrefix.parse(prefix);
        RouteAttributes a = new RouteAttributes(OriginType.IGP,
                List.of(new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, List.of(65000L))),
                IpAddresses.parse(p.isIpv4() ? "172.31.1.1" : "fd00:31::1"), Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(), List.of(), false, Optional.empty(), List.of(), List.of());
        return new Path(p, a, TOR);
    }

    static boolean imports(Policy policy, String prefix) {
        return policy.apply(path(prefix)).isPresent();
    }

    static ImportFilter.Rule rule(ImportFilter.Action a, String cidr, ImportFilter.MatchOperator op, int min, int max) {
        return new ImportFilter.Rule(a, Optional.ofNullable(cidr).map(IpPrefix::parse), op, min, max);
    }

    @Test
    void withoutAFilterTheSafeDefaultStays() {
        Policy p = ImportPolicies.importPolicy(OWN, Optional.empty());
        assertThat(p).isEqualTo(Policy.agentImportDefault(RoutingPlanner.importFilter(OWN)));
        assertThat(imports(p, "0.0.0.0/0")).isTrue();
        assertThat(imports(p, "192.0.2.0/24")).isTrue();
        assertThat(imports(p, "10.244.1.0/25")).isFalse();
    }

    @Test
    void firstMatchingRuleDecidesAndNoMatchRejects() {
        Policy p = ImportPolicies.importPolicy(OWN, Optional.of(new ImportFilter(List.of(
                rule(ImportFilter.Action.REJECT, "10.70.0.0/16", ImportFilter.MatchOperator.IN, 16, 32),
                rule(ImportFilter.Action.ACCEPT, "10.0.0.0/8", ImportFilter.MatchOperator.IN, 8, 24),
                rule(ImportFilter.Action.ACCEPT, "0.0.0.0/0", ImportFilter.MatchOperator.EQUAL, 0, 0),
                rule(ImportFilter.Action.ACCEPT, "fd00::/8", ImportFilter.MatchOperator.IN, 48, 64)))));
        assertThat(imports(p, "10.71.0.0/24")).isTrue();
        assertThat(imports(p, "10.0.0.0/8")).isTrue();
        assertThat(imports(p, "10.70.3.0/24")).as("the earlier Reject wins").isFalse();
        assertThat(imports(p, "10.71.0.0/25")).as("longer than max 24, no rule matches").isFalse();
        assertThat(imports(p, "0.0.0.0/0")).as("Equal").isTrue();
        assertThat(imports(p, "0.0.0.0/1")).isFalse();
        assertThat(imports(p, "192.0.2.0/24")).as("no match").isFalse();
        assertThat(imports(p, "fd00:1::/48")).isTrue();
        assertThat(imports(p, "fd00:1::/32")).isFalse();
        // the node's own Pod CIDRs and more-specifics, although 10.0.0.0/8 le 24 / fd00::/8 would accept them
        assertThat(imports(p, "10.244.1.0/24")).isFalse();
        assertThat(imports(p, "10.244.2.0/24")).isTrue();
        assertThat(imports(p, "fd00:244:1::/64")).isFalse();
    }

    @Test
    void notInMatchesOnlyItsFamilyOutsideTheCidrWithinTheLengths() {
        Policy p = ImportPolicies.importPolicy(OWN, Optional.of(new ImportFilter(List.of(
                rule(ImportFilter.Action.ACCEPT, "10.0.0.0/8", ImportFilter.MatchOperator.NOT_IN, 0, 24)))));
        assertThat(imports(p, "192.0.2.0/24")).isTrue();
        assertThat(imports(p, "0.0.0.0/0")).isTrue();
        assertThat(imports(p, "192.0.2.0/25")).isFalse();
        assertThat(imports(p, "10.1.0.0/16")).isFalse();
        assertThat(imports(p, "2001:db8::/32")).as("NotIn an IPv4 cidr says nothing about IPv6").isFalse();
    }

    @Test
    void aRuleWithoutCidrMatchesEverythingAndAnEmptyFilterImportsNothing() {
        Policy acceptRest = ImportPolicies.importPolicy(OWN, Optional.of(new ImportFilter(List.of(
                rule(ImportFilter.Action.REJECT, "192.168.0.0/16", ImportFilter.MatchOperator.IN, 16, 32),
                rule(ImportFilter.Action.ACCEPT, null, ImportFilter.MatchOperator.IN, 0, 128)))));
        assertThat(imports(acceptRest, "192.168.1.0/24")).isFalse();
        assertThat(imports(acceptRest, "203.0.113.0/24")).isTrue();
        assertThat(imports(acceptRest, "2001:db8::/32")).isTrue();
        assertThat(imports(acceptRest, "10.244.1.0/24")).as("own Pod CIDR").isFalse();

        Policy none = ImportPolicies.importPolicy(OWN, Optional.of(new ImportFilter(List.of())));
        assertThat(imports(none, "203.0.113.0/24")).isFalse();
        assertThat(imports(none, "2001:db8::/32")).isFalse();
    }
}
