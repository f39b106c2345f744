package dev.weft.agent.policy;

import static dev.weft.agent.policy.PolicyFixtures.DENY_ALL_X;
import static dev.weft.agent.policy.PolicyFixtures.attachment;
import static dev.weft.agent.policy.PolicyFixtures.request;
import static dev.weft.agent.policy.PolicyFixtures.twoPods;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.agent.cni.PodPolicyHook;
import dev.weft.common.net.IpAddresses;
import dev.weft.model.endpoint.EndpointId;
import dev.weft.model.endpoint.LocalEndpoint;
import dev.weft.model.sync.DesiredState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CniPolicyHookTest {
    private final List<DesiredState> applied = new CopyOnWriteArrayList<>();
    private volatile Consumer<DesiredState> behaviour = applied::add;
    private PolicyController controller;

    @AfterEach
    void close() {
        if (controller != null) {
            controller.close();
        }
    }

    private PodPolicyHook hook(Duration timeout) {
        controller = new PolicyController("node-1", s -> behaviour.accept(s), Duration.ofSeconds(30)).start();
        return controller.podPolicyHook(timeout);
    }

    private DesiredState lastApplied() {
        return applied.get(applied.size() - 1);
    }

    @Test
    void addReturnsOnlyOnceThePodsPolicyIsApplied() {
        PodPolicyHook hook = hook(Duration.ofSeconds(10));
        controller.onState(twoPods(DENY_ALL_X));
        hook.attached(request("c1", "x", "a", "10.244.1.2"), attachment("wft0000000000a", "10.244.1.2"));
        LocalEndpoint ep = lastApplied().endpoints().get(new EndpointId("x", "a"));
        assertThat(ep).isNotNull();
        assertThat(ep.interfaceName()).isEqualTo("wft0000000000a");
        assertThat(ep.ips()).containsExactly(IpAddresses.parse("10.244.1.2"));
        assertThat(ep.ingressChain()).isPresent();
        assertThat(ep.egressChain()).isPresent();
    }

    @Test
    void theEndpointsOwnAddressesCountBeforeStatusPodIpsIsPublished() {
        PodPolicyHook hook = hook(Duration.ofSeconds(10));
        controller.onState(PolicyFixtures.state("""
                kind: Pod
                metadata: {namespace: x, name: fresh}
                spec: {nodeName: node-1}
                status: {phase: Pending}
                """));
        hook.attached(request("c9", "x", "fresh", "10.244.1.9"), attachment("wft0000000000f", "10.244.1.9"));
        assertThat(lastApplied().endpoints().get(new EndpointId("x", "fresh")).ips())
                .containsExactly(IpAddresses.parse("10.244.1.9"));
    }

    @Test
    void addWaitsForThePodObjectToReachTheDatastoreWhenAPolicyExistsInItsNamespace() throws Exception {
        PodPolicyHook hook = hook(Duration.ofSeconds(10));
        controller.onState(PolicyFixtures.state("""
                kind: Namespace
                metadata: {name: x}
                ---
                """ + DENY_ALL_X));
        CompletableFuture<Void> add = CompletableFuture.runAsync(
                () -> hook.attached(request("c1", "x", "a", "10.244.1.2"), attachment("wft0000000000a", "10.244.1.2")));
        controller.onState(twoPods(DENY_ALL_X));
        add.get(10, TimeUnit.SECONDS);
        assertThat(lastApplied().endpoints()).containsKey(new EndpointId("x", "a"));
    }

    @Test
    void addFailsWhenThePodObjectNeverArrivesAndAPolicyExistsInItsNamespace() {
        PodPolicyHook hook = hook(Duration.ofMillis(200));
        controller.onState(twoPods(DENY_ALL_X));
        assertThatThrownBy(() -> hook.attached(request("c1", "x", "ghost", "10.244.1.7"), attachment("wft0000000000g", "10.244.1.7")))
                .isInstanceOf(PolicyNotProgrammedException.class)
                .hasMessageContaining("Pod x/ghost is not in the datastore after 200 ms");
        applied.forEach(s -> assertThat(s.endpoints()).doesNotContainKey(new EndpointId("x", "ghost")));
    }

    @Test
    void addOfAnUnknownPodReturnsAtOnceWhenNoPolicyExistsInItsNamespaceAndBindsItLater() throws Exception {
        PodPolicyHook hook = hook(Duration.ofSeconds(30));
        controller.onState(PolicyFixtures.state("""
                kind: Namespace
                metadata: {name: x}
                """));
        controller.requestSync().get(10, TimeUnit.SECONDS);
        long start = System.nanoTime();
        hook.attached(request("c1", "x", "a", "10.244.1.2"), attachment("wft0000000000a", "10.244.1.2"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("did not wait for the Pod object").isLessThan(Duration.ofSeconds(30));
        // The Pod object and a deny-all policy arrive afterwards: the registered endpoint is bound.
        controller.onState(twoPods(DENY_ALL_X));
        SyncResult after = controller.requestSync().get(10, TimeUnit.SECONDS);
        assertThat(after.desiredState().endpoints().get(new EndpointId("x", "a")).ingressChain()).isPresent();
    }

    @Test
    void addFailsWhenTheDataplaneFailsAndTheEndpointIsDropped() throws Exception {
        PodPolicyHook hook = hook(Duration.ofSeconds(10));
        controller.onState(twoPods(DENY_ALL_X));
        behaviour = s -> {
            throw new IllegalStateException("dataplane apply failed after 5 attempts");
        };
        assertThatThrownBy(() -> hook.attached(request("c1", "x", "a", "10.244.1.2"), attachment("wft0000000000a", "10.244.1.2")))
                .isInstanceOf(PolicyNotProgrammedException.class)
                .hasMessageContaining("NetworkPolicy of Pod x/a could not be programmed: dataplane apply failed after 5 attempts");
        behaviour = applied::add;
        SyncResult after = controller.requestSync().get(10, TimeUnit.SECONDS);
        assertThat(after.desiredState().endpoints()).isEmpty();
    }

    @Test
    void addFailsWithinItsBoundWhenTheDataplaneHangs() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        PodPolicyHook hook = hook(Duration.ofMillis(300));
        controller.onState(twoPods(DENY_ALL_X));
        behaviour = s -> PolicyControllerTest.await(release);
        try {
            assertThatThrownBy(() -> hook.attached(request("c1", "x", "a", "10.244.1.2"), attachment("wft0000000000a", "10.244.1.2")))
                    .isInstanceOf(PolicyNotProgrammedException.class)
                    .hasMessageContaining("NetworkPolicy of Pod x/a not programmed within 300 ms");
        } finally {
            behaviour = applied::add;
            release.countDown();
        }
        SyncResult after = controller.requestSync().get(10, TimeUnit.SECONDS);
        assertThat(after.desiredState().endpoints()).isEmpty();
    }

    @Test
    void aContainerWithoutPodIdentityHasNoPolicy() {
        PodPolicyHook hook = hook(Duration.ofMillis(200));
        hook.attached(request("c1", "", "", "10.244.1.2"), attachment("wft0000000000a", "10.244.1.2"));
        assertThat(applied).isEmpty();
        assertThat(controller.lastSync()).isEmpty();
    }

    @Test
    void delForgetsTheEndpointAndToleratesUnknownAttachments() throws Exception {
        PodPolicyHook hook = hook(Duration.ofSeconds(10));
        controller.onState(twoPods(DENY_ALL_X));
        hook.attached(request("c1", "x", "a", "10.244.1.2"), attachment("wft0000000000a", "10.244.1.2"));
        hook.attached(request("c2", "x", "b", "10.244.1.3"), attachment("wft0000000000b", "10.244.1.3"));
        assertThat(lastApplied().endpoints()).containsOnlyKeys(new EndpointId("x", "a"), new EndpointId("x", "b"));
        hook.detached("c1", "eth0");
        hook.detached("never-added", "eth0");
        assertThat(controller.requestSync().get(10, TimeUnit.SECONDS).desiredState().endpoints())
                .containsOnlyKeys(new EndpointId("x", "b"));
    }
}
