package dev.weft.agent.crd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CRDs' {@code x-kubernetes-validations} (CEL) rules: each one parses and type-checks with
 * {@code self} typed as the API server types it (an object as a map, an int-or-string as dyn),
 * because the API server refuses a CRD whose rules do not compile; and the rules accept and
 * refuse what they should. (cel-java with the standard library; the Kubernetes-only extension
 * functions are deliberately not used by these rules.)
 */
class CrdCelRulesTest {
    record Rule(String where, CelType self, String rule) {}

    static CelType selfType(JSONSchemaProps s) {
        if (Boolean.TRUE.equals(s.getXKubernetesIntOrString())) {
            return SimpleType.DYN;
        }
        return switch (s.getType() == null ? "" : s.getType()) {
            case "object" -> MapType.create(SimpleType.STRING, SimpleType.DYN);
            case "string" -> SimpleType.STRING;
            case "integer" -> SimpleType.INT;
            case "boolean" -> SimpleType.BOOL;
            default -> SimpleType.DYN;
        };
    }

    static void collect(String where, JSONSchemaProps s, List<Rule> out) {
        if (s == null) {
            return;
        }
        if (s.getXKubernetesValidations() != null) {
            for (ValidationRule r : s.getXKubernetesValidations()) {
                out.add(new Rule(where, selfType(s), r.getRule()));
            }
        }
        if (s.getProperties() != null) {
            s.getProperties().forEach((k, v) -> collect(where + "." + k, v, out));
        }
        if (s.getItems() != null) {
            collect(where + "[]", s.getItems().getSchema(), out);
        }
    }

    static List<Rule> rules() throws IOException {
        List<Rule> out = new ArrayList<>();
        for (String plural : List.of("bgppeers", "bgpconfigurations", "ippools")) {
            collect(plural, CrdSchemaTest.schema(plural), out);
        }
        return out;
    }

