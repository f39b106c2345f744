package dev.weft.dataplane.iptables;

import dev.weft.dataplane.iptables.exec.CommandRunner;
import dev.weft.dataplane.iptables.rules.IptablesBackend;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an {@link IptablesDataplane}. Start from {@link #defaults()} and change fields with
 * the {@code with*} methods.
 *
 * @param runner where the iptables/ipset tools run ({@link CommandRunner#local()} on a node;
 *     {@link CommandRunner#inNetns(String)} in tests and the lab)
 * @param backend the iptables back end, or null to {@link IptablesBackend#detect detect} it
 * @param ipSets which IP set implementation to use
 * @param interfacePrefix host-side Pod interface prefix ({@code wft})
 * @param allowMark the packet-mark bit meaning "allowed by policy" (one bit; default
 *     {@code 0x20000}, clear of kube-proxy's 0x4000/0x8000)
 * @param ipv6 program ip6tables as well as iptables
 * @param maxAttempts attempts of one apply before it fails closed (≥ 1)
 * @param initialBackoff sleep before the second attempt; doubled each time up to 2 s
 * @param replaceThreshold member changes of one set above which the set is rebuilt via temp + swap
 */
public record DataplaneConfig(CommandRunner runner, IptablesBackend backend, IpSetImplementation ipSets,
                              String interfacePrefix, int allowMark, boolean ipv6, int maxAttempts,
                              Duration initialBackoff, int replaceThreshold) {
    public DataplaneConfig {
        Objects.requireNonNull(runner, "runner");
        Objects.requireNonNull(ipSets, "ipSets");
        Objects.requireNonNull(interfacePrefix, "interfacePrefix");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("initialBackoff must not be negative");
        }
        if (replaceThreshold < 0) {
            throw new IllegalArgumentException("replaceThreshold must be >= 0");
        }
    }

    /**
     * Local namespace, detected back end, {@link IpSetImplementation#LIBIPSET} (the faster one by
     * measurement: see the module README), prefix {@code wft},
     * mark {@code 0x20000}, IPv6 on, 5 attempts from 50 ms, replacement above 1,000 changes.
     */
    public static DataplaneConfig defaults() {
        return new DataplaneConfig(CommandRunner.local(), null, IpSetImplementation.LIBIPSET, "wft", 0x20000, true, 5,
                Duration.ofMillis(50), 1000);
    }

    /** This config with another runner. */
    public DataplaneConfig withRunner(CommandRunner r) {
        return new DataplaneConfig(r, backend, ipSets, interfacePrefix, allowMark, ipv6, maxAttempts, initialBackoff, replaceThreshold);
    }

    /** This config with a fixed back end (null: detect). */
    public DataplaneConfig withBackend(IptablesBackend b) {
        return new DataplaneConfig(runner, b, ipSets, interfacePrefix, allowMark, ipv6, maxAttempts, initialBackoff, replaceThreshold);
    }

    /** This config with another IP set implementation. */
    public DataplaneConfig withIpSets(IpSetImplementation i) {
        return new DataplaneConfig(runner, backend, i, interfacePrefix, allowMark, ipv6, maxAttempts, initialBackoff, replaceThreshold);
    }

    /** This config with another retry policy. */
    public DataplaneConfig withRetries(int attempts, Duration backoff) {
        return new DataplaneConfig(runner, backend, ipSets, interfacePrefix, allowMark, ipv6, attempts, backoff, replaceThreshold);
    }

    /** This config with IPv6 (ip6tables) on or off. */
    public DataplaneConfig withIpv6(boolean on) {
        return new DataplaneConfig(runner, backend, ipSets, interfacePrefix, allowMark, on, maxAttempts, initialBackoff, replaceThreshold);
    }

    /** This config with another Pod interface prefix and "allowed" mark bit. */
    public DataplaneConfig withInterfaces(String prefix, int mark) {
        return new DataplaneConfig(runner, backend, ipSets, prefix, mark, ipv6, maxAttempts, initialBackoff, replaceThreshold);
    }

    /** This config with another replacement threshold. */
    public DataplaneConfig withReplaceThreshold(int threshold) {
        return new DataplaneConfig(runner, backend, ipSets, interfacePrefix, allowMark, ipv6, maxAttempts, initialBackoff, threshold);
    }
}
