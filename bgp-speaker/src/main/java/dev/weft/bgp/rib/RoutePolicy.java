package dev.weft.bgp.rib;

import java.util.Optional;

/**
 * An import or export policy as the RIB applies it: a pure function from a route to the route
 * to use, or empty to reject it. {@code dev.weft.bgp.policy.Policy} is the configurable one.
 *
 * <p>Import: applied to each route of an Adj-RIB-In before it becomes a Loc-RIB candidate
 * ({@code path == original}). Export: applied to the route as it will be sent (AS prepended,
 * NEXT_HOP set by the export rules of RFC 4271 §5.1.3 / RFC 4456 §10); {@code original} is the
 * Loc-RIB route it comes from, so "next-hop keep" can restore its next hop.
 */
@FunctionalInterface
public interface RoutePolicy {
    /** Accepts every route unchanged. */
    RoutePolicy ACCEPT_ALL = new RoutePolicy() {
        @Override
        public Optional<Path> apply(Path path, Path original) {
            return Optional.of(path);
        }

        @Override
        public boolean prefixIndependent() {
            return true;
        }

        @Override
        public String toString() {
            return "accept-all";
        }
    };

    /** Rejects every route (RFC 8212 for an eBGP peer without explicit policy). */
    RoutePolicy REJECT_ALL = new RoutePolicy() {
        @Override
        public Optional<Path> apply(Path path, Path original) {
            return Optional.empty();
        }

        @Override
        public boolean prefixIndependent() {
            return true;
        }

        @Override
        public boolean rejectsAll() {
            return true;
        }

        @Override
        public String toString() {
            return "reject-all";
        }
    };

    /**
     * @param path the route to decide on
     * @param original import: the same route; export: the Loc-RIB route it was derived from
     * @return the route to use (possibly with changed attributes), or empty to reject
     */
    Optional<Path> apply(Path path, Path original);

    /**
     * True if the result never depends on the prefix, so the RIB may reuse it for every prefix
     * with the same attributes and source.
     */
    default boolean prefixIndependent() {
        return false;
    }

    /**
     * True if this policy rejects every route whatever its attributes (then an export pass to a
     * peer whose Adj-RIB-Out is empty can be skipped: nothing would be sent).
     */
    default boolean rejectsAll() {
        return false;
    }
}
