package dev.weft.agent.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.common.net.IpAddresses;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlaceholdersTest {
    static final Map<String, InetAddress> IPS = Map.of(
            "x/a", IpAddresses.parse("10.244.1.7"),
            "x/b", IpAddresses.parse("10.244.2.9"),
            "v6/a", IpAddresses.parse("fd00:10:244::7"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{{hostCIDR x/a}}              | 10.244.1.7/32",
        "{{podIP x/a}}                 | 10.244.1.7",
        "{{cidrContaining x/b 4}}      | 0.0.0.0/4",
        "{{cidrContaining x/a 24}}     | 10.244.1.0/24",
        "{{cidrContaining x/a 32}}     | 10.244.1.7/32",
        "{{cidrContaining x/a 0}}      | 0.0.0.0/0",
        "{{ hostCIDR  x/b }}           | 10.244.2.9/32",
        "{{hostCIDR v6/a}}             | fd00:10:244:0:0:0:0:7/128",
        "{{cidrContaining v6/a 48}}    | fd00:10:244:0:0:0:0:0/48",
        "{{podIP x/a}}/4               | 10.244.1.7/4",
        "from {{podIP x/a}} to {{podIP x/b}} | from 10.244.1.7 to 10.244.2.9",
        "no placeholder                | no placeholder",
    })
    void resolvesEachForm(String text, String expected) {
        assertThat(Placeholders.resolve(text, IPS)).isEqualTo(expected);
    }

    @Test
    void resolvesInsideAPolicyWithoutTouchingTheOriginal() throws Exception {
        ObjectMapper m = new ObjectMapper();
        JsonNode policy = m.readTree("""
                {"kind":"NetworkPolicy","metadata":{"name":"p","namespace":"x"},
                 "spec":{"podSelector":{},"egress":[{"to":[{"ipBlock":{"cidr":"{{cidrContaining x/b 4}}",
                 "except":["{{hostCIDR x/b}}"]}}],"ports":[{"port":80}]}]}}""");
        String before = policy.toString();
        JsonNode out = Placeholders.resolve(policy, IPS);
        assertThat(out.at("/spec/egress/0/to/0/ipBlock/cidr").asText()).isEqualTo("0.0.0.0/4");
        assertThat(out.at("/spec/egress/0/to/0/ipBlock/except/0").asText()).isEqualTo("10.244.2.9/32");
        assertThat(out.at("/spec/egress/0/ports/0/port").isInt()).as("numbers stay numbers").isTrue();
        assertThat(policy.toString()).isEqualTo(before);
        assertThat(Placeholders.referencedPods(policy)).containsExactly("x/b");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{{hostCIDR x/zz}}          | pod x/zz has no IP",
        "{{serviceIP x/a}}          | unknown placeholder {{serviceIP x/a}}",
        "{{cidrContaining x/a}}     | needs a prefix length 0-32",
        "{{cidrContaining x/a 33}}  | prefix length out of range 0-32",
        "{{cidrContaining x/a -1}}  | prefix length out of range 0-32",
        "{{podIP x/a 4}}            | takes only a pod",
    })
    void rejectsWhatItCannotResolve(String text, String message) {
        assertThatThrownBy(() -> Placeholders.resolve(text, IPS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
