package dev.weft.bgp.session;

import dev.weft.bgp.wire.BgpError;
import dev.weft.bgp.wire.NotificationMessage;
import java.util.Optional;

/**
 * The Hard Reset of RFC 8538 (Notification Message Support for BGP Graceful Restart): with the N
 * bit negotiated, every NOTIFICATION ends a session gracefully (the receiving speaker keeps the
 * routes stale, RFC 8538 §4) except CEASE subcode 9 "Hard Reset", which ends it for good.
 *
 * <pre>
 * Hard Reset = NOTIFICATION 6/9, Data = | ErrCode (1) | Subcode (1) | Data (variable) |
 *              of the NOTIFICATION it stands for (RFC 8538 §3)
 * </pre>
 */
public final class HardReset {
    private HardReset() {}

    /**
     * RFC 8538 §5.1: the CEASEs that must end the session for good and are sent as Hard Reset when
     * N was negotiated: 6/1 Maximum Number of Prefixes Reached, 6/2 Administrative Shutdown, 6/3
     * Peer De-configured (and 6/9 itself). 6/4 Administrative Reset ("provide user control") and
     * the others (6/5 Connection Rejected, 6/6 Other Configuration Change, 6/7 Connection Collision
     * Resolution, 6/8 Out of Resources) stay graceful, as do all non-CEASE NOTIFICATIONs.
     */
    public static boolean required(NotificationMessage n) {
        return n.code() == BgpError.CEASE.code() && (n.subcode() == BgpError.MAXIMUM_PREFIXES_REACHED.subcode()
                || n.subcode() == BgpError.ADMINISTRATIVE_SHUTDOWN.subcode()
                || n.subcode() == BgpError.PEER_DECONFIGURED.subcode() || n.subcode() == BgpError.HARD_RESET.subcode());
    }

    /** True if {@code n} is a Hard Reset (CEASE 6/9, RFC 8538 §3). */
    public static boolean is(NotificationMessage n) {
        return n.code() == BgpError.HARD_RESET.code() && n.subcode() == BgpError.HARD_RESET.subcode();
    }

    /**
     * {@code n} wrapped in a Hard Reset (RFC 8538 §3): 6/9 with data = n's code, subcode, data.
     * A Hard Reset is returned as it is.
     */
    public static NotificationMessage wrap(NotificationMessage n) {
        if (is(n)) {
            return n;
        }
        byte[] inner = n.data();
        byte[] data = new byte[2 + inner.length];
        data[0] = (byte) n.code();
        data[1] = (byte) n.subcode();
        System.arraycopy(inner, 0, data, 2, inner.length);
        return NotificationMessage.of(BgpError.HARD_RESET, data);
    }

    /**
     * The NOTIFICATION a Hard Reset carries (RFC 8538 §3); empty if {@code n} is not a Hard Reset or
     * its data is shorter than code and subcode.
     */
    public static Optional<NotificationMessage> unwrap(NotificationMessage n) {
        byte[] d = n.data();
        if (!is(n) || d.length < 2) {
            return Optional.empty();
        }
        byte[] inner = new byte[d.length - 2];
        System.arraycopy(d, 2, inner, 0, inner.length);
        return Optional.of(new NotificationMessage(d[0] & 0xff, d[1] & 0xff, inner));
    }

    /** "6/9 Hard Reset (6/3 Peer De-configured)" for a Hard Reset, else {@code n.describe()}. */
    public static String describe(NotificationMessage n) {
        return unwrap(n).map(inner -> n.describe() + " (" + inner.describe() + ")").orElse(n.describe());
    }
}
