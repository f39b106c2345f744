package dev.weft.bgp.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.bgp.rib.Path;
import dev.weft.bgp.rib.RibPeer;
import dev.weft.bgp.rib.RouteAttributes;
import dev.weft.bgp.wire.AsPathSegment;
import dev.weft.bgp.wire.CodecOptions;
import dev.weft.bgp.wire.LargeCommunity;
import dev.weft.bgp.wire.OriginType;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyTest {
    static final RibPeer TOR = new RibPeer(IpAddresses.parse("10.0.0.1"), 65002, IpAddresses.parseIpv4("10.0.0.1"), true,
            IpAddresses.parseIpv4("10.0.0.2"), CodecOptions.FOUR_OCTET_AS);
    static final LargeCommunity LC = new LargeCommunity(65001, 1, 2);

    static Path path(String prefix, List<AsPathSegment> asPath, List<Long> communities, List<LargeCommunity> large) {
        RouteAttributes a = new RouteAttributes(OriginType.IGP, asPath, IpAddresses.parse("192.0.2.1"), Optional.empty(),
                Optional.of(10L), Optional.empty(), communities, large, false, Optional.empty(), List.of(), List.of());
        return new Path(IpPrefix.parse(prefix), a, TOR);
    }

    static List<AsPathSegment> seq(Long... asns) {
        return List.of(new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, List.of(asns)));
    }

    static final Path P = path("10.1.2.0/24", seq(65002L, 65001L), List.of(Condition.community("65002:100")), List.of(LC));

    @Test
    void prefixListWithGeLe() {
        PrefixList l = PrefixList.of("deny 10.1.99.0/24", "10.0.0.0/8 ge 16 le 24");
        assertThat(l.permits(IpPrefix.parse("10.1.2.0/24"))).isTrue();
        assertThat(l.permits(IpPrefix.parse("10.1.0.0/16"))).isTrue();
        assertThat(l.permits(IpPrefix.parse("10.0.0.0/8"))).isFalse(); // shorter than ge
        assertThat(l.permits(IpPrefix.parse("10.1.2.128/25"))).isFalse(); // longer than le
        assertThat(l.permits(IpPrefix.parse("10.1.99.0/24"))).isFalse(); // first match denies
        assertThat(l.permits(IpPrefix.parse("11.0.0.0/16"))).isFalse(); // no match = deny
        assertThat(PrefixList.of("10.0.0.0/8").permits(IpPrefix.parse("10.0.0.0/8"))).isTrue(); // exact without ge/le
        assertThat(PrefixList.of("10.0.0.0/8").permits(IpPrefix.parse("10.1.0.0/16"))).isFalse();
        assertThat(PrefixList.of("10.0.0.0/8 ge 30").permits(IpPrefix.parse("10.1.0.1/32"))).isTrue(); // ge alone: up to 32
        assertThat(PrefixList.of("10.0.0.0/8 le 16").permits(IpPrefix.parse("10.1.0.0/16"))).isTrue();
        assertThat(PrefixList.of("::/0 le 128").permits(IpPrefix.parse("10.1.0.0/16"))).isFalse(); // other family
    }

    @Test
    void badPrefixListEntriesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> PrefixList.Entry.parse("10.0.0.0/8 ge 4")).hasMessageContaining("ge");
        assertThatThrownBy(() -> PrefixList.Entry.parse("10.0.0.0/8 le 33")).hasMessageContaining("33");
        assertThatThrownBy(() -> PrefixList.Entry.parse("10.0.0.0/8 ge")).hasMessageContaining("without a length");
        assertThatThrownBy(() -> PrefixList.Entry.parse("10.0.0.0/8 xx 9")).hasMessageContaining("expected ge or le");
        assertThatThrownBy(() -> PrefixList.Entry.parse("permit")).hasMessageContaining("without a prefix");
        assertThatThrownBy(() -> PrefixList.Entry.parse("10.0.0.1/8")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void asPathRegexUsesUnderscoreAsABoundary() {
        assertThat(new Condition.AsPathRegex("_65001$").matches(P)).isTrue();
        assertThat(new Condition.AsPathRegex("^65002_").matches(P)).isTrue();
        assertThat(new Condition.AsPathRegex("_6500$").matches(P)).isFalse();
        assertThat(new Condition.AsPathRegex("^$").matches(path("10.0.0.0/8", List.of(), List.of(), List.of()))).isTrue();
        List<AsPathSegment> withSet = List.of(new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, List.of(65002L)),
                new AsPathSegment(AsPathSegment.Type.AS_SET, List.of(65010L, 65011L)));
        assertThat(Condition.AsPathRegex.text(withSet)).isEqualTo("65002 {65010,65011}");
        assertThat(new Condition.AsPathRegex("_65011_").matches(path("10.0.0.0/8", withSet, List.of(), List.of()))).isTrue();
        assertThatThrownBy(() -> new Condition.AsPathRegex("(")).isInstanceOf(java.util.regex.PatternSyntaxException.class);
    }

    @Test
    void asPathContainsOriginAsAndLength() {
        assertThat(new Condition.AsPathContains(65001).matches(P)).isTrue();
        assertThat(new Condition.AsPathContains(65009).matches(P)).isFalse();
        assertThat(new Condition.OriginAs(65001).matches(P)).isTrue();
        assertThat(new Condition.OriginAs(65002).matches(P)).isFalse();
        assertThat(new Condition.OriginAs(0).matches(path("10.0.0.0/8", List.of(), List.of(), List.of()))).isTrue();
        assertThat(new Condition.AsPathLength(2, 2).matches(P)).isTrue();
        assertThat(new Condition.AsPathLength(0, 1).matches(P)).isFalse();
        assertThatThrownBy(() -> new Condition.AsPathLength(3, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void communityAndLargeCommunityMatches() {
        assertThat(new Condition.CommunityAny(List.of(Condition.community("65002:100"))).matches(P)).isTrue();
        assertThat(new Condition.CommunityAny(List.of(Condition.community("65002:101"))).matches(P)).isFalse();
        assertThat(new Condition.LargeCommunityAny(List.of(LC)).matches(P)).isTrue();
        assertThat(new Condition.LargeCommunityAny(List.of(new LargeCommunity(1, 2, 3))).matches(P)).isFalse();
        assertThatThrownBy(() -> Condition.community("70000:1")).hasMessageContaining("16-bit");
    }

    @Test
    void neighborCondition() {
        assertThat(new Condition.Neighbor(TOR.address()).matches(P)).isTrue();
        assertThat(new Condition.Neighbor(IpAddresses.parse("10.0.0.9")).matches(P)).isFalse();
    }

    @Test
    void setLocalPrefAndMed() {
        assertThat(new Action.SetLocalPref(250).apply(P, P).attributes().localPref()).contains(250L);
        assertThat(new Action.SetMed(Optional.of(7L)).apply(P, P).attributes().med()).contains(7L);
        assertThat(new Action.SetMed(Optional.empty()).apply(P, P).attributes().med()).isEmpty();
        assertThatThrownBy(() -> new Action.SetLocalPref(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void communitiesAddRemoveSet() {
        long c1 = Condition.community("65002:100");
        long c2 = Condition.community("65001:7");
        assertThat(new Action.Communities(Action.Mode.ADD, List.of(c1, c2)).apply(P, P).attributes().communities())
                .containsExactly(c1, c2);
        assertThat(new Action.Communities(Action.Mode.REMOVE, List.of(c1)).apply(P, P).attributes().communities()).isEmpty();
        assertThat(new Action.Communities(Action.Mode.SET, List.of(c2)).apply(P, P).attributes().communities())
                .containsExactly(c2);
    }

    @Test
    void largeCommunitiesAddRemoveSet() {
        LargeCommunity other = new LargeCommunity(65001, 9, 9);
        assertThat(new Action.LargeCommunities(Action.Mode.ADD, List.of(other)).apply(P, P).attributes().largeCommunities())
                .containsExactly(LC, other);
        assertThat(new Action.LargeCommunities(Action.Mode.REMOVE, List.of(LC)).apply(P, P).attributes().largeCommunities())
                .isEmpty();
        assertThat(new Action.LargeCommunities(Action.Mode.SET, List.of(other)).apply(P, P).attributes().largeCommunities())
                .containsExactly(other);
    }

    @Test
    void nextHopSelfAndKeep() {
        Path exported = new Path(P.prefix(), P.attributes().withNextHop(IpAddresses.parse("10.0.0.2"), Optional.empty()), TOR);
        assertThat(new Action.NextHopSelf().apply(exported, P).attributes().nextHop().isAnyLocalAddress()).isTrue();
        assertThat(new Action.NextHopKeep().apply(exported, P).attributes().nextHop()).isEqualTo(IpAddresses.parse("192.0.2.1"));
    }

    @Test
    void statementsRunInOrderAndTheFirstAcceptOrRejectWins() {
        Policy policy = new Policy("p", List.of(
                new Statement("tag", List.of(), List.of(new Action.SetLocalPref(150)), Statement.Disposition.NEXT),
                Statement.reject("no-65009", new Condition.AsPathContains(65009)),
                new Statement("ours", List.of(new Condition.PrefixIn(PrefixList.of("10.0.0.0/8 le 24")),
                        new Condition.AsPathRegex("_65001$")), List.of(new Action.SetMed(Optional.of(5L))),
                        Statement.Disposition.ACCEPT)), false);
        Path accepted = policy.apply(P).orElseThrow();
        assertThat(accepted.attributes().localPref()).contains(150L);
        assertThat(accepted.attributes().med()).contains(5L);
        assertThat(policy.apply(path("10.1.2.0/24", seq(65009L, 65001L), List.of(), List.of()))).isEmpty();
        assertThat(policy.apply(path("192.168.0.0/24", seq(65002L, 65001L), List.of(), List.of()))).isEmpty(); // default
        assertThat(new Policy("d", policy.statements().subList(0, 1), true).apply(P)).isPresent();
        assertThat(policy.prefixIndependent()).isFalse();
        assertThat(new Policy("x", policy.statements().subList(0, 2), true).prefixIndependent()).isTrue();
    }

    @Test
    void applyingAPolicyLeavesTheInputUnchanged() {
        Path before = P;
        new Action.SetLocalPref(999).apply(P, P);
        Policy.acceptAll().apply(P);
        assertThat(P).isEqualTo(before);
        assertThat(P.attributes().localPref()).isEmpty();
    }

    @Test
    void agentDefaultsExportOnlyOwnPrefixesAndImportWhatTheListAllows() {
        IpPrefix own = IpPrefix.parse("10.244.1.0/24");
        Policy export = Policy.agentExportDefault(List.of(own));
        RibPeer local = new RibPeer(IpAddresses.parse("0.0.0.0"), 65001, IpAddresses.parseIpv4("10.0.0.9"), false,
                IpAddresses.parseIpv4("10.0.0.9"), CodecOptions.FOUR_OCTET_AS);
        Path ownRoute = new Path(own, P.attributes(), local);
        assertThat(export.apply(ownRoute)).isPresent();
        assertThat(export.apply(new Path(own, P.attributes(), TOR))).isEmpty(); // same prefix, learned: no
        assertThat(export.apply(new Path(IpPrefix.parse("10.244.2.0/24"), P.attributes(), local))).isEmpty();
        Policy imp = Policy.agentImportDefault(PrefixList.of("0.0.0.0/0"));
        assertThat(imp.apply(path("0.0.0.0/0", seq(65002L), List.of(), List.of()))).isPresent();
        assertThat(imp.apply(P)).isEmpty();
        assertThat(Policy.rejectAll().apply(P)).isEmpty();
    }

    @Test
    void onlyAStatementlessRejectingPolicyRejectsAll() {
        assertThat(Policy.rejectAll().rejectsAll()).isTrue();
        assertThat(dev.weft.bgp.rib.RoutePolicy.REJECT_ALL.rejectsAll()).isTrue();
        assertThat(Policy.acceptAll().rejectsAll()).isFalse();
        assertThat(dev.weft.bgp.rib.RoutePolicy.ACCEPT_ALL.rejectsAll()).isFalse();
        // rejects by default, but a statement may accept
        assertThat(Policy.agentImportDefault(PrefixList.of("10.0.0.0/8 le 32")).rejectsAll()).isFalse();
    }
}
