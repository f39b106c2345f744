package dev.weft.bgp.rib;

import java.lang.ref.WeakReference;
import java.util.WeakHashMap;

/**
 * Canonical {@link RouteAttributes} instances, so every prefix announced with an equal
 * attribute set shares one object (a million routes from one peer usually carry a handful of
 * sets). Weak: an attribute set no route uses any more is collected. Identity comparison of
 * interned sets is equality. Not thread-safe (the RIB's thread owns it).
 */
final class AttributeInterner {
    private final WeakHashMap<RouteAttributes, WeakReference<RouteAttributes>> table = new WeakHashMap<>();
    /** The last set interned: UPDATEs of one burst usually repeat it. */
    private RouteAttributes last;

    /** The canonical instance equal to {@code a} ({@code a} itself if it is the first). */
    RouteAttributes intern(RouteAttributes a) {
        if (a == last) {
            return a;
        }
        WeakReference<RouteAttributes> r = table.get(a);
        RouteAttributes existing = r == null ? null : r.get();
        if (existing == null) {
            table.put(a, new WeakReference<>(a));
            existing = a;
        }
        last = existing;
        return existing;
    }

    /** Distinct attribute sets currently referenced (approximate until the next GC). */
    int size() {
        return table.size();
    }
}
