package dev.weft.agent.cni;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Wires Pod interfaces in the kernel: the port between the CNI server and netlink. The
 * production implementation is {@link RoutedPodNetworkDriver}. Implementations are thread-safe;
 * the CNI server never runs two operations for the same attachment at once (the runtime does
 * not, CNI SPEC §3 "Lifecycle").
 */
public interface PodNetworkDriver {
    /**
     * Creates the attachment. On failure it undoes every step it made (no veth, route or
     * address is left) before throwing.
     *
     * @return the wired attachment (MACs read back from the kernel)
     * @throws PodNetworkException if a step failed (the message names the step)
     */
    Attachment add(AttachmentRequest request);

    /**
     * The attachment as it exists now, if it is complete (host end, Pod end with all of the
     * request's addresses); empty if it is missing or only partly there.
     */
    Optional<Attachment> find(AttachmentRequest request);

    /**
     * Removes whatever exists of the attachment; succeeds if nothing is left, including when
     * the Pod namespace is gone or was never given.
     *
     * @param netns the Pod's namespace if the runtime still gave one
     * @throws PodNetworkException if something exists but could not be removed
     */
    void del(String containerId, String ifName, Optional<Path> netns);

    /**
     * Verifies the attachment matches {@code request} (CNI CHECK).
     *
     * @throws PodNetworkException naming the first missing or different resource
     */
    void check(AttachmentRequest request);
}
