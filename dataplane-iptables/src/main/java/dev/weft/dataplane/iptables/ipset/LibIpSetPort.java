package dev.weft.dataplane.iptables.ipset;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** libipset through jnr-ffi (being written). */
public final class LibIpSetPort implements IpSetPort {
    private LibIpSetPort() {}

    /** Opens libipset in the namespace at {@code netnsPath} (null: the caller's). */
    public static LibIpSetPort open(Path netnsPath) {
        throw new IllegalStateException("libipset port not available yet");
    }

    @Override
    public Map<String, KernelIpSet> list(String prefix) {
        throw new IllegalStateException();
    }

    @Override
    public void execute(List<IpSetOp> ops) {
        throw new IllegalStateException();
    }

    @Override
    public String name() {
        return "libipset";
    }

    @Override
    public void close() {
    }
}
