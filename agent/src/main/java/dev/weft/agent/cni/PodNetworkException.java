package dev.weft.agent.cni;

/** A Pod wiring step failed or a CHECK found a difference; the message names the step or resource. */
public final class PodNetworkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error naming what failed. */
    public PodNetworkException(String message) {
        super(message);
    }

    /** An error naming what failed, with the kernel error as cause. */
    public PodNetworkException(String message, Throwable cause) {
        super(message, cause);
    }
}
