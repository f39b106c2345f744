package dev.weft.model.ipset;

import java.net.Inet4Address;
import java.net.InetAddress;

/** An IP address family, as ipset ({@code family inet|inet6}) and iptables/ip6tables split them. */
public enum IpFamily {
    /** IPv4: ipset {@code family inet}, rendered with iptables. */
    V4("inet"),
    /** IPv6: ipset {@code family inet6}, rendered with ip6tables. */
    V6("inet6");

    private final String ipsetName;

    IpFamily(String ipsetName) {
        this.ipsetName = ipsetName;
    }

    /** The family keyword of {@code ipset create ... family <name>}: {@code inet} or {@code inet6}. */
    public String ipsetName() {
        return ipsetName;
    }

    /** The family of {@code address}. */
    public static IpFamily of(InetAddress address) {
        return address instanceof Inet4Address ? V4 : V6;
    }
}
