package dev.weft.it.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code helm lint --strict} and {@code helm template} of {@code helm/weft} for the defaults and
 * every other value set of {@link ValueSets}; every rendered object parses strictly into its
 * fabric8 type and every Weft custom resource fits the chart's CRD schema.
 */
class ChartRenderTest {

    static List<ValueSets> valueSets() {
        return ValueSets.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void lintStrictIsClean(ValueSets values) {
        Helm.Result r = Helm.get().lint(values.yaml());
        assertThat(r.exitCode()).as("helm lint --strict (%s):%n%s%s", values, r.stdout(), r.stderr()).isZero();
        assertThat(r.stdout()).contains("0 chart(s) failed").doesNotContain("[WARNING]").doesNotContain("[ERROR]");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void everyRenderedObjectParsesIntoItsTypeAndFitsItsSchema(ValueSets values) {
        RenderedObjects objects = values.render();
        assertThat(objects.all()).isNotEmpty();
        for (HasMetadata o : objects.all()) {
            assertThat(o.getMetadata().getName()).as("name of a %s", o.getKind()).isNotBlank();
            assertThat(o.getMetadata().getLabels()).as("labels of %s %s", o.getKind(), o.getMetadata().getName())
                    .containsEntry("app.kubernetes.io/managed-by", "Helm")
                    .containsEntry("app.kubernetes.io/part-of", "weft");
        }
        CrdSchemas crds = CrdSchemas.load(Helm.get().chart().resolve("crds"));
        for (GenericKubernetesResource r : objects.ofType(GenericKubernetesResource.class)) {
            assertThat(crds.violations(r)).as("%s %s against its CRD", r.getKind(), r.getMetadata().getName()).isEmpty();
        }
    }

    @Test
    void aPeerTheCrdWouldRejectIsCaughtByTheSchemaCheck() {
        // helm renders whatever the values say; the CRD schema shipped in crds/ is what refuses it.
        RenderedObjects objects = RenderedObjects.parse(Helm.get().template(ValueSets.RELEASE, ValueSets.NAMESPACE, """
                bgp:
                  peers:
                    - {name: typo, peerIp: 10.0.0.1, peerIP: 10.0.0.2, asNumber: 65000}
                    - {name: bad-as, peerIP: 10.0.0.3, asNumber: 0}
                """).orThrow(List.of("template")));
        CrdSchemas crds = CrdSchemas.load(Helm.get().chart().resolve("crds"));
        List<GenericKubernetesResource> peers = objects.custom("BGPPeer");
        assertThat(crds.violations(peers.get(0))).anySatisfy(v -> assertThat(v).startsWith("spec.peerIp: unknown field"));
        assertThat(crds.violations(peers.get(1))).anySatisfy(v -> assertThat(v).startsWith("spec.asNumber").contains("minimum"));
    }

    @Test
    void defaultsRenderTheAgentItsRbacAndTheClusterBgpConfiguration() {
        RenderedObjects objects = ValueSets.DEFAULTS.render();
        Set<String> kinds = objects.all().stream().map(o -> o.getKind() + "/" + o.getMetadata().getName())
                .collect(Collectors.toSet());
        assertThat(kinds).containsExactlyInAnyOrder(
                "ServiceAccount/weft", "ConfigMap/weft-cni-config", "DaemonSet/weft",
                "ClusterRole/weft", "ClusterRoleBinding/weft", "Role/weft", "RoleBinding/weft",
                "BGPConfiguration/default");
        // Namespaced objects land in the release namespace; cluster-scoped ones carry none.
        for (HasMetadata o : objects.all()) {
            boolean clusterScoped = Set.of("ClusterRole", "ClusterRoleBinding", "BGPConfiguration", "BGPPeer", "IPPool")
                    .contains(o.getKind());
            assertThat(o.getMetadata().getNamespace()).as("namespace of %s", o.getKind())
                    .isEqualTo(clusterScoped ? null : ValueSets.NAMESPACE);
        }
    }

    @Test
    void crdsShippedWithTheChartParseAndServeEveryKindTheTemplatesRender() {
        Helm.Result r = Helm.get().template(ValueSets.RELEASE, ValueSets.NAMESPACE, ValueSets.PEERS_AND_POOLS.yaml(),
                "--include-crds");
        RenderedObjects objects = RenderedObjects.parse(r.orThrow(List.of("template", "--include-crds")));
        List<CustomResourceDefinition> crds = objects.ofType(CustomResourceDefinition.class);
        assertThat(crds).extracting(c -> c.getMetadata().getName())
                .containsExactlyInAnyOrder("bgpconfigurations.weft.dev", "bgppeers.weft.dev", "ippools.weft.dev");
        for (CustomResourceDefinition c : crds) {
            assertThat(c.getSpec().getScope()).as(c.getMetadata().getName()).isEqualTo("Cluster");
        }
        assertThat(CrdSchemas.of(crds).kinds())
                .containsExactlyInAnyOrder("weft.dev/v1/BGPConfiguration", "weft.dev/v1/BGPPeer", "weft.dev/v1/IPPool");
        // The BGPPeer status (session state per node) is a subresource the agent patches.
        CustomResourceDefinition peers = crds.stream().filter(c -> c.getSpec().getNames().getKind().equals("BGPPeer"))
                .findFirst().orElseThrow();
        assertThat(peers.getSpec().getVersions()).anySatisfy(v -> assertThat(v.getSubresources().getStatus()).isNotNull());
    }
}
