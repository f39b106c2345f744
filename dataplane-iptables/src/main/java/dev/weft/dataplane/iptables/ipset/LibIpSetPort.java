package dev.weft.dataplane.iptables.ipset;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@link IpSetPort} through {@link LibIpSet}: libipset in process, on a thread inside the node's
 * network namespace. A batch is one restore-mode parse (adds/dels aggregated into few netlink
 * messages); libipset carries on after a failing line, and every error is reported.
 */
public final class LibIpSetPort implements IpSetPort {
    private final LibIpSet lib;

    private LibIpSetPort(LibIpSet lib) {
        this.lib = lib;
    }

    /**
     * Opens libipset for the network namespace at {@code netns} ({@code /var/run/netns/NAME}; null:
     * the process's own).
     *
     * @throws IllegalStateException if libipset cannot be loaded or the namespace entered
     */
    public static LibIpSetPort open(Path netns) {
        return new LibIpSetPort(LibIpSet.open(netns));
    }

    /** The underlying binding. */
    public LibIpSet binding() {
        return lib;
    }

    @Override
    public Map<String, KernelIpSet> list(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        return lib.list(prefix);
    }

    @Override
    public void execute(List<IpSetOp> ops) {
        lib.restore(ops.stream().map(IpSetOp::restoreLine).toList());
    }

    @Override
    public String name() {
        return "libipset";
    }

    @Override
    public void close() {
        lib.close();
    }
}
