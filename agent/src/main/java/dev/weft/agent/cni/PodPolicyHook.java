package dev.weft.agent.cni;

/**
 * Called by the CNI server so that NetworkPolicy is in force for a Pod before its ADD returns
 * (DESIGN.md "Data flow": local endpoint registered, its policy programmed BEFORE the ADD
 * returns). Implementations are thread-safe.
 */
public interface PodPolicyHook {
    /** Does nothing. */
    PodPolicyHook NO_OP = new PodPolicyHook() {
        @Override
        public void attached(AttachmentRequest request, Attachment attachment) {}

        @Override
        public void detached(String containerId, String ifName) {}
    };

    /**
     * The Pod is wired; program its policy now. Throwing fails the ADD (error code 11, try again later) and the
     * attachment and its leases are undone.
     */
    void attached(AttachmentRequest request, Attachment attachment);

    /** The attachment is gone (CNI DEL); forget its endpoint. Must tolerate unknown attachments. */
    void detached(String containerId, String ifName);
}
