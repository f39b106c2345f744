package dev.weft.agent.policy;

import static dev.weft.agent.policy.PolicyFixtures.DENY_ALL_X;
import static dev.weft.agent.policy.PolicyFixtures.twoPods;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.agent.cni.RoutedPodNetworkDriver;
import dev.weft.common.net.IpAddresses;
import dev.weft.common.net.IpPrefix;
import dev.weft.ipam.Lease;
import dev.weft.ipam.LeaseOwner;
import dev.weft.model.endpoint.EndpointId;
import dev.weft.model.sync.DesiredState;
import dev.weft.policy.input.LocalEndpointInfo;
import dev.weft.policy.input.PodRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PolicyControllerTest {
    private final List<DesiredState> applied = new CopyOnWriteArrayList<>();
    private PolicyController controller;

    @AfterEach
    void close() {
        if (controller != null) {
            controller.close();
        }
    }

    private PolicyController start(Consumer<DesiredState> dataplane, Duration retry) {
        controller = new PolicyController("node-1", dataplane, retry).start();
        return controller;
    }

    static LocalAttachment endpoint(String cid, String ns, String name, String iface, String ip) {
        return new LocalAttachment(cid, "eth0", new LocalEndpointInfo(new PodRef(ns, name), iface,
                List.of(IpAddresses.parse(ip))));
    }

    @Test
    void aBurstDuringASyncCollapsesIntoExactlyOneMoreSyncOverTheLatestInput() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start(s -> {
            applied.add(s);
            if (applied.size() == 1) {
                entered.countDown();
                await(release);
            }
        }, Duration.ofSeconds(1));
        controller.restoreEndpoints(List.of(endpoint("c1", "x", "a", "wft00000000001", "10.244.1.2")));
        controller.onState(twoPods(""));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        List<CompletableFuture<SyncResult>> waiters = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            controller.onState(twoPods("""
                    kind: NetworkPolicy
                    metadata: {namespace: x, name: p%d}
                    spec: {podSelector: {}}
                    """.formatted(i)));
            waiters.add(controller.requestSync());
        }
        release.countDown();
        for (CompletableFuture<SyncResult> w : waiters) {
            assertThat(w.get(10, TimeUnit.SECONDS).sequence()).isEqualTo(2);
        }
        assertThat(applied).hasSize(2);
        assertThat(applied.get(1).policyChains().values()).extracting(c -> c.policyName()).containsExactly("p49");
        SyncResult last = controller.lastSync().orElseThrow();
        assertThat(last.sequence()).isEqualTo(2);
        assertThat(last.localEndpoints()).isEqualTo(1);
        assertThat(last.computeTime()).isPositive();
    }

    @Test
    void nothingIsAppliedBeforeTheFirstDatastoreState() throws Exception {
        start(applied::add, Duration.ofSeconds(1));
        controller.restoreEndpoints(List.of(endpoint("c1", "x", "a", "wft00000000001", "10.244.1.2")));
        CompletableFuture<SyncResult> f = controller.requestSync();
        controller.onState(twoPods(DENY_ALL_X));
        SyncResult r = f.get(10, TimeUnit.SECONDS);
        assertThat(r.sequence()).isEqualTo(1);
        assertThat(applied).hasSize(1);
        assertThat(r.desiredState().endpoints()).containsOnlyKeys(new EndpointId("x", "a"));
        assertThat(r.desiredState().endpoints().get(new EndpointId("x", "a")).ingressChain()).isPresent();
    }

    @Test
    void anUnchangedDesiredStateIsNotAppliedAgain() throws Exception {
        start(applied::add, Duration.ofSeconds(1));
        CompletableFuture<SyncResult> first = controller.requestSync(); // before any state: completes with sync #1
        controller.onState(twoPods(DENY_ALL_X));
        assertThat(first.get(10, TimeUnit.SECONDS).applied()).isTrue();
        controller.onState(twoPods(DENY_ALL_X));
        SyncResult second = controller.requestSync().get(10, TimeUnit.SECONDS);
        assertThat(second.applied()).isFalse();
        assertThat(second.applyTime()).isZero();
        assertThat(applied).hasSize(1);
    }

    @Test
    void aFailedApplyFailsItsWaitersAndIsRetried() throws Exception {
        CountDownLatch retried = new CountDownLatch(1);
        start(s -> {
            applied.add(s);
            if (applied.size() == 1) {
                throw new IllegalStateException("iptables-restore: exit 4");
            }
            retried.countDown();
        }, Duration.ofMillis(20));
        CompletableFuture<SyncResult> first = controller.requestSync(); // before any state: completes with sync #1
        controller.onState(twoPods(""));
        assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("iptables-restore: exit 4");
        assertThat(retried.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(applied).hasSize(2);
        assertThat(applied.get(1)).isEqualTo(applied.get(0));
    }

    @Test
    void rejectionsOfTheEngineAndTheAdapterAreReported() throws Exception {
        start(applied::add, Duration.ofSeconds(1));
        controller.onState(twoPods("""
                kind: NetworkPolicy
                metadata: {namespace: x, name: bad}
                spec: {podSelector: {}, ingress: [{ports: [{protocol: ICMP}]}]}
                ---
                kind: Pod
                metadata: {namespace: x, name: broken}
                status: {podIP: 10.244.1.300}
                """));
        SyncResult r = controller.requestSync().get(10, TimeUnit.SECONDS);
        assertThat(r.rejections()).extracting(rej -> rej.policy()).containsExactly("x/bad");
        assertThat(r.inputRejections()).extracting(InputRejection::object).containsExactly("Pod x/broken");
    }

    @Test
    void detachingAnEndpointUnbindsIt() throws Exception {
        start(applied::add, Duration.ofSeconds(1));
        controller.onState(twoPods(DENY_ALL_X));
        controller.endpointAttached(endpoint("c1", "x", "a", "wft00000000001", "10.244.1.2")).get(10, TimeUnit.SECONDS);
        assertThat(applied.get(applied.size() - 1).endpoints()).containsOnlyKeys(new EndpointId("x", "a"));
        SyncResult r = controller.endpointDetached("c1", "eth0").get(10, TimeUnit.SECONDS);
        assertThat(r.desiredState().endpoints()).isEmpty();
        assertThat(controller.endpointDetached("unknown", "eth0").get(10, TimeUnit.SECONDS).desiredState().endpoints()).isEmpty();
    }

    @Test
    void closeFailsPendingWaiters() {
        start(applied::add, Duration.ofSeconds(1));
        CompletableFuture<SyncResult> f = controller.requestSync(); // no state yet: cannot run
        controller.close();
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(java.util.concurrent.CancellationException.class);
        assertThat(controller.requestSync()).isCompletedExceptionally();
    }

    @Test
    void attachmentsAreRestoredFromIpamLeases() {
        IpPrefix v4 = IpPrefix.parse("10.244.1.0/24");
        IpPrefix v6 = IpPrefix.parse("fd00:1::/64");
        LeaseOwner pod = new LeaseOwner("abc123", "eth0", "x", "a");
        List<Lease> leases = List.of(
                new Lease(IpAddresses.parse("10.244.1.2"), v4, pod),
                new Lease(IpAddresses.parse("fd00:1::2"), v6, pod),
                new Lease(IpAddresses.parse("10.244.1.3"), v4, LeaseOwner.of("nopod", "eth0")));
        List<LocalAttachment> restored = LocalAttachment.fromLeases(leases);
        assertThat(restored).containsExactly(new LocalAttachment("abc123", "eth0", new LocalEndpointInfo(new PodRef("x", "a"),
                RoutedPodNetworkDriver.hostIfName("abc123", "eth0"),
                List.of(IpAddresses.parse("10.244.1.2"), IpAddresses.parse("fd00:1::2")))));
    }

    static void await(CountDownLatch l) {
        try {
            l.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
