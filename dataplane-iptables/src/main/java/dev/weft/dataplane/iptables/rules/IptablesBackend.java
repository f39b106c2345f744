package dev.weft.dataplane.iptables.rules;

import dev.weft.dataplane.iptables.exec.CommandResult;
import dev.weft.dataplane.iptables.exec.CommandRunner;
import dev.weft.model.ipset.IpFamily;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The two iptables back ends shipped by iptables 1.8 ({@code iptables-nft*}, the nf_tables
 * compatibility layer and Debian 12's default, and {@code iptables-legacy*}, the x_tables one).
 * Rules written through one are invisible to the other's save, and a node must use the one its
 * other components (kube-proxy, the container runtime) use.
 */
public enum IptablesBackend {
    /** {@code iptables-nft-restore} / {@code iptables-nft-save} (and ip6tables-nft-*). */
    NFT("nft"),
    /** {@code iptables-legacy-restore} / {@code iptables-legacy-save} (and ip6tables-legacy-*). */
    LEGACY("legacy");

    private final String suffix;

    IptablesBackend(String suffix) {
        this.suffix = suffix;
    }

    /**
     * {@code iptables-<mode>-restore --noflush} (IPv4) or {@code ip6tables-<mode>-restore --noflush}
     * (IPv6); the legacy tool also waits up to 10 s for the xtables lock ({@code -w 10}) that
     * kube-proxy and other legacy users hold while they write.
     */
    public List<String> restoreCommand(IpFamily family) {
        return this == LEGACY ? List.of(tool(family) + "-restore", "--noflush", "-w", "10") : List.of(tool(family) + "-restore", "--noflush");
    }

    /** {@code iptables-<mode>-save -t TABLE} or its ip6tables twin. */
    public List<String> saveCommand(IpFamily family, String table) {
        return List.of(tool(family) + "-save", "-t", table);
    }

    private String tool(IpFamily family) {
        return (family == IpFamily.V4 ? "iptables-" : "ip6tables-") + suffix;
    }

    /**
     * Detects the back end in use, as kube-proxy's and Calico's detection does: the one whose save
     * shows more rules (IPv4 and IPv6 together) wins; on a tie, including an empty node, {@link
     * #NFT}. A back end whose tools are missing or fail counts as having no rules.
     *
     * @param runner where to run the save commands (the node's network namespace)
     */
    public static IptablesBackend detect(CommandRunner runner) {
        long legacy = countRules(runner, LEGACY);
        long nft = countRules(runner, NFT);
        return legacy > nft ? LEGACY : NFT;
    }

    private static long countRules(CommandRunner runner, IptablesBackend backend) {
        long n = 0;
        for (IpFamily family : IpFamily.values()) {
            CommandResult r;
            try {
                r = runner.run(List.of(backend.tool(family) + "-save"), null);
            } catch (UncheckedIOException e) {
                continue;
            }
            if (r.ok()) {
                n += r.stdout().lines().filter(l -> l.startsWith("-A ")).count();
            }
        }
        return n;
    }
}
