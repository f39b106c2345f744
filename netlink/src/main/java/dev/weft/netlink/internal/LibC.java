package dev.weft.netlink.internal;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.SaveError;

/**
 * The few libc functions Weft's netlink module calls, bound through jnr-ffi. Every function that
 * can fail saves {@code errno} ({@link SaveError}); read it with {@link Libc#errno()} right after a
 * call that returned -1 (or 0 for {@code if_nametoindex}).
 *
 * <p>Public only because jnr-ffi generates the implementation in its own class loader; not part
 * of Weft's API.
 */
public interface LibC {
    /** socket(2): returns a file descriptor or -1. */
    @SaveError
    int socket(int domain, int type, int protocol);

    /** bind(2) with a raw {@code struct sockaddr} image. */
    @SaveError
    int bind(int fd, @In byte[] addr, int addrlen);

    /** setsockopt(2) with a raw option value image. */
    @SaveError
    int setsockopt(int fd, int level, int optname, @In byte[] optval, int optlen);

    /** sendto(2): returns the number of bytes sent or -1. */
    @SaveError
    long sendto(int fd, @In byte[] buf, long len, int flags, @In byte[] addr, int addrlen);

    /**
     * recv(2) into native memory (no copy of the whole buffer per call): returns the number of
     * bytes received (the full datagram length with MSG_TRUNC) or -1.
     */
    @SaveError
    long recv(int fd, Pointer buf, long len, int flags);

    /** close(2). */
    @SaveError
    int close(int fd);

    /** open(2) without a mode (never used with O_CREAT). */
    @SaveError
    int open(String path, int flags);

    /** setns(2): moves the calling thread into the namespace {@code fd} refers to. */
    @SaveError
    int setns(int fd, int nstype);

    /** unshare(2): gives the calling thread new namespaces of the {@code CLONE_NEW*} kinds in {@code flags}. */
    @SaveError
    int unshare(int flags);

    /** strerror(3): the C library's text for an errno value. */
    String strerror(int errnum);
}
