package dev.weft.agent.routing;

import dev.weft.model.route.RouteSpec;
import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.function.Supplier;

/**
 * {@link KernelRouteSync#installed()}: a list whose size is known up front (O(1), e.g. for a
 * gauge) and whose routes are read on first access (O(table)). Not thread-safe.
 */
final class LazyRouteList extends AbstractList<RouteSpec> {
    private final int count;
    private final Supplier<List<RouteSpec>> load;
    private List<RouteSpec> routes;

    /**
     * @param count the size reported until the routes are loaded
     * @param load reads the routes (then their number is the size)
     */
    LazyRouteList(int count, Supplier<List<RouteSpec>> load) {
        this.count = count;
        this.load = load;
    }

    private List<RouteSpec> routes() {
        if (routes == null) {
            routes = load.get();
        }
        return routes;
    }

    @Override
    public RouteSpec get(int index) {
        return routes().get(index);
    }

    @Override
    public int size() {
        return routes == null ? count : routes.size();
    }

    @Override
    public Iterator<RouteSpec> iterator() {
        return routes().iterator();
    }

    @Override
    public Spliterator<RouteSpec> spliterator() {
        return routes().spliterator();
    }
}
