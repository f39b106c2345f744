package dev.weft.dataplane.iptables.exec;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A dedicated platform thread that lives inside one network namespace: setns(2) with CLONE_NEWNET
 * moves only the calling thread, so in-process netlink users (libipset) and sockets opened for
 * tests must be created on a thread that entered the namespace. Work is run with {@link #call};
 * sockets created there stay bound to the namespace and may be used from any thread afterwards.
 *
 * <p>With a null path the thread stays in the process's namespace (same code path, no setns).
 * {@link #close()} ends the thread; it is never returned to a pool, so the namespace never leaks
 * into unrelated work.
 */
public final class NetnsThread implements AutoCloseable {
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int CLONE_NEWNET = 0x40000000;

    private final ExecutorService executor;
    private final Path netns;

    private NetnsThread(Path netns) {
        this.netns = netns;
        String label = netns == null ? "self" : netns.getFileName().toString();
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "weft-netns-" + label);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts a thread and moves it into the namespace at {@code netns} ({@code /var/run/netns/NAME}
     * or {@code /proc/PID/ns/net}); null keeps the process's namespace.
     *
     * @throws IllegalStateException if the namespace cannot be opened or entered (errno text given)
     */
    public static NetnsThread enter(Path netns) {
        NetnsThread t = new NetnsThread(netns);
        if (netns != null) {
            try {
                t.call(() -> {
                    enterOnThisThread(netns);
                    return null;
                });
            } catch (RuntimeException e) {
                t.close();
                throw e;
            }
        }
        return t;
    }

    /** The namespace path, or null for the process's own. */
    public Path netns() {
        return netns;
    }

    /**
     * Runs {@code work} on the namespace thread and waits for its result.
     *
     * @throws RuntimeException what {@code work} threw (checked ones wrapped in IllegalStateException)
     */
    public <T> T call(Callable<T> work) {
        Future<T> f = executor.submit(work);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs {@code work} on the namespace thread without waiting. */
    public CompletableFuture<Void> submit(Runnable work) {
        return CompletableFuture.runAsync(work, executor);
    }

    private static void enterOnThisThread(Path netns) {
        LibC libc = LibC.get();
        int fd = libc.open(netns.toString(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            int errno = LibC.errno();
            throw new IllegalStateException("open " + netns + ": " + libc.strerror(errno));
        }
        try {
            if (libc.setns(fd, CLONE_NEWNET) != 0) {
                int errno = LibC.errno();
                throw new IllegalStateException("setns(" + netns + ", CLONE_NEWNET): " + libc.strerror(errno));
            }
        } finally {
            libc.close(fd);
        }
    }

    /** Ends the thread (after queued work). */
    @Override
    public void close() {
        executor.shutdown();
    }
}
