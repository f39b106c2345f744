package dev.weft.dataplane.iptables.ipset;

/** An ipset command failed; the message names the command and gives the kernel's or tool's reason. */
public final class IpSetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message the failing command and reason */
    public IpSetException(String message) {
        super(message);
    }

    /** @param message the failing command and reason */
    public IpSetException(String message, Throwable cause) {
        super(message, cause);
    }
}
