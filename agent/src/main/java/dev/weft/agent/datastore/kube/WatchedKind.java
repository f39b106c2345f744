package dev.weft.agent.datastore.kube;

import dev.weft.agent.datastore.Resource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.function.Supplier;

/**
 * One informer of the Kubernetes datastore: a kind, the operation it lists and watches, and its
 * cache. It can be started and stopped repeatedly (the all-Pods and Secret informers are only
 * run while needed). Every event just tells the datastore that something changed; every list or
 * watch error is reported to it, and fabric8 retries (exception handler returning true).
 *
 * @param <T> the fabric8 type
 */
final class WatchedKind<T extends HasMetadata> {
    private final String kind;
    private final String label;
    private final Supplier<Informable<T>> operation;
    private final KubernetesDatastore owner;
    private volatile SharedIndexInformer<T> informer;

    WatchedKind(String kind, String label, Supplier<Informable<T>> operation, KubernetesDatastore owner) {
        this.kind = kind;
        this.label = label;
        this.operation = operation;
        this.owner = owner;
    }

    String label() {
        return label;
    }

    synchronized void start() {
        if (informer != null) {
            return;
        }
        SharedIndexInformer<T> inf = operation.get().runnableInformer(0);
        inf.exceptionHandler((started, t) -> {
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
        informer = inf;
        inf.start().whenComplete((v, t) -> owner.changed());
    }

    synchronized void stop() {
        SharedIndexInformer<T> inf = informer;
        informer = null;
        if (inf != null) {
            inf.stop();
        }
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
        return inf != null && inf.isWatching();
    }

    boolean isEmpty() {
        return items().isEmpty();
    }

    List<T> items() {
        SharedIndexInformer<T> inf = informer;
        return inf == null ? List.of() : inf.getStore().list();
    }

    void addTo(List<Resource> out, ResourceAdapter adapter) {
        for (T item : items()) {
            out.add(adapter.toResource(kind, item));
        }
    }
}
