package dev.weft.dataplane.iptables;

/**
 * Programming the kernel failed after every retry. The dataplane has failed closed: the last
 * successfully committed iptables rules are still in force (each table/family is one atomic
 * transaction), nothing was flushed open. The agent should report itself unhealthy.
 */
public final class DataplaneException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, after how many attempts */
    public DataplaneException(String message, Throwable cause) {
        super(message, cause);
    }
}
