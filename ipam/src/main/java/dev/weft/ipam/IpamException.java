package dev.weft.ipam;

/**
 * An IPAM operation failed: the store could not be read or written, or the request is invalid.
 * The store is unchanged when this is thrown from an allocation.
 */
public class IpamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a message naming what failed. */
    public IpamException(String message) {
        super(message);
    }

    /** An error caused by an I/O or parsing failure. */
    public IpamException(String message, Throwable cause) {
        super(message, cause);
    }
}
