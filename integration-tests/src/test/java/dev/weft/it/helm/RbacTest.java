package dev.weft.it.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RBAC: exactly the verbs the agent uses (informers: get/list/watch; BGPPeer status: update, as
 * BgpPeerStatusReporter writes it; BGP password Secrets, an informer in the release namespace
 * only: get/list/watch), no wildcard anywhere, and bindings to the agent's ServiceAccount.
 */
class RbacTest {
    /** What weft-agent does through the API: "group/resource" to verbs. */
    private static final Map<String, Set<String>> AGENT_USES = Map.of(
            "/nodes", Set.of("get", "list", "watch"),
            "/pods", Set.of("get", "list", "watch"),
            "/namespaces", Set.of("get", "list", "watch"),
            "networking.k8s.io/networkpolicies", Set.of("get", "list", "watch"),
            "weft.dev/bgpconfigurations", Set.of("get", "list", "watch"),
            "weft.dev/bgppeers", Set.of("get", "list", "watch"),
            "weft.dev/ippools", Set.of("get", "list", "watch"),
            "weft.dev/bgppeers/status", Set.of("update")); // BgpPeerStatusReporter: get + updateStatus

    private static RenderedObjects objects;

    @BeforeAll
    static void render() {
        objects = ValueSets.DEFAULTS.render();
    }

    @Test
    void clusterRoleGrantsExactlyWhatTheAgentUses() {
        ClusterRole role = objects.single(ClusterRole.class);
        assertThat(role.getAggregationRule()).isNull();
        assertThat(grants(role.getRules())).isEqualTo(AGENT_USES);
    }

    @Test
    void noWildcardNoResourceNamesTrickNoNonResourceUrls() {
        List<PolicyRule> rules = new java.util.ArrayList<>(objects.single(ClusterRole.class).getRules());
        rules.addAll(objects.single(Role.class).getRules());
        for (PolicyRule r : rules) {
            assertThat(r.getApiGroups()).doesNotContain("*");
            assertThat(r.getResources()).noneMatch(s -> s.contains("*"));
            assertThat(r.getVerbs()).doesNotContain("*")
                    .allMatch(v -> Set.of("get", "list", "watch", "update").contains(v), "a verb the agent uses");
            assertThat(r.getNonResourceURLs()).isNullOrEmpty();
        }
    }

    @Test
    void secretsAreReadableOnlyInTheReleaseNamespace() {
        assertThat(grants(objects.single(ClusterRole.class).getRules()).keySet()).noneMatch(k -> k.contains("secrets"));
        Role role = objects.single(Role.class);
        assertThat(role.getMetadata().getNamespace()).isEqualTo(ValueSets.NAMESPACE);
        assertThat(grants(role.getRules())).isEqualTo(Map.of("/secrets", Set.of("get", "list", "watch")));
    }

    @Test
    void bindingsPointAtTheAgentsServiceAccount() {
        ServiceAccount sa = objects.single(ServiceAccount.class);
        String saName = objects.single(DaemonSet.class).getSpec().getTemplate().getSpec().getServiceAccountName();
        assertThat(sa.getMetadata().getName()).isEqualTo(saName);
        ClusterRoleBinding crb = objects.single(ClusterRoleBinding.class);
        assertThat(crb.getRoleRef().getKind()).isEqualTo("ClusterRole");
        assertThat(crb.getRoleRef().getName()).isEqualTo(objects.single(ClusterRole.class).getMetadata().getName());
        assertSubjectIsAgent(crb.getSubjects(), saName);
        RoleBinding rb = objects.single(RoleBinding.class);
        assertThat(rb.getMetadata().getNamespace()).isEqualTo(ValueSets.NAMESPACE);
        assertThat(rb.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(rb.getRoleRef().getName()).isEqualTo(objects.single(Role.class).getMetadata().getName());
        assertSubjectIsAgent(rb.getSubjects(), saName);
    }

    @Test
    void rbacAndServiceAccountCanBeLeftToTheOperator() {
        RenderedObjects none = ValueSets.CAPABILITIES_NO_RBAC.render();
        assertThat(none.ofType(ClusterRole.class)).isEmpty();
        assertThat(none.ofType(Role.class)).isEmpty();
        assertThat(none.ofType(ServiceAccount.class)).isEmpty();
        assertThat(none.single(DaemonSet.class).getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo("weft-existing");
    }

    private static void assertSubjectIsAgent(List<Subject> subjects, String saName) {
        assertThat(subjects).hasSize(1);
        Subject s = subjects.get(0);
        assertThat(s.getKind()).isEqualTo("ServiceAccount");
        assertThat(s.getName()).isEqualTo(saName);
        assertThat(s.getNamespace()).isEqualTo(ValueSets.NAMESPACE);
    }

    /** Flattens rules into "group/resource" to verbs (a resource listed twice merges). */
    private static Map<String, Set<String>> grants(List<PolicyRule> rules) {
        Map<String, Set<String>> out = new java.util.TreeMap<>();
        for (PolicyRule r : rules) {
            assertThat(r.getResourceNames()).as("resourceNames").isNullOrEmpty();
            for (String g : r.getApiGroups()) {
                for (String res : r.getResources()) {
                    out.computeIfAbsent(g + "/" + res, k -> new TreeSet<>()).addAll(r.getVerbs());
                }
            }
        }
        return out;
    }
}
