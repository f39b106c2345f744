package dev.weft.agent.datastore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone datastore ({@code --datastore dir:PATH}): every {@code *.yaml}, {@code *.yml}
 * and {@code *.json} file directly in a directory, re-read whenever the directory changes.
 *
 * <p>Level-triggered and coalesced: a burst of file events leads to one re-read after
 * {@code debounce}; a periodic re-read ({@code resync}) catches missed events. The listener
 * is called on the datastore's own thread with a complete {@link ClusterState}, only when it
 * differs from the previous one (new rejections are logged once as warnings). Files whose name
 * starts with {@code .} are ignored, so writers can create {@code .tmp} files and rename them.
 *
 * <p>Health ({@link #health()}): an unlistable directory is an outage (the last state stays in
 * force) until the next successful read; per-file parse errors are rejections, not outages.
 */
public final class DirectoryDatastore implements Datastore {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryDatastore.class);

    private final Path dir;
    private final Consumer<ClusterState> listener;
    private final Duration debounce;
    private final Duration resync;
    private final ResourceParser parser;
    private final Thread thread;
    private volatile WatchService watcher;
    private volatile boolean closed;
    private volatile ClusterState current = ClusterState.empty();
    private final HealthTracker health;
    private boolean delivered;

    /**
     * @param dir the directory (created if missing)
     * @param listener receives each changed state; exceptions it throws are logged, not fatal
     * @param debounce quiet time after a file event before re-reading (e.g. 50 ms)
     * @param resync interval of unconditional re-reads (e.g. 5 s)
     */
    public DirectoryDatastore(Path dir, Consumer<ClusterState> listener, Duration debounce, Duration resync) {
        this(dir, listener, debounce, resync, "default");
    }

    /**
     * As {@link #DirectoryDatastore(Path, Consumer, Duration, Duration)}, resolving BGPPeer
     * passwords from Secrets in {@code secretNamespace} instead of {@code default}.
     */
    public DirectoryDatastore(Path dir, Consumer<ClusterState> listener, Duration debounce, Duration resync,
            String secretNamespace) {
        this.parser = new ResourceParser(secretNamespace);
        this.dir = Objects.requireNonNull(dir, "dir");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.debounce = debounce;
        this.resync = resync;
        this.thread = new Thread(this::run, "weft-datastore");
        this.thread.setDaemon(true);
        this.health = new HealthTracker("dir:" + dir, Clock.systemUTC());
    }

    /**
     * Reads the directory once (delivering the first state synchronously, on the caller's
     * thread) and starts watching it.
     *
     * @throws UncheckedIOException if the directory cannot be created or watched
     */
    @Override
    public DirectoryDatastore start() {
        try {
            Files.createDirectories(dir);
            watcher = FileSystems.getDefault().newWatchService();
            dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch datastore directory " + dir, e);
        }
        reload();
        thread.start();
        return this;
    }

    /** The last state read. */
    @Override
    public ClusterState current() {
        return current;
    }

    /** True once the directory was read successfully (the first state was delivered). */
    @Override
    public boolean synced() {
        return health.synced();
    }

    @Override
    public DatastoreHealth health() {
        return health.snapshot();
    }

    private void run() {
        while (!closed) {
            try {
                WatchKey key = watcher.poll(resync.toMillis(), TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                    // Coalesce the burst: wait for quiet, draining further events.
                    WatchKey more;
                    while ((more = watcher.poll(debounce.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                        more.pollEvents();
                        more.reset();
                    }
                }
                reload();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            } catch (RuntimeException e) {
                health.failed("reload failed: " + ResourceParser.oneLine(e));
                LOG.error("datastore reload failed; keeping the last state", e);
            }
        }
    }

    /** Re-reads the directory now; returns the new state. */
    public synchronized ClusterState reload() {
        ClusterState next;
        try {
            next = parse(parser, objectFiles(dir));
        } catch (IOException | UncheckedIOException e) {
            health.failed("cannot list " + dir + ": " + ResourceParser.oneLine(e));
            LOG.error("cannot list {}; keeping the last state", dir, e);
            return current;
        }
        health.confirmed();
        ClusterState prev = current;
        if (delivered && next.equals(prev)) {
            return prev;
        }
        delivered = true;
        for (Rejection r : next.rejections()) {
            if (!prev.rejections().contains(r)) {
                LOG.warn("rejected {}", r);
            }
        }
        current = next;
        health.delivered();
        try {
            listener.accept(next);
        } catch (RuntimeException e) {
            health.error("listener failed: " + ResourceParser.oneLine(e));
            LOG.error("datastore listener failed", e);
        }
        return next;
    }

    /**
     * Reads {@code dir} once, exactly as the watching datastore does (for offline tools).
     *
     * @throws UncheckedIOException if the directory cannot be listed
     */
    public static ClusterState read(Path dir) {
        try {
            return parse(new ResourceParser(), objectFiles(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /**
     * The files the datastore reads in {@code dir}, in reading order (by name): regular
     * {@code *.yaml}, {@code *.yml} and {@code *.json} files not starting with {@code .}.
     */
    public static List<Path> objectFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(DirectoryDatastore::isObjectFile).sorted().toList();
        }
    }

    private static ClusterState parse(ResourceParser parser, List<Path> files) {
        List<Resource> resources = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        for (Path f : files) {
            ResourceParser.Parsed p = parser.parseFile(f);
            resources.addAll(p.resources());
            rejections.addAll(p.rejections());
        }
        return parser.toState(resources, rejections);
    }

    private static boolean isObjectFile(Path p) {
        String n = p.getFileName().toString();
        return !n.startsWith(".") && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"))
                && Files.isRegularFile(p);
    }

    @Override
    public void close() {
        closed = true;
        try {
            if (watcher != null) {
                watcher.close();
            }
        } catch (IOException e) {
            LOG.debug("closing watcher", e);
        }
        thread.interrupt();
    }
}
