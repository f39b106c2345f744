package dev.weft.model.route;

import dev.weft.common.net.IpPrefix;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One desired kernel route: a destination prefix reached through a gateway and/or an output
 * device, in a routing table. Drivers own routes by {@code RouteSpec}'s destination within the
 * table; the route protocol number is the driver's (Weft's own), not part of the spec.
 *
 * @param destination destination prefix (IPv4 or IPv6)
 * @param gateway next hop, or empty for a directly connected route (then {@code device} is set)
 * @param device output interface name, or empty to let the kernel resolve it from the gateway
 * @param table kernel routing table id (254 = main)
 */
public record RouteSpec(IpPrefix destination, Optional<InetAddress> gateway, Optional<String> device, int table) {
    /** The kernel's main routing table (RT_TABLE_MAIN). */
    public static final int MAIN_TABLE = 254;

    public RouteSpec {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(device, "device");
        if (gateway.isEmpty() && device.isEmpty()) {
            throw new IllegalArgumentException("route to " + destination + " needs a gateway or a device");
        }
        if (table <= 0) {
            throw new IllegalArgumentException("invalid routing table " + table);
        }
    }

    /** A route in the main table via {@code gateway}. */
    public static RouteSpec via(IpPrefix destination, InetAddress gateway) {
        return new RouteSpec(destination, Optional.of(gateway), Optional.empty(), MAIN_TABLE);
    }

    /** A directly connected route in the main table out of {@code device}. */
    public static RouteSpec dev(IpPrefix destination, String device) {
        return new RouteSpec(destination, Optional.empty(), Optional.of(device), MAIN_TABLE);
    }
}
