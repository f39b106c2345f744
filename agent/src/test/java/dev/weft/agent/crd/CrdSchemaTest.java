package dev.weft.agent.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.google.re2j.Pattern;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The hand-written CRD schemas in {@code helm/weft/crds} against the Java types: same names and
 * scope, every Java property in the schema with a matching type and every schema property in the
 * Java type (recursively), status subresource where there is a status; and the schema's patterns
 * (RE2, as the API server evaluates them) accept what the agent accepts and refuse nonsense.
 */
class CrdSchemaTest {
    static final Path CRDS = Path.of("..", "helm", "weft", "crds");
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    static final ObjectMapper MAPPER = new ObjectMapper();

    static CustomResourceDefinition crd(String plural) throws IOException {
        String text = Files.readString(CRDS.resolve("weft.dev_" + plural + ".yaml"));
        return SERIALIZATION.unmarshal(text, CustomResourceDefinition.class);
    }

    static JSONSchemaProps schema(String plural) throws IOException {
        CustomResourceDefinition crd = crd(plural);
        assertThat(crd.getSpec().getVersions()).hasSize(1);
        return crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
    }

    @Test
    void namesScopeAndVersionsMatchTheJavaTypes() throws IOException {
        for (Class<? extends CustomResource<?, ?>> type : List.of(BgpPeer.class, BgpConfiguration.class, IpPool.class)) {
            String plural = HasMetadata.getPlural(type);
            CustomResourceDefinition crd = crd(plural);
            assertThat(crd.getMetadata().getName()).isEqualTo(plural + "." + HasMetadata.getGroup(type));
            assertThat(crd.getSpec().getGroup()).isEqualTo("weft.dev");
            assertThat(crd.getSpec().getNames().getKind()).isEqualTo(HasMetadata.getKind(type));
            assertThat(crd.getSpec().getNames().getPlural()).isEqualTo(plural);
            assertThat(crd.getSpec().getNames().getSingular()).isEqualTo(HasMetadata.getSingular(type));
            assertThat(crd.getSpec().getScope()).isEqualTo("Cluster");
            assertThat(Namespaced.class.isAssignableFrom(type)).isFalse();
            CustomResourceDefinitionVersion v = crd.getSpec().getVersions().get(0);
            assertThat(v.getName()).isEqualTo(HasMetadata.getVersion(type));
            assertThat(v.getServed()).isTrue();
            assertThat(v.getStorage()).isTrue();
        }
        assertThat(crd("bgppeers").getSpec().getVersions().get(0).getSubresources().getStatus()).isNotNull();
    }

    @Test
    void everyJavaFieldIsInTheSchemaAndViceVersa() throws IOException {
        List<String> problems = new ArrayList<>();
        compare("BGPPeer.spec", BgpPeer.Spec.class, schema("bgppeers").getProperties().get("spec"), problems);
        compare("BGPPeer.status", BgpPeer.Status.class, schema("bgppeers").getProperties().get("status"), problems);
        compare("BGPConfiguration.spec", BgpConfiguration.Spec.class,
                schema("bgpconfigurations").getProperties().get("spec"), problems);
        compare("IPPool.spec", IpPool.Spec.class, schema("ippools").getProperties().get("spec"), problems);
        assertThat(schema("bgpconfigurations").getProperties()).doesNotContainKey("status");
        assertThat(schema("ippools").getProperties()).doesNotContainKey("status");
        assertThat(problems).isEmpty();
    }

    /** Collects every difference between the Jackson properties of {@code type} and {@code s}. */
    static void compare(String path, Class<?> type, JSONSchemaProps s, List<String> problems) {
        if (s == null) {
            problems.add(path + ": missing in the schema");
            return;
        }
        if (type == String.class) {
            expectType(path, s, "string", problems);
        } else if (type == Long.class || type == Integer.class) {
            expectType(path, s, "integer", problems);
        } else if (type == Boolean.class) {
            expectType(path, s, "boolean", problems);
        } else if (type == IntOrString.class) {
            if (!Boolean.TRUE.equals(s.getXKubernetesIntOrString())) {
                problems.add(path + ": expected x-kubernetes-int-or-string");
            }
        } else {
            expectType(path, s, "object", problems);
            JavaType jt = MAPPER.constructType(type);
            BeanDescription d = MAPPER.getSerializationConfig().introspect(jt);
            TreeSet<String> javaNames = new TreeSet<>();
            for (BeanPropertyDefinition p : d.findProperties()) {
                if (p.getName().equals("additionalProperties") || !p.couldSerialize()) {
                    continue;
                }
                javaNames.add(p.getName());
                JavaType pt = p.getPrimaryType();
                JSONSchemaProps ps = s.getProperties() == null ? null : s.getProperties().get(p.getName());
                String child = path + "." + p.getName();
                if (pt.isCollectionLikeType()) {
                    if (ps == null) {
                        problems.add(child + ": missing in the schema");
                        continue;
                    }
                    expectType(child, ps, "array", problems);
                    compare(child + "[]", pt.getContentType().getRawClass(),
                            ps.getItems() == null ? null : ps.getItems().getSchema(), problems);
                } else if (pt.isMapLikeType()) {
                    if (ps == null || ps.getAdditionalProperties() == null) {
                        problems.add(child + ": expected an object with additionalProperties");
                    }
                } else {
                    compare(child, pt.getRawClass(), ps, problems);
                }
            }
            TreeSet<String> schemaNames = new TreeSet<>(s.getProperties() == null ? Map.<String, JSONSchemaProps>of().keySet()
                    : s.getProperties().keySet());
            schemaNames.removeAll(javaNames);
            schemaNames.forEach(n -> problems.add(path + "." + n + ": in the schema but not in " + type.getName()));
        }
    }

