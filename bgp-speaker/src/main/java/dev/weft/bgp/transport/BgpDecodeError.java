package dev.weft.bgp.transport;

import dev.weft.bgp.wire.BgpWireException;
import dev.weft.bgp.wire.ErrorHandling;
import java.util.Objects;

/**
 * A decoding error passed down the pipeline in place of a message. A
 * {@link ErrorHandling#SESSION_RESET} error means the session must send
 * {@link BgpWireException#toNotification()} and close; weaker ones (RFC 7606) precede the
 * already-adjusted UPDATE they came from and are only reported.
 *
 * @param error the error
 */
public record BgpDecodeError(BgpWireException error) {
    public BgpDecodeError {
        Objects.requireNonNull(error, "error");
    }

    /** True if the session must be reset. */
    public boolean fatal() {
        return error.handling() == ErrorHandling.SESSION_RESET;
    }
}
