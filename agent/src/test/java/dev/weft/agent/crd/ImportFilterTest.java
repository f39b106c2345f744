package dev.weft.agent.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.weft.common.net.IpPrefix;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImportFilterTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static ImportFilter parse(String yaml) throws Exception {
        JsonNode n = YAML.readTree(yaml);
        return ImportFilter.parse(n == null ? YAML.createArrayNode() : n, "spec.importFilter");
    }

    static void refused(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml)).as(yaml).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void rulesGetTheirDefaultLengthsPerOperatorAndFamily() throws Exception {
        ImportFilter f = parse("""
                - {action: Accept, matchOperator: Equal, cidr: 10.1.0.0/16}
                - {action: Accept, matchOperator: In, cidr: 10.0.0.0/8}
                - {action: Reject, matchOperator: NotIn, cidr: "fd00::/8", prefixLength: {max: 64}}
                - {action: Accept, matchOperator: In, cidr: 172.16.0.0/12, prefixLength: {min: 20, max: 24}}
                - {action: Reject}
                """);
        assertThat(f.rules()).containsExactly(
                new ImportFilter.Rule(ImportFilter.Action.ACCEPT, Optional.of(IpPrefix.parse("10.1.0.0/16")),
                        ImportFilter.MatchOperator.EQUAL, 16, 16),
                new ImportFilter.Rule(ImportFilter.Action.ACCEPT, Optional.of(IpPrefix.parse("10.0.0.0/8")),
                        ImportFilter.MatchOperator.IN, 8, 32),
                new ImportFilter.Rule(ImportFilter.Action.REJECT, Optional.of(IpPrefix.parse("fd00::/8")),
                        ImportFilter.MatchOperator.NOT_IN, 0, 64),
                new ImportFilter.Rule(ImportFilter.Action.ACCEPT, Optional.of(IpPrefix.parse("172.16.0.0/12")),
                        ImportFilter.MatchOperator.IN, 20, 24),
                new ImportFilter.Rule(ImportFilter.Action.REJECT, Optional.empty(), ImportFilter.MatchOperator.IN, 0, 128));
        assertThat(parse("[]").rules()).isEmpty();
    }

    @Test
    void nonsenseIsRefusedNamingTheRule() {
        refused("{action: Accept}", "must be a list");
        refused("- {matchOperator: In, cidr: 10.0.0.0/8}", "spec.importFilter[0]: action is required");
        refused("- {action: Allow}", "action must be Accept or Reject");
        refused("- {action: Accept}\n- {action: Accept, matchOperator: In, cidr: 10.0.0.0/33}", "spec.importFilter[1]: cidr");
        refused("- {action: Accept, matchOperator: In, cidr: 10.0.0.1/8}", "cidr");
        refused("- {action: Accept, matchOperator: In, cidr: 10.0.0.0}", "not a CIDR");
        refused("- {action: Accept, matchOperator: In, cidr: tor-routes}", "cidr");
        refused("- {action: Accept, cidr: 10.0.0.0/8}", "go together");
        refused("- {action: Accept, matchOperator: In}", "go together");
        refused("- {action: Accept, matchOperator: Like, cidr: 10.0.0.0/8}", "Equal, In or NotIn");
        refused("- {action: Accept, matchOperator: Equal, cidr: 10.0.0.0/8, prefixLength: {max: 24}}", "Equal");
        refused("- {action: Accept, prefixLength: {max: 24}}", "needs a cidr");
        refused("- {action: Accept, matchOperator: In, cidr: 10.0.0.0/8, prefixLength: {min: 25, max: 24}}", "min <= max");
        refused("- {action: Accept, matchOperator: In, cidr: 10.0.0.0/8, prefixLength: {max: 33}}", "<= 32");
        refused("- {action: Accept, matchOperator: In, cidr: 10.0.0.0/16, prefixLength: {min: 8}}", "shorter than the cidr");
        refused("- {action: Accept, matchOperator: In, cidr: 10.0.0.0/16, prefixLength: {min: twenty}}", "integer");
        refused("- {action: Accept, matchOperator: In, cidr: 10.0.0.0/16, prefixLength: 24}", "object");
        refused("- Accept", "object");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= ImportFilter.MAX_RULES; i++) {
            many.append("- {action: Reject}\n");
        }
        refused(many.toString(), "at most 100");
    }
}
