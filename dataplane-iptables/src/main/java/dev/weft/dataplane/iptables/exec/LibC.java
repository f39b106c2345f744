package dev.weft.dataplane.iptables.exec;

import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.SaveError;

/**
 * The libc functions {@link NetnsThread} needs, bound through jnr-ffi. Public only because jnr-ffi
 * generates the implementation in its own class loader; not part of Weft's API.
 */
public interface LibC {
    /** open(2) without a mode. */
    @SaveError
    int open(String path, int flags);

    /** close(2). */
    @SaveError
    int close(int fd);

    /** setns(2): moves the calling thread into the namespace {@code fd} refers to. */
    @SaveError
    int setns(int fd, int nstype);

    /** strerror(3). */
    String strerror(int errnum);

    /** The loaded C library (loaded once, on first use). */
    static LibC get() {
        return Holder.LIBC;
    }

    /** errno saved by the last {@link SaveError} call on this thread. */
    static int errno() {
        return jnr.ffi.Runtime.getRuntime(Holder.LIBC).getLastError();
    }

    /** Lazy holder. */
    final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");

        private Holder() {}
    }
}