    static CelAbstractSyntaxTree compile(CelType self, String rule) throws CelValidationException {
        CelValidationResult r = CelCompilerFactory.standardCelCompilerBuilder()
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS).addVar("self", self)
                .setResultType(SimpleType.BOOL).build().compile(rule);
        return r.getAst();
    }

    static boolean eval(String where, Object self) throws Exception {
        Rule rule = null;
        for (Rule r : rules()) {
            if (r.where().equals(where) && rule == null) {
                rule = r;
            }
        }
        assertThat(rule).as(where).isNotNull();
        return eval(rule, self);
    }

    static boolean eval(Rule rule, Object self) throws Exception {
        CelRuntime.Program p = CelRuntimeFactory.standardCelRuntimeBuilder().build()
                .createProgram(compile(rule.self(), rule.rule()));
        return (Boolean) p.eval(Map.of("self", self));
    }

    @Test
    void everyRuleCompiles() throws IOException {
        List<Rule> rules = rules();
        assertThat(rules).hasSizeGreaterThanOrEqualTo(5);
        List<String> errors = new ArrayList<>();
        for (Rule r : rules) {
            try {
                compile(r.self(), r.rule());
            } catch (CelValidationException e) {
                errors.add(r.where() + ": " + r.rule() + ": " + e.getMessage());
            }
        }
        assertThat(errors).isEmpty();
    }

    @Test
    void aBrokenRuleWouldBeCaught() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> compile(SimpleType.DYN, "self >"))
                .isInstanceOf(CelValidationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> compile(SimpleType.STRING, "self >= 3"))
                .isInstanceOf(CelValidationException.class);
    }

    @Test
    void holdTimeRulesRefuseOneAndTwoSeconds() throws Exception {
        List<Rule> hold = rules().stream().filter(r -> r.where().equals("bgppeers.spec.holdTime")).toList();
        assertThat(hold).hasSize(2);
        for (Object ok : List.of(0L, 3L, 90L, 65535L, "90s", "0", "3s", "1m")) {
            for (Rule r : hold) {
                assertThat(eval(r, ok)).as(r.rule() + " with " + ok).isTrue();
            }
        }
        for (Object bad : List.of(1L, 2L, "1", "2s")) {
            assertThat(hold.stream().anyMatch(r -> {
                try {
                    return !eval(r, bad);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            })).as("holdTime " + bad).isTrue();
        }
    }

    @Test
    void specRulesRefuseKeepaliveOverHoldAndNodeWithSelector() throws Exception {
        List<Rule> spec = rules().stream().filter(r -> r.where().equals("bgppeers.spec")).toList();
        assertThat(spec).hasSize(3);
        Map<String, Object> fine = Map.of("peerIP", "10.0.0.1", "asNumber", 65000L, "holdTime", 9L, "keepaliveTime", 3L);
        Map<String, Object> keepaliveOver = Map.of("holdTime", 9L, "keepaliveTime", 10L);
        Map<String, Object> both = Map.of("node", "n1", "nodeSelector", Map.of());
        Map<String, Object> noHold = Map.of("holdTime", 0L, "keepaliveTime", 10L);
        for (Rule r : spec) {
            assertThat(eval(r, fine)).as(r.rule()).isTrue();
            assertThat(eval(r, noHold)).as(r.rule()).isTrue();
        }
        assertThat(spec.stream().filter(r -> {
            try {
                return !eval(r, keepaliveOver);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        })).hasSize(1);
        assertThat(spec.stream().filter(r -> {
            try {
                return !eval(r, both);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        })).hasSize(1);
    }

    @Test
    void strictRoleNeedsARole() throws Exception {
        Rule strict = rules().stream().filter(r -> r.where().equals("bgppeers.spec") && r.rule().contains("strictRole"))
                .findFirst().orElseThrow();
        assertThat(eval(strict, Map.of("strictRole", true, "role", "customer"))).isTrue();
        assertThat(eval(strict, Map.of("strictRole", false))).isTrue();
        assertThat(eval(strict, Map.of("role", "peer"))).isTrue();
        assertThat(eval(strict, Map.of())).isTrue();
        assertThat(eval(strict, Map.of("strictRole", true))).isFalse();
    }

    @Test
    void ipv4PoolBlocksAreAtMost32() throws Exception {
        assertThat(eval("ippools.spec", Map.of("cidr", "10.244.0.0/16", "blockSize", 26L))).isTrue();
        assertThat(eval("ippools.spec", Map.of("cidr", "10.244.0.0/16", "blockSize", 40L))).isFalse();
        assertThat(eval("ippools.spec", Map.of("cidr", "fd00::/48", "blockSize", 120L))).isTrue();
        assertThat(eval("ippools.spec", Map.of("cidr", "10.244.0.0/16"))).isTrue();
    }

    static boolean allPass(List<Rule> rules, Object self) {
        return rules.stream().allMatch(r -> {
            try {
                return eval(r, self);
            } catch (Exception e) {
                throw new AssertionError(r.rule() + " with " + self, e);
            }
        });
    }

    @Test
    void importFilterRulesRefuseHalfMatchesLengthsWithEqualAndIpv4LengthsOver32() throws Exception {
        List<Rule> item = rules().stream().filter(r -> r.where().equals("bgppeers.spec.importFilter[]")).toList();
        assertThat(item).hasSize(3);
        for (Map<String, Object> ok : List.of(
                Map.<String, Object>of("action", "Reject"),
                Map.<String, Object>of("action", "Accept", "matchOperator", "Equal", "cidr", "10.0.0.0/8"),
                Map.<String, Object>of("action", "Accept", "matchOperator", "In", "cidr", "10.0.0.0/8",
                        "prefixLength", Map.of("min", 16L, "max", 24L)),
                Map.<String, Object>of("action", "Reject", "matchOperator", "NotIn", "cidr", "fd00::/8",
                        "prefixLength", Map.of("max", 64L)))) {
            assertThat(allPass(item, ok)).as(ok.toString()).isTrue();
        }
        for (Map<String, Object> bad : List.of(
                Map.<String, Object>of("action", "Accept", "cidr", "10.0.0.0/8"),
                Map.<String, Object>of("action", "Accept", "matchOperator", "In"),
                Map.<String, Object>of("action", "Accept", "matchOperator", "Equal", "cidr", "10.0.0.0/8",
                        "prefixLength", Map.of("max", 24L)),
                Map.<String, Object>of("action", "Accept", "prefixLength", Map.of("max", 24L)),
                Map.<String, Object>of("action", "Accept", "matchOperator", "In", "cidr", "10.0.0.0/8",
                        "prefixLength", Map.of("max", 64L)))) {
            assertThat(allPass(item, bad)).as(bad.toString()).isFalse();
        }
        assertThat(eval("bgppeers.spec.importFilter[].prefixLength", Map.of("min", 16L, "max", 24L))).isTrue();
        assertThat(eval("bgppeers.spec.importFilter[].prefixLength", Map.of("min", 24L))).isTrue();
        assertThat(eval("bgppeers.spec.importFilter[].prefixLength", Map.of("min", 25L, "max", 24L))).isFalse();
    }
}
