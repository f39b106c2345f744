package dev.weft.agent.policy;

import dev.weft.agent.cni.Attachment;
import dev.weft.agent.cni.AttachmentRequest;
import dev.weft.agent.cni.PodPolicyHook;
import dev.weft.common.net.IpPrefix;
import dev.weft.model.endpoint.EndpointId;
import dev.weft.model.endpoint.LocalEndpoint;
import dev.weft.policy.input.LocalEndpointInfo;
import dev.weft.policy.input.PodRef;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PodPolicyHook} of a {@link PolicyController}: a Pod's NetworkPolicy is in force before its
 * CNI ADD returns (DESIGN.md "Data flow").
 *
 * <p>ADD: when the Pod object is not in the datastore state and no NetworkPolicy exists in its
 * namespace, registers the endpoint and returns at once (no policy can select the Pod; the
 * endpoint is bound when the Pod object arrives). Otherwise waits until the Pod object is in the
 * datastore state (the engine binds only known Pods;
 * Kubernetes creates the Pod object before the kubelet calls CNI, and standalone datastores must do
 * the same), registers the endpoint (host-side interface + addresses), then waits for a sync that
 * includes it to be applied and checks that the applied state binds it. Everything within one {@code timeout}; otherwise the
 * endpoint is removed again and {@link PolicyNotProgrammedException} is thrown, which fails the
 * ADD. An ADD without a Pod identity ({@code K8S_POD_NAMESPACE}/{@code K8S_POD_NAME} absent: not
 * a Kubernetes Pod, e.g. {@code ctr run --cni}) has no NetworkPolicy and returns at once.
 *
 * <p>DEL: forgets the endpoint and requests a sync without waiting.
 */
final class CniPolicyHook implements PodPolicyHook {
    private static final Logger LOG = LoggerFactory.getLogger(CniPolicyHook.class);

    private final PolicyController controller;
    private final Duration timeout;

    CniPolicyHook(PolicyController controller, Duration timeout) {
        this.controller = Objects.requireNonNull(controller, "controller");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public void attached(AttachmentRequest request, Attachment attachment) {
        if (request.podNamespace().isEmpty() || request.podName().isEmpty()) {
            LOG.info("CNI ADD {}/{}: no K8S_POD_NAMESPACE/K8S_POD_NAME, not a Kubernetes Pod: no NetworkPolicy applies",
                    request.containerId(), request.ifName());
            return;
        }
        PodRef pod = new PodRef(request.podNamespace(), request.podName());
        List<java.net.InetAddress> ips = attachment.addresses().stream().map(IpPrefix::address).toList();
        LocalAttachment a = new LocalAttachment(request.containerId(), request.ifName(),
                new LocalEndpointInfo(pod, attachment.hostIfName(), ips));
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        try {
            if (!controller.awaitPod(pod, System.nanoTime()) && controller.noPolicyIn(pod.namespace())) {
                // Not (yet) in the datastore, but no NetworkPolicy exists in its namespace, so none
                // selects it: nothing to program before the Pod starts. The endpoint is registered
                // anyway, so a policy created later, or the Pod object arriving, binds it.
                controller.endpointAttached(a);
                LOG.info("CNI ADD {}/{}: Pod {} not in the datastore yet and no NetworkPolicy in namespace {}: not isolated",
                        request.containerId(), request.ifName(), pod, pod.namespace());
                return;
            }
            if (!controller.awaitPod(pod, deadline)) {
                throw new PolicyNotProgrammedException("Pod " + pod + " is not in the datastore after " + timeout.toMillis()
                        + " ms; its NetworkPolicy cannot be computed (the Pod object must exist before CNI ADD)", null);
            }
            // Completes with a sync that started after the registration, so it saw the endpoint and the Pod.
            CompletableFuture<SyncResult> sync = controller.endpointAttached(a);
            SyncResult r = sync.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            LocalEndpoint bound = r.desiredState().endpoints().get(new EndpointId(pod.namespace(), pod.name()));
            if (bound == null || !bound.interfaceName().equals(attachment.hostIfName())) {
                throw new PolicyNotProgrammedException("Pod " + pod + " on " + attachment.hostIfName()
                        + " is not bound in the applied policy state", null);
            }
            LOG.info("CNI ADD {}/{}: NetworkPolicy of Pod {} in force on {} after {} ms (ingress {}, egress {})",
                    request.containerId(), request.ifName(), pod, attachment.hostIfName(),
                    (System.nanoTime() - start) / 1_000_000, bound.ingressChain().map(Object::toString).orElse("not isolated"),
                    bound.egressChain().map(Object::toString).orElse("not isolated"));
        } catch (TimeoutException e) {
            undo(a);
            throw new PolicyNotProgrammedException("NetworkPolicy of Pod " + pod + " not programmed within "
                    + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            undo(a);
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new PolicyNotProgrammedException("NetworkPolicy of Pod " + pod + " could not be programmed: "
                    + (cause.getMessage() == null ? cause.toString() : cause.getMessage()), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            undo(a);
            throw new PolicyNotProgrammedException("interrupted while programming NetworkPolicy of Pod " + pod, e);
        } catch (PolicyNotProgrammedException e) {
            undo(a);
            throw e;
        }
    }

    private void undo(LocalAttachment a) {
        controller.endpointDetached(a.containerId(), a.ifName());
    }

    @Override
    public void detached(String containerId, String ifName) {
        controller.endpointDetached(containerId, ifName);
    }
}
