package dev.weft.bgp.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** This JVM's sockets as the kernel lists them (tests: leaks of connections and listeners). */
final class ProcSockets {
    private ProcSockets() {}

    /** Inodes of the sockets this JVM holds open (/proc/self/fd links "socket:[inode]"). */
    static Set<String> ownSocketInodes() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return inodes;
    }
}
