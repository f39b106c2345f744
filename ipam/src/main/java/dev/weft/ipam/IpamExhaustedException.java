package dev.weft.ipam;

/** No free address is left in the Pod CIDRs of one address family; nothing was allocated. */
public final class IpamExhaustedException extends IpamException {
    private static final long serialVersionUID = 1L;

    /** The exhausted CIDRs, for the message (e.g. {@code "no free IPv4 address in [10.0.0.0/30]"}). */
    public IpamExhaustedException(String message) {
        super(message);
    }
}
