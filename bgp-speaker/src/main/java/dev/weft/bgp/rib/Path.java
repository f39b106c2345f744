package dev.weft.bgp.rib;

import dev.weft.bgp.wire.AsPaths;
import dev.weft.common.net.IpPrefix;
import java.util.Objects;

/**
 * A route to a prefix learned from one peer (an Adj-RIB-In entry).
 *
 * @param prefix the destination
 * @param attributes its path attributes
 * @param source the peer it came from
 */
public record Path(IpPrefix prefix, RouteAttributes attributes, RibPeer source) {
    /** LOCAL_PREF assumed when none applies (RFC 4271 §5.1.5 leaves it local; 100 is customary). */
    public static final long DEFAULT_LOCAL_PREF = 100;

    public Path {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(source, "source");
    }

    /**
     * The degree of preference (RFC 4271 §9.1.1): LOCAL_PREF for iBGP routes, the default for
     * eBGP routes (a LOCAL_PREF received over eBGP is ignored, RFC 7606 §7.5).
     */
    public long localPref() {
        return source.ebgp() ? DEFAULT_LOCAL_PREF : attributes.localPref().orElse(DEFAULT_LOCAL_PREF);
    }

    /** MULTI_EXIT_DISC, 0 if absent (RFC 4271 §9.1.2.2 c). */
    public long med() {
        return attributes.med().orElse(0L);
    }

    /** The neighbouring AS for MED comparison: the first AS of the path, or the peer's AS for an empty path. */
    public long neighborAs() {
        var path = attributes.asPath();
        if (!path.isEmpty() && path.get(0).type() == dev.weft.bgp.wire.AsPathSegment.Type.AS_SEQUENCE) {
            return path.get(0).asns().get(0);
        }
        return path.isEmpty() && !source.ebgp() ? 0 : source.asn();
    }

    /** AS path length for selection. */
    public int asPathLength() {
        return AsPaths.selectionLength(attributes.asPath());
    }
}
