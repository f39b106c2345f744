package dev.weft.netlink;

import dev.weft.netlink.internal.Libc;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs code inside another network namespace.
 *
 * <p>setns(2) with CLONE_NEWNET changes the namespace of the calling <em>thread</em> only, and
 * a JVM thread pool would leak that into unrelated work. So {@link #callIn} starts a fresh
 * platform thread (which inherits the caller's namespace), moves it into the target namespace,
 * runs the work there, moves it back to the namespace it started in, and lets it end; a thread
 * whose return failed ends anyway, so no thread ever outlives its visit. Sockets opened by the
 * work (e.g. {@link Netlink#open()}) stay bound to the target namespace and may be used from any
 * thread afterwards; files under /proc/sys/net opened there refer to the target namespace too.
 *
 * <p>Thread-safe; each call uses its own thread.
 */
public final class NetNs {
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int CLONE_NEWNET = 0x40000000;
    private static final Path SELF = Path.of("/proc/thread-self/ns/net");

    private NetNs() {}

    /**
     * Runs {@code work} on a new thread inside the network namespace at {@code netnsPath} and
     * returns its result, blocking until it is done (an interrupt of the caller is remembered and
     * re-asserted, but does not abandon the work).
     *
     * @param netnsPath a namespace file: {@code /var/run/netns/NAME}, {@code /proc/PID/ns/net}
     * @throws NetlinkException ENOENT if the path does not exist, EINVAL if it is not a network
     *     namespace, or another errno from open(2)/setns(2)
     * @throws CompletionException wrapping a checked exception thrown by {@code work}; runtime
     *     exceptions and errors from {@code work} are rethrown as they are
     */
    public static <T> T callIn(Path netnsPath, Callable<T> work) {
        Objects.requireNonNull(netnsPath, "netnsPath");
        Objects.requireNonNull(work, "work");
        int target = openNetnsFd(netnsPath);
        try {
            return onOwnThread("weft-netns-" + netnsPath.getFileName(), () -> runInside(netnsPath, target, work));
        } finally {
            closeFd(target);
        }
    }

    /**
     * Runs {@code work} on a new daemon thread and waits for it (an interrupt of the caller is
     * remembered and re-asserted, but does not abandon the work); rethrows what it threw.
     */
    private static <T> T onOwnThread(String name, Callable<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(work.call());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable e = failure.get();
        if (e == null) {
            return result.get();
        }
        if (e instanceof RuntimeException re) {
            throw re;
        }
        if (e instanceof Error err) {
            throw err;
        }
        throw new CompletionException(e);
    }

    /**
     * Runs {@code work} on a new thread inside a new, private network namespace (unshare(2)
     * CLONE_NEWNET) that nothing else can see or enter: it holds only a loopback device, down.
     * The namespace lives as long as a socket opened in it (e.g. by {@link Netlink#open()}) stays
     * open, and is freed by the kernel with everything in it when the last one is closed; the
     * thread ends when {@code work} returns. For work that must touch a real kernel without
     * touching the host's networking (e.g. warming up the route-writing code).
     *
     * @throws NetlinkException EPERM without CAP_SYS_ADMIN, or another errno of unshare(2)
     * @throws CompletionException wrapping a checked exception thrown by {@code work}
     */
    public static <T> T callInPrivate(Callable<T> work) {
        Objects.requireNonNull(work, "work");
        return onOwnThread("weft-netns-private", () -> {
            if (Libc.libc().unshare(CLONE_NEWNET) != 0) {
                int errno = Libc.errno();
                throw new NetlinkException(errno, "unshare(CLONE_NEWNET): " + Libc.strerror(errno)
                        + " (" + NetlinkException.errnoName(errno) + ")");
            }
            return work.call(); // the thread ends right after: nothing else ever runs in this namespace
        });
    }

    /** As {@link #callIn} for work without a result. */
    public static void runIn(Path netnsPath, Runnable work) {
        Objects.requireNonNull(work, "work");
        callIn(netnsPath, () -> {
            work.run();
            return null;
        });
    }

    private static <T> T runInside(Path netnsPath, int target, Callable<T> work) throws Exception {
        int original = openNetnsFd(SELF);
        try {
            if (Libc.libc().setns(target, CLONE_NEWNET) != 0) {
                int errno = Libc.errno();
                throw new NetlinkException(errno, "setns(" + netnsPath + ", CLONE_NEWNET): " + Libc.strerror(errno)
                        + " (" + NetlinkException.errnoName(errno) + ")"
                        + (errno == NetlinkException.EINVAL ? ": not a network namespace" : ""));
            }
            try {
                return work.call();
            } finally {
                // Return home; if that fails the thread ends right after, so nothing runs in the wrong namespace.
                Libc.libc().setns(original, CLONE_NEWNET);
            }
        } finally {
            closeFd(original);
        }
    }

    /**
     * open(2)s a namespace file read-only with O_CLOEXEC.
     *
     * @throws NetlinkException with open(2)'s errno (ENOENT for a missing path)
     */
    static int openNetnsFd(Path path) {
        int fd = Libc.libc().open(path.toString(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            int errno = Libc.errno();
            throw new NetlinkException(errno, "open network namespace " + path + ": " + Libc.strerror(errno)
                    + " (" + NetlinkException.errnoName(errno) + ")");
        }
        return fd;
    }

    static void closeFd(int fd) {
        Libc.libc().close(fd);
    }
}
