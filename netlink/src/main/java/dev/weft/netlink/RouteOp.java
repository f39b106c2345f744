package dev.weft.netlink;

import java.util.Objects;

/**
 * One write of a route batch ({@link Netlink#routeBatch}): create, replace or delete.
 *
 * @param kind what to do
 * @param route the route to create or replace (null for a delete)
 * @param existing the kernel route to delete (null otherwise)
 * @param protocol rtm_protocol of the written route
 */
record RouteOp(Kind kind, FibRoute route, KernelRoute existing, int protocol) {
    enum Kind {
        /** RTM_NEWROUTE NLM_F_CREATE|NLM_F_EXCL: fails with EEXIST if any route holds the destination/table/metric. */
        CREATE,
        /** RTM_NEWROUTE NLM_F_CREATE|NLM_F_REPLACE: takes over the route at the destination/table/metric. */
        REPLACE,
        /** RTM_DELROUTE of a route read back from the kernel; an absent route is not an error. */
        DELETE
    }

    RouteOp {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.DELETE) != (existing != null) || (kind == Kind.DELETE) == (route != null)) {
            throw new IllegalArgumentException(kind + " needs " + (kind == Kind.DELETE ? "an existing" : "a desired")
                    + " route");
        }
    }

    static RouteOp create(FibRoute r, int protocol) {
        return new RouteOp(Kind.CREATE, r, null, protocol);
    }

    static RouteOp replace(FibRoute r, int protocol) {
        return new RouteOp(Kind.REPLACE, r, null, protocol);
    }

    static RouteOp delete(KernelRoute k) {
        return new RouteOp(Kind.DELETE, null, k, k.protocol());
    }

    String describe() {
        return switch (kind) {
            case CREATE -> "RTM_NEWROUTE (create) " + route + " proto " + protocol;
            case REPLACE -> "RTM_NEWROUTE (replace) " + route + " proto " + protocol;
            case DELETE -> "RTM_DELROUTE " + existing.spec().destination() + " table "
                    + Integer.toUnsignedString(existing.spec().table()) + " proto " + protocol + " metric "
                    + existing.priority();
        };
    }
}
