package dev.weft.agent.cni;

import dev.weft.common.net.IpPrefix;
import java.util.List;

/**
 * Receives Pod IPs for the datastore (standalone mode writes them into the Pod objects; with
 * Kubernetes the kubelet reports them from the ADD result and this may do nothing).
 */
public interface PodIpListener {
    /** Does nothing. */
    PodIpListener NO_OP = new PodIpListener() {
        @Override
        public void podAttached(String podNamespace, String podName, String containerId, List<IpPrefix> addresses) {}

        @Override
        public void podDetached(String podNamespace, String podName, String containerId) {}
    };

    /**
     * A Pod got its addresses (called after wiring and policy, before ADD returns). Throwing fails
     * the ADD with code 11 (try again later) and undoes the attachment.
     *
     * @param podNamespace from CNI_ARGS K8S_POD_NAMESPACE, or "" when the runtime gave none
     * @param podName from CNI_ARGS K8S_POD_NAME, or ""
     */
    void podAttached(String podNamespace, String podName, String containerId, List<IpPrefix> addresses);

    /** The attachment was deleted; Pod namespace/name are those recorded with its lease ("" if unknown). */
    void podDetached(String podNamespace, String podName, String containerId);
}
