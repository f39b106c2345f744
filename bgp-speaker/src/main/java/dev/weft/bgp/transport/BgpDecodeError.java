package dev.weft.bgp.transport;

import dev.weft.bgp.wire.AddressFamily;
import dev.weft.bgp.wire.BgpWireException;
import dev.weft.bgp.wire.ErrorHandling;
import java.util.Objects;
import java.util.Optional;

/**
 * A decoding error passed down the pipeline in place of, or just before, a message.
 * <ul>
 *   <li>{@link ErrorHandling#SESSION_RESET}: no message follows; send
 *       {@link BgpWireException#toNotification()} and close.</li>
 *   <li>{@link ErrorHandling#AFI_SAFI_DISABLE}: the adjusted (treat-as-withdraw) UPDATE follows;
 *       drop every route of {@link #afiSafiDisable()}'s family learned from the peer and ignore
 *       that family for the rest of the session, or (a speaker not doing that) reset the session
 *       with the error's NOTIFICATION (RFC 7606 §2, RFC 4760 §7). {@link #fatal()} is true so a
 *       session that does not look further resets.</li>
 *   <li>{@link ErrorHandling#TREAT_AS_WITHDRAW}, {@link ErrorHandling#ATTRIBUTE_DISCARD}: only
 *       reported (log, count); the UPDATE that follows is already adjusted (see
 *       {@link dev.weft.bgp.wire.UpdateMessage}).</li>
 * </ul>
 *
 * @param error the error
 */
public record BgpDecodeError(BgpWireException error) {
    public BgpDecodeError {
        Objects.requireNonNull(error, "error");
    }

    /**
     * True if the session must be reset: {@link ErrorHandling#SESSION_RESET}, and
     * {@link ErrorHandling#AFI_SAFI_DISABLE} unless the session disables the family instead.
     */
    public boolean fatal() {
        return error.handling().compareTo(ErrorHandling.AFI_SAFI_DISABLE) >= 0;
    }

    /** The family to disable, for an {@link ErrorHandling#AFI_SAFI_DISABLE} error. */
    public Optional<AddressFamily> afiSafiDisable() {
        return error.handling() == ErrorHandling.AFI_SAFI_DISABLE ? error.family() : Optional.empty();
    }
}
