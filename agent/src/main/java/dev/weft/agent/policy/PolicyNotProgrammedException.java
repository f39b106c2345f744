package dev.weft.agent.policy;

/**
 * A Pod's NetworkPolicy could not be put in force in time (its Pod object did not reach the
 * datastore, the dataplane failed, or the bounded wait ran out). Thrown by the CNI hook of {@link
 * PolicyController#podPolicyHook}, it fails the CNI ADD so that no Pod runs unpoliced; the runtime
 * retries the ADD later.
 */
public final class PolicyNotProgrammedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what did not happen, naming the Pod */
    public PolicyNotProgrammedException(String message, Throwable cause) {
        super(message, cause);
    }
}
