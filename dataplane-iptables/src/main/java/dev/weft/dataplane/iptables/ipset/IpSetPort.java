package dev.weft.dataplane.iptables.ipset;

import java.util.List;
import java.util.Map;

/**
 * The kernel's IP sets, through one of two implementations: {@link RestoreIpSetPort} (the
 * {@code ipset} tool: {@code ipset save} and {@code ipset restore}) and {@link LibIpSetPort}
 * (libipset called in process through jnr-ffi). Both see the network namespace they were made for.
 */
public interface IpSetPort extends AutoCloseable {
    /**
     * Every set whose name starts with {@code prefix}, with its header and members.
     *
     * @throws IpSetException if listing fails
     */
    Map<String, KernelIpSet> list(String prefix);

    /**
     * Executes {@code ops} in order, stopping at the first failure. Not atomic: the ops before
     * the failing one stay applied (ipset(8) restore semantics).
     *
     * @throws IpSetException naming the failing op and the kernel's reason
     */
    void execute(List<IpSetOp> ops);

    /** A short name for reports: {@code ipset-restore} or {@code libipset}. */
    String name();

    @Override
    void close();
}
