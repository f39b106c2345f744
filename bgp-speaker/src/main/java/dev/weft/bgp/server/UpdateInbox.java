package dev.weft.bgp.server;

import dev.weft.bgp.wire.UpdateMessage;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The bounded hand-over of one session's UPDATEs from its event loop to the RIB thread, with
 * back-pressure through auto-read: when {@value #HIGH_WATERMARK} UPDATEs wait, the channel stops
 * reading (the peer's TCP window closes, so the peer slows down); when the RIB thread has
 * brought the backlog down to {@value #LOW_WATERMARK}, reading resumes. Timers and KEEPALIVEs
 * stay on the event loop, which never waits for the RIB, so keepalives never starve behind big
 * reads. The bound is soft by at most one read's worth of frames already decoded when reading
 * stopped.
 *
 * <p>The RIB thread applies what is waiting in batches of at most {@link #MAX_BATCH} UPDATEs (one
 * best-path recomputation each). After
 * {@link #close()} (run on the RIB thread, before the session's routes are released) nothing
 * more from this session reaches the RIB.
 */
final class UpdateInbox {
    /** UPDATEs waiting at which reading stops. */
    static final int HIGH_WATERMARK = 256;
    /** UPDATEs waiting at which reading resumes. */
    static final int LOW_WATERMARK = 64;
    /**
     * Most UPDATEs applied as one RIB batch: a full table arrives as one long backlog, and
     * batches of this size (≈ 25,000 prefixes of a packed table) keep the prefixes a batch
     * touches in the CPU caches between its table updates and its best-path pass (16, 32 and 128
     * measured alike within the shared machine's noise; see bench/README.md).
     */
    static final int MAX_BATCH = 32;

    private final Channel channel;
    private final Executor ribThread;
    private final Consumer<List<UpdateMessage>> apply;
    private final ConcurrentLinkedQueue<UpdateMessage> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean closed;
    /** Reading stopped by us (event loop only). */
    private boolean paused;
    private volatile long pauses;

    /**
     * @param channel the session's channel (auto-read is switched on its event loop)
     * @param ribThread the RIB's single thread
     * @param apply applies a batch on the RIB thread
     */
    UpdateInbox(Channel channel, Executor ribThread, Consumer<List<UpdateMessage>> apply) {
        this.channel = channel;
        this.ribThread = ribThread;
        this.apply = apply;
    }

    /** Queues an UPDATE (event loop). */
    void offer(UpdateMessage update) {
        queue.add(update);
        if (size.incrementAndGet() >= HIGH_WATERMARK && !paused) {
            paused = true;
            pauses++;
            channel.config().setAutoRead(false);
        }
        if (scheduled.compareAndSet(false, true)) {
            ribThread.execute(this::drain);
        }
    }

    /** Drops what is waiting and everything offered later (RIB thread). */
    void close() {
        closed = true;
        queue.clear();
    }

    /** True while reading is stopped by back-pressure. */
    boolean paused() {
        return paused;
    }

    /** How often reading was stopped. */
    long pauses() {
        return pauses;
    }

    /** UPDATEs waiting for the RIB. */
    int backlog() {
        return size.get();
    }

    private void drain() {
        scheduled.set(false);
        List<UpdateMessage> batch = new ArrayList<>();
        for (UpdateMessage u; batch.size() < MAX_BATCH && (u = queue.poll()) != null; ) {
            batch.add(u);
        }
        if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
            ribThread.execute(this::drain); // the rest after this batch, behind other sessions' work
        }
        try {
            if (!closed && !batch.isEmpty()) {
                apply.accept(batch);
            }
        } finally {
            if (size.addAndGet(-batch.size()) <= LOW_WATERMARK) {
                channel.eventLoop().execute(this::resume);
            }
        }
    }

    private void resume() {
        if (paused && size.get() <= LOW_WATERMARK) {
            paused = false;
            channel.config().setAutoRead(true);
        }
    }
}
