package dev.weft.netlink;

/**
 * A failed netlink or namespace operation: carries the Linux {@code errno} (positive, e.g. 19 for
 * ENODEV; 0 when the failure was not a system call error, e.g. a malformed reply) and a message
 * naming the operation, the object, the C library's text for the errno and, when the kernel sent
 * one, its extended-ACK text (NETLINK_EXT_ACK, {@code NLMSGERR_ATTR_MSG}).
 *
 * <p>Example message: {@code "RTM_NEWROUTE 10.9.0.0/24 via 10.99.0.2: Network is unreachable
 * (errno 101, ENETUNREACH): Nexthop has invalid gateway"}.
 */
public final class NetlinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** ENOENT: no such file or directory (e.g. a missing network namespace path). */
    public static final int ENOENT = 2;
    /** ESRCH: no such process; rtnetlink's "no such route". */
    public static final int ESRCH = 3;
    /** EEXIST: object exists. */
    public static final int EEXIST = 17;
    /** ENODEV: no such device. */
    public static final int ENODEV = 19;
    /** EINVAL: invalid argument. */
    public static final int EINVAL = 22;
    /** EADDRNOTAVAIL: cannot assign requested address (e.g. deleting an absent address). */
    public static final int EADDRNOTAVAIL = 99;
    /** ENETUNREACH: network is unreachable (e.g. a gateway with no connected route). */
    public static final int ENETUNREACH = 101;

    /** ENOBUFS: no buffer space (a reply larger than the receive buffer). */
    public static final int ENOBUFS = 105;

    private final int errno;

    /**
     * @param errno positive Linux errno, or 0 when not applicable
     * @param message full human-readable message
     */
    public NetlinkException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    /** As {@link #NetlinkException(int, String)} with a cause. */
    public NetlinkException(int errno, String message, Throwable cause) {
        super(message, cause);
        this.errno = errno;
    }

    /** The positive Linux errno, or 0 when the failure was not an errno (e.g. a protocol error). */
    public int errno() {
        return errno;
    }

    /** Symbolic name of a common errno ("ENODEV"), or {@code "errno N"} for others. */
    static String errnoName(int errno) {
        return switch (errno) {
            case 1 -> "EPERM";
            case ENOENT -> "ENOENT";
            case ESRCH -> "ESRCH";
            case 9 -> "EBADF";
            case 12 -> "ENOMEM";
            case 13 -> "EACCES";
            case 16 -> "EBUSY";
            case EEXIST -> "EEXIST";
            case ENODEV -> "ENODEV";
            case EINVAL -> "EINVAL";
            case 34 -> "ERANGE";
            case 95 -> "EOPNOTSUPP";
            case 97 -> "EAFNOSUPPORT";
            case EADDRNOTAVAIL -> "EADDRNOTAVAIL";
            case ENETUNREACH -> "ENETUNREACH";
            case ENOBUFS -> "ENOBUFS";
            case 113 -> "EHOSTUNREACH";
            default -> "errno " + errno;
        };
    }
}
