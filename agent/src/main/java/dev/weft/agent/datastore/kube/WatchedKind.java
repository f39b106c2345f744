package dev.weft.agent.datastore.kube;

import dev.weft.agent.datastore.Resource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One informer of the Kubernetes datastore: a kind, the operation it lists and watches, and its
 * cache. It can be started and stopped repeatedly (the all-Pods and Secret informers only run
 * while needed). Every event just tells the datastore that something changed; every list or
 * watch error is reported to it, and fabric8 retries with backoff (the exception handler returns
 * true).
 *
 * <p>{@link #relist()} starts a replacement informer that lists from scratch while the current
 * one keeps serving its cache; {@link #promote()} swaps them once the replacement has synced.
 * The datastore relists after an outage, so changes the API server did not replay on the watch
 * reconnect (deletions especially) are never missed, and the cache is never empty meanwhile.
 *
 * @param <T> the fabric8 type
 */
final class WatchedKind<T extends HasMetadata> {
    private final String kind;
    private final String label;
    private final Supplier<Informable<T>> operation;
    private final Predicate<T> filter;
    private final KubernetesDatastore owner;
    private volatile SharedIndexInformer<T> informer;
    private volatile SharedIndexInformer<T> replacement;
    /** A list or watch error was reported and the informer has not been watching since. */
    private volatile boolean erroring;

    /**
     * @param kind the {@code kind} of the objects
     * @param label name in logs and health (e.g. {@code Pod (all nodes)})
     * @param operation what to list and watch
     * @param filter objects kept from the cache (a client-side check of what the operation's
     *     selectors ask the server for)
     * @param owner the datastore told about events and errors
     */
    WatchedKind(String kind, String label, Supplier<Informable<T>> operation, Predicate<T> filter,
            KubernetesDatastore owner) {
        this.kind = kind;
        this.label = label;
        this.operation = operation;
        this.filter = filter;
        this.owner = owner;
    }

    String label() {
        return label;
    }

    synchronized void start() {
        if (informer == null) {
            informer = newInformer();
        }
    }

    private SharedIndexInformer<T> newInformer() {
        SharedIndexInformer<T> inf = operation.get().runnableInformer(0);
        inf.exceptionHandler((started, t) -> {
            erroring = true;
            owner.failed((started ? "watch of " : "list of ") + label, t);
            return true;
        });
        inf.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                owner.changed();
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                owner.changed();
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                owner.changed();
            }
        });
        inf.start().whenComplete((v, t) -> owner.changed());
        return inf;
    }

    /** Starts a replacement informer (a fresh list), unless one is already listing. */
    synchronized void relist() {
        if (informer != null && replacement == null) {
            replacement = newInformer();
        }
    }

    /** Swaps in the replacement once it has synced; true if it did. */
    synchronized boolean promote() {
        SharedIndexInformer<T> r = replacement;
        if (r == null || !r.hasSynced()) {
            return false;
        }
        SharedIndexInformer<T> old = informer;
        informer = r;
        replacement = null;
        if (old != null) {
            old.stop();
        }
        return true;
    }

    synchronized void stop() {
        for (SharedIndexInformer<T> inf : new java.util.ArrayList<>(java.util.Arrays.asList(informer, replacement))) {
            if (inf != null) {
                inf.stop();
            }
        }
        informer = null;
        replacement = null;
    }

    void setRunning(boolean run) {
        if (run) {
            start();
        } else {
            stop();
        }
    }

    boolean running() {
        return informer != null;
    }

    boolean synced() {
        SharedIndexInformer<T> inf = informer;
        return inf != null && inf.hasSynced();
    }

    boolean watching() {
        SharedIndexInformer<T> inf = informer;
        boolean w = inf != null && inf.isWatching();
        if (w) {
            erroring = false;
        }
        return w;
    }

    /**
     * Down: not watching although it had listed (a lost watch), or failing to list. An informer
     * still doing its first list without errors is not down.
     */
    boolean down() {
        return !watching() && (synced() || erroring);
    }

    boolean isEmpty() {
        return items().isEmpty();
    }

    List<T> items() {
        SharedIndexInformer<T> inf = informer;
        return inf == null ? List.of() : inf.getStore().list().stream().filter(filter).toList();
    }

    void addTo(List<Resource> out, ResourceAdapter adapter) {
        for (T item : items()) {
            out.add(adapter.toResource(kind, item));
        }
    }
}
