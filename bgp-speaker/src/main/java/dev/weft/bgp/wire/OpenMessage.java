package dev.weft.bgp.wire;

import java.net.Inet4Address;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * OPEN (RFC 4271 §4.2) with its Capabilities optional parameters (RFC 5492 §4).
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+  Version (1)
 * |     My Autonomous System (2)  |   AS_TRANS 23456 when the real AS needs 4 octets (RFC 6793)
 * |           Hold Time (2)       |   seconds; 0 or at least 3
 * |         BGP Identifier (4)    |
 * | Opt Parm Len  |  Optional Parameters (type 2 = Capabilities) ...
 * </pre>
 *
 * @param version BGP version, 4
 * @param myAs the 2-octet My Autonomous System field
 * @param holdTime proposed hold time in seconds
 * @param bgpIdentifier the sender's BGP Identifier
 * @param capabilities capabilities in the order sent
 */
public record OpenMessage(int version, int myAs, int holdTime, Inet4Address bgpIdentifier, List<Capability> capabilities)
        implements BgpMessage {

    /** The only version this speaker supports. */
    public static final int VERSION = 4;
    /** AS_TRANS (RFC 6793 §9). */
    public static final int AS_TRANS = 23456;

    public OpenMessage {
        Objects.requireNonNull(bgpIdentifier, "bgpIdentifier");
        capabilities = List.copyOf(capabilities);
        if (version < 0 || version > 255 || myAs < 0 || myAs > 0xffff || holdTime < 0 || holdTime > 0xffff) {
            throw new IllegalArgumentException("OPEN field out of range");
        }
    }

    /**
     * The OPEN for a local AS: My AS is AS_TRANS when {@code localAs} needs 4 octets; the
     * 4-octet AS capability always carries the real AS.
     */
    public static OpenMessage of(long localAs, int holdTime, Inet4Address bgpIdentifier, List<Capability> capabilities) {
        int myAs = localAs > 0xffff ? AS_TRANS : (int) localAs;
        return new OpenMessage(VERSION, myAs, holdTime, bgpIdentifier, capabilities);
    }

    /** The AS of the 4-octet AS capability, if present. */
    public Optional<Long> fourOctetAs() {
        return capabilities.stream().filter(Capability.FourOctetAs.class::isInstance)
                .map(c -> ((Capability.FourOctetAs) c).asn()).findFirst();
    }

    /** The sender's AS: the 4-octet capability's value if present, else My AS. */
    public long effectiveAs() {
        return fourOctetAs().orElse((long) myAs);
    }

    /** True if the Route Refresh capability is present. */
    public boolean supportsRouteRefresh() {
        return capabilities.stream().anyMatch(Capability.RouteRefresh.class::isInstance);
    }

    /** The address families of the Multiprotocol capabilities (RFC 4760 §8), in order. */
    public List<AddressFamily> families() {
        return capabilities.stream().map(c -> c instanceof Capability.MultiProtocol mp ? mp.family() : null)
                .filter(java.util.Objects::nonNull).toList();
    }

    /** True if the Enhanced Route Refresh capability is present (RFC 7313 §3). */
    public boolean supportsEnhancedRouteRefresh() {
        return capabilities.stream().anyMatch(Capability.EnhancedRouteRefresh.class::isInstance);
    }

    /** True if the Extended Message capability is present (RFC 8654 §3). */
    public boolean supportsExtendedMessage() {
        return capabilities.stream().anyMatch(Capability.ExtendedMessage.class::isInstance);
    }

    /** The Graceful Restart capability, if present (RFC 4724 §3). */
    public Optional<Capability.GracefulRestart> gracefulRestart() {
        return capabilities.stream().filter(Capability.GracefulRestart.class::isInstance)
                .map(Capability.GracefulRestart.class::cast).findFirst();
    }

    /** The BGP Role capability's role, if present (RFC 9234 §4.1). */
    public Optional<Integer> role() {
        return capabilities.stream().filter(Capability.Role.class::isInstance)
                .map(c -> ((Capability.Role) c).role()).findFirst();
    }

    @Override
    public MessageType type() {
        return MessageType.OPEN;
    }
}
