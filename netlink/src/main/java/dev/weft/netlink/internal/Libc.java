package dev.weft.netlink.internal;

import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * Lazily loaded, process-wide jnr-ffi binding of {@link LibC} (loading costs ≈ 100–200 ms, so it
 * happens once, on first use, in a static holder).
 */
public final class Libc {
    private Libc() {}

    private static final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    }

    /** The libc binding. */
    public static LibC libc() {
        return Holder.LIBC;
    }

    /** {@code size} bytes of native memory, freed when the returned pointer is garbage collected. */
    public static Pointer allocate(int size) {
        return Memory.allocateDirect(Holder.RUNTIME, size);
    }

    /** The calling thread's {@code errno} as saved by the last {@code @SaveError} call. */
    public static int errno() {
        return LastError.getLastError(Holder.RUNTIME);
    }

    /** The C library's message for {@code errno}, e.g. "No such device" for 19. */
    public static String strerror(int errno) {
        String s = Holder.LIBC.strerror(errno);
        return s == null ? "errno " + errno : s;
    }
}