    static void expectType(String path, JSONSchemaProps s, String type, List<String> problems) {
        if (!type.equals(s.getType())) {
            problems.add(path + ": schema type " + s.getType() + ", Java wants " + type);
        }
    }

    static Pattern pattern(String plural, String field) throws IOException {
        return Pattern.compile(schema(plural).getProperties().get("spec").getProperties().get(field).getPattern());
    }

    @Test
    void schemaPatternsAcceptWhatTheAgentAcceptsAndRefuseNonsense() throws IOException {
        Pattern peerIp = pattern("bgppeers", "peerIP");
        for (String ok : List.of("172.31.0.1", "172.31.0.1:1179", "fd00::1", "[fd00::1]:179", "2001:db8::10")) {
            assertThat(peerIp.matcher(ok).matches()).as(ok).isTrue();
        }
        for (String bad : List.of("172.31.0.300", "tor.example", "", "1.2.3", "172.31.0.1:port")) {
            assertThat(peerIp.matcher(bad).matches()).as(bad).isFalse();
        }
        Pattern cidr = pattern("ippools", "cidr");
        for (String ok : List.of("10.244.0.0/16", "0.0.0.0/0", "fd00:10:244::/48")) {
            assertThat(cidr.matcher(ok).matches()).as(ok).isTrue();
        }
        for (String bad : List.of("10.244.0.0", "10.244.0.0/33", "10.244.0.256/24", "fd00::/129", "pods")) {
            assertThat(cidr.matcher(bad).matches()).as(bad).isFalse();
        }
        Pattern hold = pattern("bgppeers", "holdTime");
        for (String ok : List.of("90", "90s", "1m30s", "0", "500ms")) {
            assertThat(hold.matcher(ok).matches()).as(ok).isTrue();
        }
        for (String bad : List.of("ninety", "90 s", "-3", "")) {
            assertThat(hold.matcher(bad).matches()).as(bad).isFalse();
        }
        JSONSchemaProps as = schema("bgppeers").getProperties().get("spec").getProperties().get("asNumber");
        assertThat(as.getMinimum()).isEqualTo(1.0);
        assertThat(as.getMaximum()).isEqualTo(4294967295.0);
        JSONSchemaProps holdTime = schema("bgppeers").getProperties().get("spec").getProperties().get("holdTime");
        assertThat(holdTime.getXKubernetesValidations()).extracting(r -> r.getRule())
                .anySatisfy(r -> assertThat(r).contains("self >= 3"));
        assertThat(schema("bgppeers").getProperties().get("spec").getXKubernetesValidations())
                .extracting(r -> r.getRule()).anySatisfy(r -> assertThat(r).contains("self.keepaliveTime <= self.holdTime"));
        assertThat(schema("bgppeers").getProperties().get("spec").getRequired()).containsExactlyInAnyOrder("peerIP", "asNumber");
        assertThat(schema("ippools").getProperties().get("spec").getRequired()).containsExactly("cidr");
    }

    @Test
    void routingFieldsHaveTheirRangesAndTheFilterCidrPatternRefusesNonsense() throws IOException {
        JSONSchemaProps maxPaths = schema("bgpconfigurations").getProperties().get("spec").getProperties().get("maxPaths");
        assertThat(maxPaths.getMinimum()).as("maxPaths 0 refused").isEqualTo(1.0);
        assertThat(maxPaths.getMaximum()).isEqualTo(64.0);
        JSONSchemaProps spec = schema("bgppeers").getProperties().get("spec");
        assertThat(spec.getProperties().get("maxPrefixes").getMinimum()).isEqualTo(1.0);
        assertThat(spec.getProperties().get("maxPrefixesRestartTime").getMaximum()).isEqualTo(65535.0);
        assertThat(spec.getProperties().get("role").getEnum()).extracting(j -> j.asText())
                .containsExactly("provider", "rs", "rs-client", "customer", "peer"); // RFC 9234 §4.1
        assertThat(spec.getProperties().get("role").getEnum()).extracting(j -> j.asText())
                .containsExactlyElementsOf(dev.weft.agent.datastore.BgpPeerSpec.ROLES);
        assertThat(spec.getProperties().get("strictRole").getType()).isEqualTo("boolean");
        JSONSchemaProps filter = spec.getProperties().get("importFilter");
        assertThat(filter.getMaxItems()).isEqualTo(100L);
        assertThat(filter.getXKubernetesListType()).isEqualTo("atomic");
        JSONSchemaProps rule = filter.getItems().getSchema();
        assertThat(rule.getRequired()).containsExactly("action");
        assertThat(rule.getProperties().get("action").getEnum()).extracting(j -> j.asText())
                .containsExactly("Accept", "Reject");
        assertThat(rule.getProperties().get("matchOperator").getEnum()).extracting(j -> j.asText())
                .containsExactly("Equal", "In", "NotIn");
        JSONSchemaProps len = rule.getProperties().get("prefixLength");
        assertThat(len.getProperties().get("min").getMinimum()).isEqualTo(0.0);
        assertThat(len.getProperties().get("max").getMaximum()).isEqualTo(128.0);
        Pattern cidr = Pattern.compile(rule.getProperties().get("cidr").getPattern());
        for (String ok : List.of("10.0.0.0/8", "0.0.0.0/0", "172.16.0.0/12", "fd00::/8", "::/0")) {
            assertThat(cidr.matcher(ok).matches()).as(ok).isTrue();
        }
        for (String bad : List.of("10.0.0.0", "10.0.0.0/33", "300.0.0.0/8", "10.0.0/8", "fd00::/129", "default", "")) {
            assertThat(cidr.matcher(bad).matches()).as(bad).isFalse();
        }
    }
}
