package dev.weft.bgp.policy;

import dev.weft.bgp.rib.Path;
import dev.weft.bgp.rib.RouteAttributes;
import dev.weft.bgp.wire.LargeCommunity;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An action of a policy {@link Statement}: a pure function from a path to a path (accept and
 * reject are the statement's {@link Statement.Disposition}, not actions).
 */
public sealed interface Action {
    /**
     * @param path the path so far
     * @param original import: the same; export: the Loc-RIB path it was derived from
     * @return the changed path
     */
    Path apply(Path path, Path original);

    private static Path with(Path p, RouteAttributes a) {
        return a.equals(p.attributes()) ? p : new Path(p.prefix(), a, p.source());
    }

    /** Set LOCAL_PREF (RFC 4271 §5.1.5; only iBGP peers receive it). */
    record SetLocalPref(long value) implements Action {
        public SetLocalPref {
            checkU32(value);
        }

        @Override
        public Path apply(Path path, Path original) {
            return with(path, path.attributes().withLocalPref(Optional.of(value)));
        }
    }

    /** Set MULTI_EXIT_DISC (RFC 4271 §5.1.4); empty removes it. */
    record SetMed(Optional<Long> value) implements Action {
        public SetMed {
            value.ifPresent(Action::checkU32);
        }

        @Override
        public Path apply(Path path, Path original) {
            return with(path, path.attributes().withMed(value));
        }
    }

    /** How a community list action changes the route's list. */
    enum Mode {
        /** Append the values not already present. */
        ADD,
        /** Drop every occurrence of the values. */
        REMOVE,
        /** Replace the list with the values. */
        SET
    }

    /** Add, remove or set COMMUNITIES values (RFC 1997). */
    record Communities(Mode mode, List<Long> values) implements Action {
        public Communities {
            values = List.copyOf(values);
            values.forEach(Action::checkU32);
        }

        @Override
        public Path apply(Path path, Path original) {
            return with(path, path.attributes().withCommunities(change(mode, path.attributes().communities(), values)));
        }
    }

    /** Add, remove or set large communities (RFC 8092). */
    record LargeCommunities(Mode mode, List<LargeCommunity> values) implements Action {
        public LargeCommunities {
            values = List.copyOf(values);
        }

        @Override
        public Path apply(Path path, Path original) {
            return with(path, path.attributes().withLargeCommunities(
                    change(mode, path.attributes().largeCommunities(), values)));
        }
    }

    /**
     * Next hop self: on export, our own address on the session (the RIB fills it in for the
     * unspecified address this action sets); on import it has no effect.
     */
    record NextHopSelf() implements Action {
        @Override
        public Path apply(Path path, Path original) {
            InetAddress any = path.prefix().isIpv4() ? ANY4 : ANY6;
            return with(path, path.attributes().withNextHop(any, Optional.empty()));
        }
    }

    /** Next hop keep (unchanged): on export, the next hop of the Loc-RIB route (e.g. for a route server). */
    record NextHopKeep() implements Action {
        @Override
        public Path apply(Path path, Path original) {
            RouteAttributes o = original.attributes();
            return with(path, path.attributes().withNextHop(o.nextHop(), o.linkLocalNextHop()));
        }
    }

    /** 0.0.0.0: "self" for IPv4. */
    Inet4Address ANY4 = (Inet4Address) dev.weft.common.net.IpAddresses.parse("0.0.0.0");
    /** ::: "self" for IPv6. */
    Inet6Address ANY6 = (Inet6Address) dev.weft.common.net.IpAddresses.parse("::");

    private static <T> List<T> change(Mode mode, List<T> have, List<T> values) {
        switch (mode) {
            case SET:
                return values;
            case REMOVE: {
                List<T> out = new ArrayList<>(have);
                out.removeAll(values);
                return out;
            }
            default: {
                Set<T> out = new LinkedHashSet<>(have);
                out.addAll(values);
                return new ArrayList<>(out);
            }
        }
    }

    private static void checkU32(long v) {
        if (v < 0 || v > 0xffffffffL) {
            throw new IllegalArgumentException("value out of 32-bit range: " + v);
        }
    }
}
